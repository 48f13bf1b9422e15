import { expect, test, type Page } from '@playwright/test';
import { DEMO_TOKENS } from '../../src/simulator/demo-tokens';
import {
	enterToken,
	expectAccessible,
	saveWithDefaultMapping,
	simulatorControl,
	toServerCredential,
	toServicesCredential
} from './support';

const token = (id: (typeof DEMO_TOKENS)[number]['id']) =>
	DEMO_TOKENS.find((t) => t.id === id)?.token ?? '';

/** Every store of the app's IndexedDB as raw JSON text (what a forensic look at the profile would see). */
function rawIndexedDb(page: Page): Promise<Record<string, string>> {
	return page.evaluate(
		() =>
			new Promise<Record<string, string>>((resolve, reject) => {
				const open = indexedDB.open('webriskops-setup');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const names = [...db.objectStoreNames];
					const out: Record<string, string> = {};
					const tx = db.transaction(names);
					for (const name of names) {
						const req = tx.objectStore(name).getAll();
						req.onsuccess = () => {
							out[name] = JSON.stringify(req.result, (_k, v: unknown) =>
								v instanceof ArrayBuffer || ArrayBuffer.isView(v)
									? `bytes:${new Uint8Array(v instanceof ArrayBuffer ? v : v.buffer).length}`
									: v
							);
						};
					}
					tx.oncomplete = () => {
						db.close();
						resolve(out);
					};
					tx.onerror = () => reject(tx.error);
				};
			})
	);
}

async function openCredentialPage(page: Page) {
	await page.goto('/settings');
	await page
		.getByRole('link', { name: /Credential and audit/ })
		.first()
		.click();
	await expect(page.getByRole('heading', { level: 1, name: /credential and audit/ })).toBeVisible();
}

test.beforeEach(async () => {
	await simulatorControl('reset');
});

/** Clicks Sign in, answers the authority's consent page in the pop-up. */
async function signIn(page: Page, decision: 'Accept' | 'Deny') {
	const popupPromise = page.context().waitForEvent('page');
	await page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' }).click();
	const popup = await popupPromise;
	await expect(popup.getByRole('heading', { name: 'Permissions requested' })).toBeVisible({
		timeout: 10_000
	});
	await expect(popup.getByText('vso.work_write')).toBeVisible();
	await expect(popup.getByText('vso.project')).toBeVisible();
	await popup.getByRole('button', { name: decision }).click();
	return popup;
}

test('OAuth (Entra ID) round trip: consent, code + PKCE redeemed in the tab, token in memory only, saved target', async ({
	page
}) => {
	const urls: string[] = [];
	page.context().on('request', (r) => urls.push(r.url()));
	await toServicesCredential(page, 'fabrikam', /OAuth \(Microsoft Entra ID\)/);
	await expect(page.getByText(/accepts no new apps and is being\s+retired/)).toBeVisible();
	await expectAccessible(page, 'credential (oauth)');
	await signIn(page, 'Accept');
	await expect(page.getByRole('heading', { level: 2, name: 'Project' })).toBeVisible({
		timeout: 15_000
	});
	// The PKCE request lived in memory: nothing in session storage, the callback URL is clean.
	expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
	const tokenRequests = urls.filter((u) => u.includes('/oauth2/v2.0/token'));
	expect(tokenRequests).toHaveLength(1);
	expect(urls.filter((u) => u.includes('/oauth2/v2.0/authorize'))[0]).toContain(
		'code_challenge_method=S256'
	);
	// No request URL ever carries an access token (JWTs start with eyJ).
	expect(urls.filter((u) => /eyJ[A-Za-z0-9_-]{10,}\./.test(u))).toEqual([]);
	await saveWithDefaultMapping(page);
	await expect(page.getByText(/sha256:[0-9a-f]{16}/).first()).toBeVisible();
});

