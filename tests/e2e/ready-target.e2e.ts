import { expect, test, type Page } from '@playwright/test';
import {
	chooseProject,
	enterToken,
	expectAccessible,
	toServerCredential,
	toServicesCredential
} from './support';

async function mapAndSave(page: Page) {
	await expect(page.getByRole('heading', { level: 2, name: 'Scopes' })).toBeVisible({
		timeout: 10_000
	});
	await expectAccessible(page, 'scopes');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Work item mapping' })).toBeVisible();
	await expect(page.getByLabel('Work item type (work_item_type)')).toHaveValue('Bug');
	await expectAccessible(page, 'mapping');
	await page.getByRole('button', { name: 'Run dry-run create' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Review and save' })).toBeVisible({
		timeout: 10_000
	});
	await expectAccessible(page, 'review');
	await page.getByRole('button', { name: 'Save target' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Saved' })).toBeVisible({
		timeout: 10_000
	});
	await expect(page.getByText(/sha256:[0-9a-f]{16}/).first()).toBeVisible();
	await expectAccessible(page, 'saved');
}

test('Server path: a least-privilege PAT reaches a saved, ready target', async ({ page }) => {
	await toServerCredential(page);
	await enterToken(page, 'least-privilege');
	await chooseProject(page, 'Fabrikam Fiber');
	await mapAndSave(page);
	await page.goto('/settings');
	await expect(
		page.getByRole('cell', { name: 'DefaultCollection/Fabrikam Fiber', exact: true })
	).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Ready' })).toBeVisible();
});

test('Services path (demo origin): organization, PAT and project to a saved, ready target', async ({
	page
}) => {
	await toServicesCredential(page);
	await expect(
		page.getByText('Demo: Azure DevOps Services calls go to the built-in simulator')
	).toBeVisible();
	await enterToken(page, 'least-privilege');
	await chooseProject(page, 'Fabrikam Fiber');
	await mapAndSave(page);
});

test('Services path: a global PAT is refused with PROVIDER_CREDENTIAL_TOO_BROAD', async ({
	page
}) => {
	await toServicesCredential(page);
	await enterToken(page, 'global');
	await expect(
		page.getByRole('heading', { name: 'Blocked: PROVIDER_CREDENTIAL_TOO_BROAD' })
	).toBeVisible({ timeout: 10_000 });
	await expect(page.getByRole('button', { name: 'I understand, keep this token' })).toHaveCount(0);
});
