import { expect, test } from '@playwright/test';
import {
	enterToken,
	expectAccessible,
	SIMULATOR,
	simulatorControl,
	toServerUrl,
	toServicesCredential
} from './support';

test.beforeEach(async () => {
	await simulatorControl('reset');
});

test('a typo in the Services organization is named, and "Fix it" opens the Organization field holding it', async ({
	page
}) => {
	await toServicesCredential(page, 'fabrikm');
	await enterToken(page, 'least-privilege');

	const panel = page.locator('.blocked-panel');
	await expect(
		panel.getByRole('heading', { name: 'Blocked: PROVIDER_ORGANIZATION_REQUIRED' })
	).toBeVisible({ timeout: 10_000 });
	// The admin reads the name they typed, not only the catalogue's general sentence.
	await expect(panel.getByText(/no organization named 'fabrikm'/)).toBeVisible();
	await expect(panel.getByText(/Correct 'fabrikm' on the Organization step/)).toBeVisible();
	await expectAccessible(page, 'blocked unknown organization');

	await panel.getByRole('button', { name: 'Fix it' }).click();
	const field = page.getByRole('textbox', { name: 'Organization' });
	await expect(field).toBeFocused();
	await expect(field).toHaveValue('fabrikm');

	await field.fill('fabrikam');
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('radio', { name: /Personal access token/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await enterToken(page, 'least-privilege');
	await expect(page.getByRole('heading', { level: 2, name: 'Project' })).toBeVisible({
		timeout: 15_000
	});
	await expect(page.locator('.blocked-panel')).toHaveCount(0);
});

test('a typo in the Server collection says the collection was not found there, and "Fix it" opens the URL', async ({
	page
}) => {
	const typo = `${SIMULATOR}/ado2022/DefaultColection`;
	await toServerUrl(page);
	await page.getByLabel('Collection URL (base_url)').fill(typo);
	await page.getByRole('button', { name: 'Check URL' }).click();

	const panel = page.locator('.blocked-panel');
	await expect(
		panel.getByRole('heading', { name: 'Blocked: PROVIDER_ORGANIZATION_REQUIRED' })
	).toBeVisible({ timeout: 10_000 });
	await expect(
		panel.getByText(
			`The server at ${SIMULATOR}/ado2022 answers, but it has no collection named 'DefaultColection'.`,
			{ exact: false }
		)
	).toBeVisible();
	await expectAccessible(page, 'blocked unknown collection');

	await panel.getByRole('button', { name: 'Fix it' }).click();
	const field = page.getByLabel('Collection URL (base_url)');
	await expect(field).toBeFocused();
	await expect(field).toHaveValue(typo);
});
