import { expect, test, type Page } from '@playwright/test';
import { DEMO_TOKENS } from '../../src/simulator/demo-tokens';
import { expectAccessible, SIMULATOR } from './support';

const token = (id: (typeof DEMO_TOKENS)[number]['id']) =>
	DEMO_TOKENS.find((t) => t.id === id)?.token ?? '';
const SERVER_URL = `${SIMULATOR}/ado2022/DefaultCollection`;

async function startSetup(page: Page) {
	await page.goto('/settings');
	await expect(
		page.getByRole('heading', { name: 'Integration status: Azure DevOps' })
	).toBeVisible();
	await expectAccessible(page, 'Integration status');
	await page.getByRole('button', { name: 'Set up Azure DevOps target' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Azure DevOps target' })).toBeFocused();
}

async function chooseServer(page: Page) {
	await page.getByRole('radio', { name: /Azure DevOps Server/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Server confirmations' })).toBeVisible();
}

async function confirmAll(page: Page) {
	for (const name of [
		/owns this Azure DevOps Server/,
		/collection and project API is reachable/,
		/authorized scanning and exporting/
	]) {
		await page.getByRole('checkbox', { name }).check();
	}
	await page.getByRole('button', { name: 'Continue to the server URL' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Server URL' })).toBeVisible();
}

async function checkUrl(page: Page, url: string) {
	await page.getByLabel('Collection URL (base_url)').fill(url);
	await page.getByRole('button', { name: 'Check URL' }).click();
}

async function toCredential(page: Page, url = SERVER_URL) {
	await startSetup(page);
	await chooseServer(page);
	await confirmAll(page);
	await checkUrl(page, url);
	await expect(page.getByRole('heading', { level: 2, name: 'Network path' })).toBeVisible();
	await page.getByRole('button', { name: 'Confirm network path' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Credential' })).toBeVisible();
}

async function submitToken(page: Page, value: string) {
	await page.getByRole('textbox', { name: 'Personal access token' }).fill(value);
	await page.getByRole('button', { name: 'Check the token' }).click();
}

test('Server path reaches the project list with a least-privilege PAT, accessible at every step', async ({
	page
}) => {
	await startSetup(page);
	await expectAccessible(page, 'provider step');
	await chooseServer(page);
	await expect(page.getByText('azure_devops_server').first()).toBeVisible();
	await expectAccessible(page, 'confirmations');
	await confirmAll(page);
	await expectAccessible(page, 'server URL');
	await checkUrl(page, SERVER_URL);
	await expect(page.getByRole('heading', { level: 2, name: 'Network path' })).toBeVisible();
	await expectAccessible(page, 'network path');
	await page.getByRole('button', { name: 'Confirm network path' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Credential' })).toBeVisible();
	await expectAccessible(page, 'credential');
	await submitToken(page, token('least-privilege'));
	await expect(page.getByRole('heading', { level: 2, name: 'Project' })).toBeVisible({
		timeout: 10_000
	});
	await expect(
		page.getByLabel('Project', { exact: true }).locator('option', { hasText: 'Fabrikam Fiber' })
	).toHaveCount(1);
	await expectAccessible(page, 'project');
	// The token never lands in the page's storage or URL.
	expect(page.url()).not.toContain(token('least-privilege'));
	const stored = await page.evaluate(async () => {
		const dump: string[] = [];
		for (const info of await indexedDB.databases()) {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const req = indexedDB.open(info.name as string);
				req.onsuccess = () => resolve(req.result);
				req.onerror = () => reject(req.error);
			});
			for (const name of Array.from(db.objectStoreNames)) {
				const all = await new Promise<unknown[]>((resolve, reject) => {
					const req = db.transaction(name).objectStore(name).getAll();
					req.onsuccess = () => resolve(req.result);
					req.onerror = () => reject(req.error);
				});
				dump.push(JSON.stringify(all));
			}
			db.close();
		}
		return dump.join('\n') + JSON.stringify(localStorage) + JSON.stringify(sessionStorage);
	});
	expect(stored).toContain('ado2022/DefaultCollection');
	expect(stored).not.toContain(token('least-privilege'));
});

test('a reload mid-flow resumes at the same step with the same inputs, and asks for the token again', async ({
	page
}) => {
	await startSetup(page);
	await chooseServer(page);
	await confirmAll(page);
	await page.getByLabel('Collection URL (base_url)').fill('https://typed but not sent');
	await page.getByRole('button', { name: 'Check URL' }).click();
	await expect(page.getByText(/full URL|https:\/\//).first()).toBeVisible();
	await page.reload();
	await expect(page.getByRole('heading', { level: 2, name: 'Server URL' })).toBeVisible();
	await expect(page.getByLabel('Collection URL (base_url)')).toHaveValue(
		'https://typed but not sent'
	);
	await checkUrl(page, SERVER_URL);
	await page.getByRole('button', { name: 'Confirm network path' }).click();
	await submitToken(page, token('least-privilege'));
	await expect(page.getByRole('heading', { level: 2, name: 'Project' })).toBeVisible({
		timeout: 10_000
	});
	await page.reload();
	await expect(page.getByRole('heading', { level: 2, name: 'Credential' })).toBeVisible();
	await expect(page.getByText(/kept only in memory until the target is saved/)).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Personal access token' })).toHaveValue('');
});

test('keyboard only: the Server path to the credential step without a mouse', async ({ page }) => {
	await page.goto('/settings');
	const start = page.getByRole('button', { name: 'Set up Azure DevOps target' });
	await start.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 2, name: 'Azure DevOps target' })).toBeFocused();
	// Tab into the radio group, arrow to Server, Tab to Continue.
	await page.keyboard.press('Tab');
	await expect(page.getByRole('radio', { name: /Azure DevOps Services/ })).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await expect(page.getByRole('radio', { name: /Azure DevOps Server/ })).toBeChecked();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 2, name: 'Server confirmations' })).toBeFocused();
	for (let i = 0; i < 3; i++) {
		await page.keyboard.press('Tab');
		await page.keyboard.press('Space');
	}
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 2, name: 'Server URL' })).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('Collection URL (base_url)')).toBeFocused();
	await page.keyboard.type(SERVER_URL);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 2, name: 'Network path' })).toBeFocused();
	await page.getByRole('button', { name: 'Confirm network path' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 2, name: 'Credential' })).toBeFocused();
});

