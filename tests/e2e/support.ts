import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';
import { demoToken } from '../../src/simulator/demo-tokens';

const require = createRequire(import.meta.url);

/** Simulator the Playwright web server started next to the app (see playwright.config.ts). */
export const SIMULATOR = `http://127.0.0.1:${process.env.E2E_SIMULATOR_PORT ?? 8091}`;

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
	violations: Array<{
		id: string;
		impact: string | null;
		help: string;
		nodes: Array<{ target: unknown }>;
	}>;
}

/** axe-core in the page; fails on serious or critical violations and names them. */
export async function expectAccessible(page: Page, label: string) {
	// Evaluated through the driver: the app's CSP rightly refuses injected script tags.
	await page.evaluate(AXE_SOURCE);
	const result = (await page.evaluate(() =>
		(window as unknown as { axe: { run: (ctx: Document) => Promise<unknown> } }).axe.run(document)
	)) as AxeResult;
	const bad = result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map(
			(v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`
		);
	expect(bad, `accessibility on ${label}`).toEqual([]);
}

/** Flip simulator fault switches or reset it between tests. */
export async function simulatorControl(path: 'reset' | 'faults', body: unknown = {}) {
	const response = await fetch(`${SIMULATOR}/_simulator/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	expect(response.ok).toBe(true);
}

/** From the project list to a saved target, accepting the discovered defaults at each step. */
export async function saveWithDefaultMapping(page: Page, project = 'Fabrikam Fiber') {
	await expect(page.getByRole('heading', { level: 2, name: 'Project' })).toBeVisible({
		timeout: 15_000
	});
	await page.getByRole('listbox', { name: 'Project' }).selectOption({ label: project });
	await page.getByRole('button', { name: 'Use this project' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Scopes' })).toBeVisible({
		timeout: 10_000
	});
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'Run dry-run create' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Review and save' })).toBeVisible({
		timeout: 10_000
	});
	await page.getByRole('button', { name: 'Save target' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Saved' })).toBeVisible({
		timeout: 10_000
	});
}

export type DemoTokenId = Parameters<typeof demoToken>[0];

/** Server path from Integration status to the Server URL step: the three confirmations given. */
export async function toServerUrl(page: Page) {
	await page.goto('/settings');
	await page.getByRole('button', { name: 'Set up Azure DevOps target' }).click();
	await page.getByRole('radio', { name: /Azure DevOps Server/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
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

/** Server path from Integration status to the credential step: confirmations, URL checked, network path confirmed. */
export async function toServerCredential(page: Page, collection = 'ado2022/DefaultCollection') {
	await toServerUrl(page);
	await page.getByLabel('Collection URL (base_url)').fill(`${SIMULATOR}/${collection}`);
	await page.getByRole('button', { name: 'Check URL' }).click();
	await page.getByRole('button', { name: 'Confirm network path' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Credential' })).toBeVisible({
		timeout: 10_000
	});
}

/** Services path (demo origin) from Integration status to the credential step, by PAT unless `method` says otherwise. */
export async function toServicesCredential(
	page: Page,
	organization = 'fabrikam',
	method: RegExp = /Personal access token/
) {
	await page.goto('/settings');
	await page.getByRole('button', { name: 'Set up Azure DevOps target' }).click();
	await page.getByRole('radio', { name: /Azure DevOps Services/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('textbox', { name: 'Organization' }).fill(organization);
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('radio', { name: method }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Credential' })).toBeVisible({
		timeout: 10_000
	});
}

/** Pastes a demo PAT (or the given token text) and checks it. */
export async function enterToken(page: Page, token: DemoTokenId | { text: string }) {
	await expect(page.getByRole('heading', { level: 2, name: 'Credential' })).toBeVisible({
		timeout: 10_000
	});
	await page
		.getByRole('textbox', { name: 'Personal access token' })
		.fill(typeof token === 'string' ? demoToken(token).token : token.text);
	await page.getByRole('button', { name: 'Check the token' }).click();
}

/** Picks a project from the list and confirms it. */
export async function chooseProject(page: Page, name: string) {
	await expect(page.getByRole('heading', { level: 2, name: 'Project' })).toBeVisible({
		timeout: 10_000
	});
	await page.getByRole('listbox', { name: 'Project' }).selectOption({ label: name });
	await page.getByRole('button', { name: 'Use this project' }).click();
}
