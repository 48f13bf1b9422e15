import { expect, test, type Page } from '@playwright/test';
import { DEMO_TOKENS } from '../../src/simulator/demo-tokens';
import { expectAccessible, SIMULATOR } from './support';

const token = (id: (typeof DEMO_TOKENS)[number]['id']) => DEMO_TOKENS.find((t) => t.id === id)?.token ?? '';

async function chooseProject(page: Page, name: string) {
	await expect(page.getByRole('heading', { level: 2, name: 'Project' })).toBeVisible({ timeout: 10_000 });
	await page.getByRole('listbox', { name: 'Project' }).selectOption({ label: name });
	await page.getByRole('button', { name: 'Use this project' }).click();
}

async function mapAndSave(page: Page) {
	await expect(page.getByRole('heading', { level: 2, name: 'Scopes' })).toBeVisible({ timeout: 10_000 });
	await expectAccessible(page, 'scopes');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Work item mapping' })).toBeVisible();
	await expect(page.getByLabel('Work item type (work_item_type)')).toHaveValue('Bug');
	await expectAccessible(page, 'mapping');
	await page.getByRole('button', { name: 'Run dry-run create' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Review and save' })).toBeVisible({ timeout: 10_000 });
	await expectAccessible(page, 'review');
	await page.getByRole('button', { name: 'Save target' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Saved' })).toBeVisible({ timeout: 10_000 });
	await expect(page.getByText(/sha256:[0-9a-f]{16}/).first()).toBeVisible();
	await expectAccessible(page, 'saved');
}

test('Server path: a least-privilege PAT reaches a saved, ready target', async ({ page }) => {
	await page.goto('/settings');
	await page.getByRole('button', { name: 'Set up Azure DevOps target' }).click();
	await page.getByRole('radio', { name: /Azure DevOps Server/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	for (const name of [/owns this Azure DevOps Server/, /collection and project API is reachable/, /authorized scanning and exporting/]) {
		await page.getByRole('checkbox', { name }).check();
	}
	await page.getByRole('button', { name: 'Continue to the server URL' }).click();
	await page.getByLabel('Collection URL (base_url)').fill(`${SIMULATOR}/ado2022/DefaultCollection`);
	await page.getByRole('button', { name: 'Check URL' }).click();
	await page.getByRole('button', { name: 'Confirm network path' }).click();
	await page.getByRole('textbox', { name: 'Personal access token' }).fill(token('least-privilege'));
	await page.getByRole('button', { name: 'Check the token' }).click();
	await chooseProject(page, 'Fabrikam Fiber');
	await mapAndSave(page);
	await page.goto('/settings');
	await expect(page.getByRole('cell', { name: 'DefaultCollection/Fabrikam Fiber', exact: true })).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Ready' })).toBeVisible();
});

test('Services path (demo origin): organization, PAT and project to a saved, ready target', async ({ page }) => {
	await page.goto('/settings');
	await page.getByRole('button', { name: 'Set up Azure DevOps target' }).click();
	await expect(page.getByText('Demo: Azure DevOps Services calls go to the built-in simulator')).toBeVisible();
	await page.getByRole('radio', { name: /Azure DevOps Services/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('textbox', { name: 'Organization' }).fill('fabrikam');
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('radio', { name: /Personal access token/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Credential' })).toBeVisible();
	await page.getByRole('textbox', { name: 'Personal access token' }).fill(token('least-privilege'));
	await page.getByRole('button', { name: 'Check the token' }).click();
	await chooseProject(page, 'Fabrikam Fiber');
	await mapAndSave(page);
});

test('Services path: a global PAT is refused with PROVIDER_CREDENTIAL_TOO_BROAD', async ({ page }) => {
	await page.goto('/settings/integrations/azure-devops');
	await page.getByRole('radio', { name: /Azure DevOps Services/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('textbox', { name: 'Organization' }).fill('fabrikam');
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('radio', { name: /Personal access token/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('textbox', { name: 'Personal access token' }).fill(token('global'));
	await page.getByRole('button', { name: 'Check the token' }).click();
	await expect(page.getByRole('heading', { name: 'Blocked: PROVIDER_CREDENTIAL_TOO_BROAD' })).toBeVisible({ timeout: 10_000 });
	await expect(page.getByRole('button', { name: 'I understand, keep this token' })).toHaveCount(0);
});