test('two tabs on one draft: the second is told instead of silently overwriting', async ({
	context
}) => {
	const first = await context.newPage();
	await startSetup(first);
	await chooseServer(first);
	const second = await context.newPage();
	await second.goto('/settings/integrations/azure-devops');
	await expect(
		second.getByRole('heading', { level: 2, name: 'Server confirmations' })
	).toBeVisible();
	// The first tab moves on; the second tab still shows the older draft and is told.
	await confirmAll(first);
	await expect(second.getByText(/changed in another tab/)).toBeVisible();
	await second.getByRole('checkbox', { name: /owns this Azure DevOps Server/ }).uncheck();
	await expect(second.getByRole('button', { name: "Keep this tab's version" })).toBeVisible();
	// Reloading the first shows its own progress, not the second tab's edit.
	await first.reload();
	await expect(first.getByRole('heading', { level: 2, name: 'Server URL' })).toBeVisible();
});

const blockedCases = [
	{
		name: 'a bad PAT',
		url: SERVER_URL,
		pat: 'not-a-real-token-000000000000000000000000000000000000',
		code: 'PROVIDER_AUTH_REQUIRED'
	},
	{
		name: 'an expired PAT',
		url: SERVER_URL,
		pat: () => token('expired'),
		code: 'PROVIDER_AUTH_REQUIRED'
	},
	{
		name: 'a TFS 2018 collection',
		url: `${SIMULATOR}/tfs2018/DefaultCollection`,
		pat: () => token('least-privilege'),
		code: 'PROVIDER_API_VERSION_UNSUPPORTED'
	}
] as const;

for (const c of blockedCases) {
	test(`${c.name} shows ${c.code} and what to fix`, async ({ page }) => {
		await toCredential(page, c.url);
		await submitToken(page, typeof c.pat === 'function' ? c.pat() : c.pat);
		await expect(page.getByRole('heading', { name: `Blocked: ${c.code}` })).toBeVisible({
			timeout: 10_000
		});
		await expect(page.getByText('What to fix next:').first()).toBeVisible();
		await expectAccessible(page, `blocked ${c.code}`);
	});
}

test('a private address without an allowlist entry is blocked before any token is accepted', async ({
	page
}) => {
	await startSetup(page);
	await chooseServer(page);
	await confirmAll(page);
	// An IP literal in private space: refused by URL safety, so no packet is ever sent to it.
	await checkUrl(page, 'https://10.20.30.40/tfs/DefaultCollection');
	await expect(
		page.getByRole('heading', { name: 'Blocked: PROVIDER_BASE_URL_BLOCKED' })
	).toBeVisible({ timeout: 10_000 });
	await expect(page.getByRole('textbox', { name: 'Personal access token' })).toHaveCount(0);
	await expectAccessible(page, 'blocked base URL');
	await page.getByRole('button', { name: 'Fix it' }).click();
	await expect(page.getByLabel('Collection URL (base_url)')).toHaveValue(
		'https://10.20.30.40/tfs/DefaultCollection'
	);
});

test('the rules report is reachable from the wizard and reads the same rules the engine runs', async ({
	page
}) => {
	await page.goto('/settings/integrations/azure-devops');
	await page.getByRole('link', { name: 'How readiness is decided (rules)' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Azure DevOps setup rules' })
	).toBeVisible();
	// A rule id from rules/ and a blocked code it produces are listed.
	await expect(page.getByText('global-token').first()).toBeVisible();
	await expect(page.getByText('PROVIDER_CREDENTIAL_TOO_BROAD').first()).toBeVisible();
	await expectAccessible(page, 'rules report');
});
