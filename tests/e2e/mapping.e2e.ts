import { expect, test, type Page } from '@playwright/test';
import { CODE_CATALOGUE, type BlockedCode } from '../../src/lib/domain/codes';
import { mappingProblemText } from '../../src/lib/domain/mapping-problems';
import { CAPABILITIES, REQUIRED_SCOPES } from '../../src/lib/domain/scopes';
import { DEMO_PEOPLE, RESTRICTED_AREA } from '../../src/simulator/catalogue';
import { SECURITY_TEAM } from '../../src/simulator/processes';
import {
	chooseProject,
	enterToken,
	expectAccessible,
	simulatorControl,
	toServerCredential,
	toServicesCredential
} from './support';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Issue 5: every blocked mapping scenario shows its code and the catalogue's fix, and making the
 * fix (choosing a value, replacing the token, acknowledging) unblocks it without losing the mapping.
 */

const person = (name: (typeof DEMO_PEOPLE)[number]['displayName']) =>
	DEMO_PEOPLE.find((p) => p.displayName === name) ?? DEMO_PEOPLE[0];

/** The choices a scenario makes before it is blocked; each must survive the fix. */
interface Choices {
	project: string;
	type: string;
	/** Relative to the project root, as the simulator catalogue names areas. */
	area: string;
	iteration: string;
	/** One priority row and (for a type with Severity) one severity row moved away from their defaults. */
	priority: { row: string; value: string };
	severity?: { row: string; value: string };
	assignee: 'Unassigned' | 'Team default' | { name: (typeof DEMO_PEOPLE)[number]['displayName'] };
	custom?: { label: string; value: string };
}

const full = (c: Choices, relative: string) => `${c.project}\\${relative}`;

test.beforeEach(async () => {
	await simulatorControl('reset');
});

/** After a token change the project chosen before is already selected: one confirmation, no search. */
async function confirmSameProject(page: Page, name: string) {
	await expect(page.getByRole('heading', { level: 2, name: 'Project' })).toBeVisible({
		timeout: 10_000
	});
	const list = page.getByRole('listbox', { name: 'Project' });
	await expect
		.poll(() =>
			list.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '')
		)
		.toBe(name);
	await page.getByRole('button', { name: 'Use this project' }).click();
}

async function continuePastScopes(page: Page) {
	await expect(page.getByRole('heading', { level: 2, name: 'Scopes' })).toBeVisible({
		timeout: 10_000
	});
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Work item mapping' })).toBeVisible();
}

/** Commits a path the way both the text field and the tree picker accept: exact full path, then blur. */
async function choosePath(page: Page, label: string, path: string) {
	const field = page.getByLabel(label);
	await field.fill(path);
	await field.press('Tab');
	await expect(field).toHaveValue(path);
}

async function choosePerson(page: Page, name: (typeof DEMO_PEOPLE)[number]['displayName']) {
	const p = person(name);
	await page.getByRole('radio', { name: 'A specific person' }).check();
	await page.getByLabel('E-mail or name').fill(p.uniqueName);
	await page.getByRole('button', { name: 'Look up person' }).click();
	await page.getByRole('radio', { name: `${p.displayName} (${p.uniqueName})` }).check();
}

async function makeChoices(page: Page, c: Choices) {
	await page.getByLabel('Work item type (work_item_type)').selectOption(c.type);
	await choosePath(page, 'Area path (area_path)', full(c, c.area));
	await choosePath(page, 'Iteration path (iteration_path)', full(c, c.iteration));
	await page.getByLabel(`Priority for ${c.priority.row} findings`).selectOption(c.priority.value);
	if (c.severity)
		await page.getByLabel(`Severity for ${c.severity.row} findings`).selectOption(c.severity.value);
	if (c.assignee === 'Unassigned' || c.assignee === 'Team default')
		await page.getByRole('radio', { name: c.assignee }).check();
	else await choosePerson(page, c.assignee.name);
	if (c.custom) await page.getByLabel(c.custom.label).selectOption(c.custom.value);
	await expectChoices(page, c);
}

