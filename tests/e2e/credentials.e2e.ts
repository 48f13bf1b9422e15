import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, simulatorControl } from './support';

test.beforeEach(async () => {
	await simulatorControl('reset');
});

async function toCredentialStep(page: Page, method: RegExp) {
	await page.goto('/settings/integrations/azure-devops');
	await page.getByRole('radio', { name: /Azure DevOps Services/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('textbox', { name: 'Organization' }).fill('fabrikam');
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('radio', { name: method }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Credential' })).toBeVisible();
}

/** Clicks Sign in, answers the authority's consent page in the pop-up. */
async function signIn(page: Page, decision: 'Accept' | 'Deny') {
	const popupPromise = page.context().waitForEvent('page');
	await page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' }).click();
	const popup = await popupPromise;
	await expect(popup.getByRole('heading', { name: 'Permissions requested' })).toBeVisible({ timeout: 10_000 });
	await expect(popup.getByText('vso.work_write')).toBeVisible();
	await expect(popup.getByText('vso.project')).toBeVisible();
	await popup.getByRole('button', { name: decision }).click();
	return popup;
}

test('OAuth (Entra ID) round trip: consent, code + PKCE redeemed in the tab, token in memory only, saved target', async ({ page }) => {
	const urls: string[] = [];
	page.context().on('request', (r) => urls.push(r.url()));
	await toCredentialStep(page, /OAuth \(Microsoft Entra ID\)/);
	await expect(page.getByText(/accepts no new apps and is being retired/)).toBeVisible();
	await expectAccessible(page, 'credential (oauth)');
	await signIn(page, 'Accept');
	await expect(page.getByRole('heading', { level: 2, name: 'Project' })).toBeVisible({ timeout: 15_000 });
	// The PKCE request lived in memory: nothing in session storage, the callback URL is clean.
	expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
	const tokenRequests = urls.filter((u) => u.includes('/oauth2/v2.0/token'));
	expect(tokenRequests).toHaveLength(1);
	expect(urls.filter((u) => u.includes('/oauth2/v2.0/authorize'))[0]).toContain('code_challenge_method=S256');
	// No request URL ever carries an access token (JWTs start with eyJ).
	expect(urls.filter((u) => /eyJ[A-Za-z0-9_-]{10,}\./.test(u))).toEqual([]);
	await page.getByRole('listbox', { name: 'Project' }).selectOption({ label: 'Fabrikam Fiber' });
	await page.getByRole('button', { name: 'Use this project' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Scopes' })).toBeVisible({ timeout: 10_000 });
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'Run dry-run create' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Review and save' })).toBeVisible({ timeout: 10_000 });
	await page.getByRole('button', { name: 'Save target' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Saved' })).toBeVisible({ timeout: 10_000 });
	await expect(page.getByText(/sha256:[0-9a-f]{16}/).first()).toBeVisible();
});

test('OAuth consent denied → PROVIDER_AUTH_REQUIRED with the fix; nothing is stored', async ({ page }) => {
	await toCredentialStep(page, /OAuth \(Microsoft Entra ID\)/);
	await signIn(page, 'Deny');
	await expect(page.getByText(/PROVIDER_AUTH_REQUIRED: Consent was declined/)).toBeVisible({ timeout: 10_000 });
	await expect(page.getByText(/AADSTS65004/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' })).toBeEnabled();
});

test('OAuth blocked by the organization policy (TF400813) → PROVIDER_AUTH_REQUIRED', async ({ page }) => {
	await simulatorControl('faults', { oauthBlockedByPolicy: true });
	await toCredentialStep(page, /OAuth \(Microsoft Entra ID\)/);
	await signIn(page, 'Accept');
	await expect(page.getByRole('heading', { name: 'Blocked: PROVIDER_AUTH_REQUIRED' })).toBeVisible({ timeout: 15_000 });
});