test('OAuth consent denied → PROVIDER_AUTH_REQUIRED with the fix; nothing is stored', async ({
	page
}) => {
	await toServicesCredential(page, 'fabrikam', /OAuth \(Microsoft Entra ID\)/);
	await signIn(page, 'Deny');
	await expect(page.getByText(/PROVIDER_AUTH_REQUIRED: Consent was declined/)).toBeVisible({
		timeout: 10_000
	});
	await expect(page.getByText(/AADSTS65004/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' })).toBeEnabled();
});

test('OAuth blocked by the organization policy (TF400813) → PROVIDER_AUTH_REQUIRED', async ({
	page
}) => {
	await simulatorControl('faults', { oauthBlockedByPolicy: true });
	await toServicesCredential(page, 'fabrikam', /OAuth \(Microsoft Entra ID\)/);
	await signIn(page, 'Accept');
	await expect(page.getByRole('heading', { name: 'Blocked: PROVIDER_AUTH_REQUIRED' })).toBeVisible({
		timeout: 15_000
	});
});

test('PAT target: saved, reloaded, verified again with the decrypted token; rotation after the token stopped working; deletion wipes the ciphertext', async ({
	page
}) => {
	const pat = token('least-privilege');
	await toServicesCredential(page);
	await enterToken(page, { text: pat });
	await saveWithDefaultMapping(page);

	// Reload: the saved screen comes back and Verify again decrypts the sealed token to probe.
	await page.reload();
	await page.getByRole('button', { name: 'Verify again' }).click();
	await expect(page.getByTestId('target-status')).toHaveText('Ready', { timeout: 15_000 });

	// At rest: one sealed credential, the token nowhere in any store.
	let raw = await rawIndexedDb(page);
	expect(Object.values(raw).join('\n')).not.toContain(pat);
	expect(raw.vault).toMatch(/"target_id"/);

	// The token stops working (revoked upstream): the target is blocked with PROVIDER_AUTH_REQUIRED.
	await simulatorControl('faults', { revokedTokens: ['least-privilege'] });
	await page.getByRole('button', { name: 'Verify again' }).click();
	await expect(page.getByTestId('target-status')).toHaveText(/PROVIDER_AUTH_REQUIRED/, {
		timeout: 15_000
	});

	await openCredentialPage(page);
	await expect(page.getByText(/Blocked until a new credential passes the checks/)).toBeVisible();
	await expectAccessible(page, 'credential page');
	// An expired token does not pass: nothing changes, the target stays blocked.
	await page.getByLabel('New personal access token').fill(token('expired'));
	await page.getByRole('button', { name: 'Check and replace the token' }).click();
	await expect(
		page.getByText(/^PROVIDER_AUTH_REQUIRED: .*The stored credential was not changed\./)
	).toBeVisible({ timeout: 15_000 });
	await expect(page.getByText(/Blocked until a new credential passes the checks/)).toBeVisible();
	// A working token passes and replaces it; the mapping is kept.
	await simulatorControl('reset');
	await page.getByLabel('New personal access token').fill(pat);
	await page.getByLabel('New token expiry date (token_expires_at)').fill('2027-01-31');
	await page.getByRole('button', { name: 'Check and replace the token' }).click();
	await expect(page.getByText(/Credential replaced and checked/)).toBeVisible({ timeout: 15_000 });
	await expect(page.getByRole('cell', { name: 'Credential rotated' })).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Check blocked' }).first()).toBeVisible();
	await expect(page.getByText('Ready', { exact: true })).toBeVisible();

	// Export: the audit history as JSON, no secret in it.
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export audit history (JSON)' }).click();
	const file = await download;
	const exported = await file
		.path()
		.then((p) => import('node:fs').then((fs) => fs.readFileSync(p, 'utf8')));
	expect(exported).toContain('credential.rotated');
	expect(exported).not.toContain(pat);

	// Delete: the ciphertext is wiped in the same transaction; the audit keeps target.deleted.
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Delete target' }).click();
	await expect(
		page.getByText('The target was deleted and its encrypted credential wiped.')
	).toBeVisible();
	raw = await rawIndexedDb(page);
	expect(raw.vault).toBe('[]');
	expect(raw.targets).toBe('[]');
	expect(raw.audit).toContain('target.deleted');
});

test('OAuth target whose token expired: blocked, then reconnected with a new Entra ID sign-in (new fingerprint)', async ({
	page
}) => {
	await simulatorControl('faults', { oauthTokenLifetimeSeconds: 20 });
	await toServicesCredential(page, 'fabrikam', /OAuth \(Microsoft Entra ID\)/);
	await signIn(page, 'Accept');
	await saveWithDefaultMapping(page);
	const before = (
		await page
			.getByText(/sha256:[0-9a-f]{16}/)
			.first()
			.textContent()
	)?.match(/sha256:[0-9a-f]{16}/)?.[0];
	// Wait for the short-lived token to expire, then Verify again.
	await page.waitForTimeout(21_000);
	await page.getByRole('button', { name: 'Verify again' }).click();
	await expect(page.getByTestId('target-status')).toHaveText(/PROVIDER_AUTH_REQUIRED/, {
		timeout: 15_000
	});
	await simulatorControl('reset');
	await openCredentialPage(page);
	const popupPromise = page.context().waitForEvent('page');
	await page.getByRole('button', { name: 'Reconnect with Microsoft Entra ID' }).click();
	const popup = await popupPromise;
	await popup.getByRole('button', { name: 'Accept' }).click();
	await expect(page.getByText(/Credential replaced and checked/)).toBeVisible({ timeout: 15_000 });
	const after = (await page.getByText(/New fingerprint sha256:[0-9a-f]{16}/).textContent())?.match(
		/sha256:[0-9a-f]{16}/
	)?.[0];
	expect(after).toBeTruthy();
	expect(after).not.toBe(before);
	await expect(page.getByRole('cell', { name: 'Credential rotated' })).toBeVisible();
});

/** Records every place a secret could leak from the browser side during one test. */
function watch(page: Page) {
	const seen = { console: [] as string[], urls: [] as string[] };
	page.on('console', (m) => seen.console.push(m.text()));
	page.context().on('request', (r) => seen.urls.push(r.url()));
	return seen;
}

async function expectNowhere(page: Page, seen: ReturnType<typeof watch>, canary: string) {
	const b64 = (s: string) => Buffer.from(s).toString('base64');
	const forms = [canary, encodeURIComponent(canary), b64(`:${canary}`)];
	const hits = (where: string, text: string) =>
		forms.filter((f) => text.includes(f)).map(() => where);
	// Diagnostics export, built while the token may still be in memory.
	await page.getByRole('button', { name: 'Copy diagnostics' }).click();
	const diagnostics = await page.getByLabel('Diagnostics (redacted JSON)').inputValue();
	expect(diagnostics).toContain('credential_fingerprint');
	const storage = await page.evaluate(() =>
		JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })
	);
	const raw = await rawIndexedDb(page);
	// The audit export, from the target's page.
	await openCredentialPage(page);
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export audit history (JSON)' }).click();
	const exported = await (
		await download
	)
		.path()
		.then((p) => import('node:fs').then((fs) => fs.readFileSync(p, 'utf8')));
	const found = [
		...hits('diagnostics', diagnostics),
		...hits('web storage', storage),
		...Object.entries(raw).flatMap(([store, text]) => hits(`indexeddb:${store}`, text)),
		...hits('audit export', exported),
		...seen.console.flatMap((c) => hits('console', c)),
		...seen.urls.flatMap((u) => hits(`url ${u.slice(0, 60)}`, u))
	];
	expect(found).toEqual([]);
	// The sealed blob is there (as bytes), so the check above looked at a real store.
	expect(raw.vault).toMatch(/bytes:\d+/);
}

