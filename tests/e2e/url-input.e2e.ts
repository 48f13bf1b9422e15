import { expect, test } from '@playwright/test';
import { enterToken, SIMULATOR, toServerUrl } from './support';

// The Server URL field checks the string as typed before parsing it, and what the wizard keeps,
// reviews and saves is the canonical URL that was checked, never the typed spelling.

const CANONICAL = `${SIMULATOR}/ado2022/DefaultCollection`;
const port = new URL(SIMULATOR).port;

test('a corrected Server URL is checked, reviewed and saved in its canonical form', async ({
	page
}) => {
	await toServerUrl(page);
	// Uppercase scheme, a short IPv4 spelling and trailing slashes: all the same collection.
	const typed = `HTTP://127.1:${port}/ado2022/DefaultCollection//`;
	await page.getByLabel('Collection URL (base_url)').fill(typed);
	await page.getByRole('button', { name: 'Check URL' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Network path' })).toBeVisible({
		timeout: 10_000
	});
	await page.getByRole('button', { name: 'Confirm network path' }).click();
	await enterToken(page, 'least-privilege');

	await expect(page.getByRole('heading', { level: 2, name: 'Project' })).toBeVisible({
		timeout: 15_000
	});
	await page.getByRole('listbox', { name: 'Project' }).selectOption({ label: 'Fabrikam Fiber' });
	await page.getByRole('button', { name: 'Use this project' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Scopes' })).toBeVisible({
		timeout: 10_000
	});
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'Run dry-run create' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Review and save' })).toBeVisible({
		timeout: 10_000
	});
	const main = page.getByRole('main');
	await expect(main.getByText(CANONICAL, { exact: true }).first()).toBeVisible();
	await expect(main).not.toContainText('HTTP://127.1');
	await page.getByRole('button', { name: 'Save target' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Saved' })).toBeVisible({
		timeout: 10_000
	});

	// What was stored: the canonical URL, never the typed spelling.
	const stored = await page.evaluate(async () => {
		const dump: string[] = [];
		for (const info of await indexedDB.databases()) {
			if (!info.name) continue;
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const open = indexedDB.open(info.name as string);
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			for (const store of Array.from(db.objectStoreNames)) {
				const values = await new Promise<unknown[]>((resolve, reject) => {
					const req = db.transaction(store).objectStore(store).getAll();
					req.onsuccess = () => resolve(req.result as unknown[]);
					req.onerror = () => reject(req.error);
				});
				dump.push(JSON.stringify(values));
			}
			db.close();
		}
		return dump.join('\n') + JSON.stringify(localStorage);
	});
	expect(stored).toContain(CANONICAL);
	expect(stored).not.toContain('127.1:');
	expect(stored).not.toContain('DefaultCollection//');
});

const refused = [
	{
		name: 'a backslash',
		typed: `http://127.0.0.1:${port}\\@attacker.example/ado2022/DefaultCollection`,
		message: 'Use / instead of \\ in the URL.'
	},
	{
		name: 'a control character (TAB)',
		typed: `http://127.0.0.1:${port}/ado2022/Default\tCollection`,
		message: 'Remove the invisible control character (tab, line break or similar) from the URL.'
	},
	{
		name: 'an empty userinfo',
		typed: `http://@127.0.0.1:${port}/ado2022/DefaultCollection`,
		message: 'Remove the user name and password'
	},
	{
		name: 'fullwidth digits',
		typed: `http://１２７.0.0.1:${port}/ado2022/DefaultCollection`,
		message: 'Type digits and dots as plain 0-9'
	}
];

for (const c of refused) {
	test(`a Server URL with ${c.name} is refused beside the field, before any check`, async ({
		page
	}) => {
		await toServerUrl(page);
		const probes: string[] = [];
		page.on('request', (r) => {
			if (r.url().includes('/api/')) probes.push(r.url());
		});
		const field = page.getByLabel('Collection URL (base_url)');
		await field.fill(c.typed);
		await page.getByRole('button', { name: 'Check URL' }).click();
		await expect(field).toHaveAttribute('aria-invalid', 'true');
		await expect(page.locator('.field-error')).toContainText(c.message);
		await expect(page.getByRole('heading', { level: 2, name: 'Server URL' })).toBeVisible();
		expect(probes).toEqual([]);
	});
}