/** Every earlier choice is still on the mapping form, the picked person too (even after a new token). */
async function expectChoices(page: Page, c: Choices) {
	await expect(page.getByRole('heading', { level: 2, name: 'Work item mapping' })).toBeVisible({
		timeout: 10_000
	});
	await expect(page.getByLabel('Work item type (work_item_type)')).toHaveValue(c.type);
	await expect(page.getByLabel('Area path (area_path)')).toHaveValue(full(c, c.area));
	await expect(page.getByLabel('Iteration path (iteration_path)')).toHaveValue(
		full(c, c.iteration)
	);
	await expect(page.getByLabel(`Priority for ${c.priority.row} findings`)).toHaveValue(
		c.priority.value
	);
	if (c.severity)
		await expect(page.getByLabel(`Severity for ${c.severity.row} findings`)).toHaveValue(
			c.severity.value
		);
	if (c.assignee === 'Unassigned' || c.assignee === 'Team default')
		await expect(page.getByRole('radio', { name: c.assignee })).toBeChecked();
	else {
		await expect(page.getByRole('radio', { name: 'A specific person' })).toBeChecked();
		await expect(page.getByRole('radio', { name: assigneeText(c) })).toBeChecked();
	}
	if (c.custom) await expect(page.getByLabel(c.custom.label)).toHaveValue(c.custom.value);
}

function assigneeText(c: Choices): string {
	if (c.assignee === 'Unassigned' || c.assignee === 'Team default') return c.assignee;
	const p = person(c.assignee.name);
	return `${p.displayName} (${p.uniqueName})`;
}

/** The review lists the provider record the export will use: the same choices, by field name. */
async function expectReview(page: Page, c: Choices) {
	const row = (name: string) =>
		page
			.getByLabel('Provider record')
			.locator('dt', { hasText: new RegExp(`^${name}$`) })
			.locator('xpath=following-sibling::dd[1]');
	await expect(row('project')).toHaveText(c.project);
	await expect(row('work_item_type')).toHaveText(c.type);
	await expect(row('area_path')).toHaveText(full(c, c.area));
	await expect(row('iteration_path')).toHaveText(full(c, c.iteration));
	await expect(row('priority_mapping')).toContainText(`${c.priority.row} → ${c.priority.value}`);
	if (c.severity)
		await expect(row('severity_mapping')).toContainText(`${c.severity.row} → ${c.severity.value}`);
	await expect(row('assignee_mapping')).toHaveText(assigneeText(c));
	if (c.custom) await expect(row('custom_fields')).toContainText(`= ${c.custom.value}`);
}

/** The blocked panel names the code and the catalogue's own fix text, and is accessible. */
async function expectBlocked(page: Page, code: BlockedCode, label: string) {
	const panel = page.locator('section.blocked-panel');
	await expect(panel.getByRole('heading', { name: `Blocked: ${code}` })).toBeVisible({
		timeout: 15_000
	});
	await expect(panel).toContainText(CODE_CATALOGUE[code].message);
	await expect(panel).toContainText(`What to fix next: ${CODE_CATALOGUE[code].fix}`);
	await expectAccessible(page, label);
}

async function dryRunToReview(page: Page, c: Choices, save: boolean) {
	await page.getByRole('button', { name: 'Run dry-run create' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Review and save' })).toBeVisible({
		timeout: 10_000
	});
	await expect(page.locator('section.blocked-panel')).toHaveCount(0);
	await expectReview(page, c);
	if (!save) return;
	await page.getByRole('button', { name: 'Save target' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Saved' })).toBeVisible({
		timeout: 10_000
	});
}