test('canary: a Services PAT appears nowhere but the sealed blob and the Authorization header', async ({
	page
}) => {
	const seen = watch(page);
	const pat = token('least-privilege');
	await toServicesCredential(page);
	await enterToken(page, { text: pat });
	await saveWithDefaultMapping(page);
	await expectNowhere(page, seen, pat);
});

test('canary: a Server PAT appears nowhere but the sealed blob and the Authorization header', async ({
	page
}) => {
	const seen = watch(page);
	const pat = token('least-privilege');
	await toServerCredential(page);
	await enterToken(page, { text: pat });
	await saveWithDefaultMapping(page);
	await expectNowhere(page, seen, pat);
});

test('canary: an Entra ID access token appears nowhere but the sealed blob and the Authorization header', async ({
	page
}) => {
	const seen = watch(page);
	let accessToken = '';
	page.on('response', (r) => {
		if (r.url().includes('/oauth2/v2.0/token'))
			void r.json().then((j: { access_token?: string }) => (accessToken = j.access_token ?? ''));
	});
	await toServicesCredential(page, 'fabrikam', /OAuth \(Microsoft Entra ID\)/);
	await signIn(page, 'Accept');
	await saveWithDefaultMapping(page);
	expect(accessToken.length).toBeGreaterThan(100);
	await expectNowhere(page, seen, accessToken);
});
