import { expect, test } from '@playwright/test';

/** The flow page draws the generated diagram; mermaid is fetched there and nowhere else. */

const isMermaid = (url: string) => /mermaid/i.test(url);

test('the wizard and Integration status never load mermaid', async ({ page }) => {
	const scripts: string[] = [];
	page.on('request', (r) => {
		if (r.resourceType() === 'script') scripts.push(r.url());
	});
	await page.goto('/settings');
	await page.getByRole('button', { name: 'Set up Azure DevOps target' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Azure DevOps target' })).toBeVisible();
	await page.getByRole('radio', { name: /Azure DevOps Server/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Server confirmations' })).toBeVisible();
	expect(scripts.length).toBeGreaterThan(0);
	expect(scripts.filter(isMermaid)).toEqual([]);
});

test('the flow page highlights the step of the stored draft', async ({ page }) => {
	await page.goto('/settings/integrations/azure-devops');
	await page.getByRole('radio', { name: /Azure DevOps Server/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Server confirmations' })).toBeVisible();
	const scripts: string[] = [];
	page.on('request', (r) => {
		if (r.resourceType() === 'script') scripts.push(r.url());
	});
	await page.goto('/settings/integrations/azure-devops/flow');
	await expect(page.getByTestId('setup-flow').locator('svg')).toBeVisible({ timeout: 20_000 });
	await expect(page.getByRole('status')).toContainText('Server confirmations');
	await expect(page.locator('.is-current')).toHaveCount(1);
	await expect(page.locator('.is-current')).toHaveAttribute(
		'id',
		/-state-serverConfirmations-\d+$/
	);
	expect(scripts.filter(isMermaid)).toHaveLength(1);
});

test('the flow page highlights an exact state from ?state=, and nothing for an unknown one', async ({
	page
}) => {
	await page.goto('/settings/integrations/azure-devops/flow?state=serverUrl.blocked');
	await expect(page.getByTestId('setup-flow').locator('svg')).toBeVisible({ timeout: 20_000 });
	await expect(page.getByRole('status')).toContainText('serverUrl.blocked');
	const ids = await page.locator('.is-current').evaluateAll((els) => els.map((e) => e.id));
	expect(ids.map((id) => id.replace(/^setup-statechart-state-|-\d+$/g, '')).sort()).toEqual([
		'serverUrl',
		'serverUrl_blocked'
	]);
	await page.goto('/settings/integrations/azure-devops/flow?state=nowhere');
	await expect(page.getByTestId('setup-flow').locator('svg')).toBeVisible({ timeout: 20_000 });
	await expect(page.locator('.is-current')).toHaveCount(0);
});