/** From the mapping form back to the credential step, the way an admin replaces the token. */
async function backToCredential(page: Page) {
	await page.getByRole('button', { name: 'Back' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Scopes' })).toBeVisible();
	await page.getByRole('button', { name: 'Back' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Project' })).toBeVisible();
	await page.getByRole('button', { name: 'Back' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Credential' })).toBeVisible();
}

/** Server path: a full mapping made with a least-privilege token, then back to the credential to swap the token. */
async function mapThenReturnToCredential(page: Page, c: Choices) {
	await toServerCredential(page);
	await enterToken(page, 'least-privilege');
	await chooseProject(page, c.project);
	await continuePastScopes(page);
	await makeChoices(page, c);
	await backToCredential(page);
}

const FIBER: Choices = {
	project: 'Fabrikam Fiber',
	type: 'Bug',
	area: 'Web\\Login',
	iteration: 'Sprint 3',
	priority: { row: 'medium', value: '2' },
	severity: { row: 'low', value: '3 - Medium' },
	assignee: { name: 'Alice Ahmed' }
};

/** A non-default type (no Severity field) and other non-default choices, for the token scenarios. */
const FIBER_ISSUE: Choices = {
	project: 'Fabrikam Fiber',
	type: 'Issue',
	area: 'Web\\Checkout',
	iteration: 'Sprint 1',
	priority: { row: 'critical', value: '2' },
	assignee: { name: 'Carol Chen' }
};

test('missing required custom field: TICKET_EXPORT_MAPPING_REQUIRED names Custom.SecurityTeam beside it; choosing a value passes', async ({
	page
}) => {
	test.setTimeout(60_000);
	const choices: Choices = { ...FIBER, project: 'Fabrikam Security', assignee: 'Team default' };
	await toServerCredential(page);
	await enterToken(page, 'least-privilege');
	await chooseProject(page, choices.project);
	await continuePastScopes(page);
	await makeChoices(page, choices);
	const field = page.getByLabel(`${SECURITY_TEAM.name} ${SECURITY_TEAM.referenceName}`);
	await expect(field).toHaveValue('');

	await page.getByRole('button', { name: 'Run dry-run create' }).click();
	await expectBlocked(page, 'TICKET_EXPORT_MAPPING_REQUIRED', 'blocked: required custom field');
	// The problem sits beside the field it concerns.
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await expect(field).toHaveAccessibleDescription(
		new RegExp(SECURITY_TEAM.referenceName.replace('.', '\\.'))
	);

	await field.selectOption('Red Team');
	const fixed: Choices = {
		...choices,
		custom: { label: `${SECURITY_TEAM.name} ${SECURITY_TEAM.referenceName}`, value: 'Red Team' }
	};
	await expectChoices(page, fixed);
	await expect(field).not.toHaveAttribute('aria-invalid', 'true');
	await dryRunToReview(page, fixed, true);
});

test('restricted area: TICKET_EXPORT_MAPPING_REQUIRED beside the area field; another area passes with the rest kept', async ({
	page
}) => {
	test.setTimeout(60_000);
	const choices: Choices = { ...FIBER, area: RESTRICTED_AREA };
	await toServerCredential(page);
	await enterToken(page, 'least-privilege');
	await chooseProject(page, choices.project);
	await continuePastScopes(page);
	await makeChoices(page, choices);

	await page.getByRole('button', { name: 'Run dry-run create' }).click();
	await expectBlocked(page, 'TICKET_EXPORT_MAPPING_REQUIRED', 'blocked: restricted area');
	const area = page.getByLabel('Area path (area_path)');
	await expect(area).toHaveAttribute('aria-invalid', 'true');
	await expect(area).toHaveAccessibleDescription(
		new RegExp(escapeRegExp(mappingProblemText('area_permission').message))
	);

	// The other area is picked with the keyboard alone: type to filter, arrow to it, Enter.
	const fixed: Choices = { ...choices, area: 'Security' };
	await area.click();
	await page.keyboard.type('securi');
	const list = page.getByRole('listbox', { name: 'Matching areas' });
	await expect(list).toBeVisible();
	await expect(area).toHaveAttribute('aria-expanded', 'true');
	await page.keyboard.press('ArrowDown');
	const activeId = await area.getAttribute('aria-activedescendant');
	expect(activeId).toBeTruthy();
	await expect(list.locator(`[id="${activeId}"]`)).toHaveAttribute('aria-selected', 'true');
	await expect(list.locator(`[id="${activeId}"]`)).toContainText('Security');
	await page.keyboard.press('Enter');
	await expect(list).toBeHidden();
	await expectChoices(page, fixed);
	await expect(area).not.toHaveAttribute('aria-invalid', 'true');
	await dryRunToReview(page, fixed, true);
});

test('assignee who left: TICKET_EXPORT_MAPPING_REQUIRED beside the assignee; another person passes with the rest kept', async ({
	page
}) => {
	test.setTimeout(60_000);
	const leaver = person('Alice Ahmed');
	const choices: Choices = { ...FIBER, assignee: { name: leaver.displayName } };
	await toServerCredential(page);
	await enterToken(page, 'least-privilege');
	await chooseProject(page, choices.project);
	await continuePastScopes(page);
	await makeChoices(page, choices);

	// The person was found and picked, then left the organization (inactive: an unknown identity to Azure DevOps).
	await simulatorControl('faults', { inactivePeople: [leaver.uniqueName] });
	await page.getByRole('button', { name: 'Run dry-run create' }).click();
	await expectBlocked(page, 'TICKET_EXPORT_MAPPING_REQUIRED', 'blocked: assignee who left');
	const assignee = page.getByRole('group', { name: 'Assignee (assignee_mapping)' });
	await expect(assignee).toHaveAccessibleDescription(
		new RegExp(escapeRegExp(mappingProblemText('unknown_assignee', leaver.uniqueName).message))
	);
	// The refused person is the one still shown as picked, inside the group the problem describes.
	await expect(assignee.getByRole('radio', { name: assigneeText(choices) })).toBeChecked();

	// Another person is looked up and picked right from the blocked form.
	const fixed: Choices = { ...choices, assignee: { name: 'Bob Brennan' } };
	await choosePerson(page, 'Bob Brennan');
	await expectChoices(page, fixed);
	await expect(assignee).toHaveAccessibleDescription('');
	await dryRunToReview(page, fixed, true);
});

test('read-only token: PROVIDER_SCOPE_UNAVAILABLE names the missing capability; replacing the token keeps the mapping', async ({
	page
}) => {
	test.setTimeout(90_000);
	await mapThenReturnToCredential(page, FIBER_ISSUE);

	await enterToken(page, 'read-only');
	await confirmSameProject(page, FIBER_ISSUE.project);
	await expectBlocked(page, 'PROVIDER_SCOPE_UNAVAILABLE', 'blocked: read-only token');
	const capabilities = page.getByRole('table', { name: 'Capabilities export needs' });
	const writeCap = CAPABILITIES.find((cap) => cap.id === 'work_write') ?? CAPABILITIES[0];
	await expect(capabilities.getByRole('row').filter({ hasText: 'Missing' })).toHaveText([
		`${writeCap.label}${writeCap.pat_label}Missing`
	]);

	await page.locator('section.blocked-panel').getByRole('button', { name: 'Fix it' }).click();
	await enterToken(page, 'least-privilege');
	await confirmSameProject(page, FIBER_ISSUE.project);
	await continuePastScopes(page);
	await expectChoices(page, FIBER_ISSUE);
	await dryRunToReview(page, FIBER_ISSUE, true);
});

test('token revoked at the dry run, then an expired one: PROVIDER_AUTH_REQUIRED; a valid token keeps the mapping (Services path)', async ({
	page
}) => {
	test.setTimeout(90_000);
	await toServicesCredential(page);
	await enterToken(page, 'least-privilege');
	await chooseProject(page, FIBER.project);
	await continuePastScopes(page);
	await makeChoices(page, FIBER);

	// The token stops working while the admin is on the mapping.
	await simulatorControl('faults', { revokedTokens: ['least-privilege'] });
	await page.getByRole('button', { name: 'Run dry-run create' }).click();
	await expectBlocked(page, 'PROVIDER_AUTH_REQUIRED', 'blocked: revoked token');
	await simulatorControl('reset');

	// Fix it opens the credential; an expired token is refused there with the same code and fix.
	await page.locator('section.blocked-panel').getByRole('button', { name: 'Fix it' }).click();
	await enterToken(page, 'expired');
	await expectBlocked(page, 'PROVIDER_AUTH_REQUIRED', 'blocked: expired token');
	await page.locator('section.blocked-panel').getByRole('button', { name: 'Fix it' }).click();
	await enterToken(page, 'least-privilege');
	await confirmSameProject(page, FIBER.project);
	await continuePastScopes(page);
	await expectChoices(page, FIBER);
	await dryRunToReview(page, FIBER, true);
});

test('over-broad token: PROVIDER_CREDENTIAL_TOO_BROAD with the scopes to create instead; acknowledging keeps the mapping', async ({
	page
}) => {
	test.setTimeout(90_000);
	await mapThenReturnToCredential(page, FIBER_ISSUE);

	await enterToken(page, 'full-access');
	await confirmSameProject(page, FIBER_ISSUE.project);
	await expectBlocked(page, 'PROVIDER_CREDENTIAL_TOO_BROAD', 'blocked: full-access token');
	await expect(
		page.getByText(`Create a token with only: ${REQUIRED_SCOPES.join(', ')}.`)
	).toBeVisible();

	await page.getByRole('button', { name: 'I understand, keep this token' }).click();
	await page.getByRole('button', { name: 'Continue' }).click();
	await expectChoices(page, FIBER_ISSUE);
	await dryRunToReview(page, FIBER_ISSUE, true);
});
