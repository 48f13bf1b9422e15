import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { DEMO_TOKENS } from '../../src/simulator/demo-tokens';
import {
	enterToken,
	expectAccessible,
	saveWithDefaultMapping,
	simulatorControl,
	toServicesCredential
} from './support';

const TOKEN = DEMO_TOKENS.find((t) => t.id === 'least-privilege')?.token ?? '';
const REQUIRED = {
	requiredFields: [{ type: 'Bug', field: 'Custom.SecurityOwner', project: 'Fabrikam Fiber' }]
};
// The demo mapping keeps severity_mapping null, so the Severity column is left out (it is only written where the type has it and it is mapped).
// A Bug of the Agile process has Severity, so the saved mapping carries it into the import.
const HEADERS =
	'"Work Item Type","Title","Area Path","Iteration Path","Priority","Severity","Description","Tags"';

test.beforeEach(async () => {
	await simulatorControl('reset');
});

/** Services path (demo origin) to a saved, ready target on the continue screen. */
async function saveServicesTarget(page: Page) {
	await toServicesCredential(page);
	await enterToken(page, 'least-privilege');
	await saveWithDefaultMapping(page);
	await expect(page.getByTestId('target-status')).toHaveText('Ready', { timeout: 10_000 });
}

async function verifyAgain(page: Page, expected: RegExp | string) {
	await page.getByRole('button', { name: 'Verify again' }).click();
	await expect(page.getByTestId('target-status')).toHaveText(expected, { timeout: 15_000 });
}

interface AuditRow {
	kind: string;
	code?: string;
	target_id: string;
	detail?: Record<string, unknown>;
}

/** The audit store as the app wrote it (IndexedDB in the page). */
function auditEntries(page: Page): Promise<AuditRow[]> {
	return page.evaluate(
		() =>
			new Promise<AuditRow[]>((resolve, reject) => {
				const open = indexedDB.open('webriskops-setup');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const all = db.transaction('audit').objectStore('audit').getAll();
					all.onsuccess = () => {
						resolve(all.result as AuditRow[]);
						db.close();
					};
					all.onerror = () => reject(all.error);
				};
			})
	);
}

function text(download: Download): Promise<string> {
	return download.path().then((p) => readFileSync(p, 'utf8'));
}

test('Verify again blocks a ready target after a field became required, and a reset makes it ready again', async ({
	page
}) => {
	await saveServicesTarget(page);
	const summary = page.getByLabel('Provider record', { exact: true });
	await expect(summary.getByText('work_item_type')).toBeVisible();
	await expect(summary.getByText('Bug', { exact: true })).toBeVisible();
	await expect(summary.getByText('last_verified_at')).toBeVisible();
	await expect(
		page.getByRole('link', { name: 'Status sync and duplicate handling' })
	).toHaveAttribute('href', /webriskops\.com\/docs/);
	await expect(page.getByText('YouTrack Cloud and Server setup')).toBeVisible();
	await expect(page.getByText('(separate setup, not part of this module)').first()).toBeVisible();
	await expectAccessible(page, 'continue screen');

	await simulatorControl('faults', REQUIRED);
	await verifyAgain(page, 'Blocked: TICKET_EXPORT_MAPPING_REQUIRED');
	await expect(
		page.getByRole('heading', { name: 'Blocked: TICKET_EXPORT_MAPPING_REQUIRED' })
	).toBeVisible();
	await expect(page.getByRole('heading', { name: /Portable fallback/ })).toBeVisible();
	await expectAccessible(page, 'blocked saved target');

	await page.goto('/settings');
	await expect(
		page.getByRole('cell', { name: 'Blocked: TICKET_EXPORT_MAPPING_REQUIRED' })
	).toBeVisible();

	await simulatorControl('reset');
	await page.goto('/settings/integrations/azure-devops');
	await verifyAgain(page, 'Ready');
	await expect(
		page.getByText('Verified again: nothing changed in Azure DevOps that affects export.')
	).toBeVisible();
	await page.goto('/settings');
	await expect(page.getByRole('cell', { name: 'Ready', exact: true })).toBeVisible();
	const kinds = (await auditEntries(page)).map((e) => [e.kind, e.code ?? null]);
	expect(kinds).toContainEqual(['check.blocked', 'TICKET_EXPORT_MAPPING_REQUIRED']);
	expect(kinds).toContainEqual(['target.verified', null]);
	expect(JSON.stringify(await auditEntries(page))).not.toContain(TOKEN);
});

test('a blocked target offers the portable fallback and downloads CSV, Markdown and JSON', async ({
	page
}) => {
	await saveServicesTarget(page);
	await simulatorControl('faults', REQUIRED);
	await verifyAgain(page, 'Blocked: TICKET_EXPORT_MAPPING_REQUIRED');

	// Integration status offers it too, for the blocked target.
	await page.goto('/settings');
	const fallback = page.getByRole('region', { name: /Portable fallback/ });
	await expect(fallback).toBeVisible();
	await expect(fallback.getByText(/Sample findings .* 4 findings \(sample data\)/)).toBeVisible();
	await expectAccessible(page, 'settings fallback');

	const [csvDownload] = await Promise.all([
		page.waitForEvent('download'),
		fallback.getByRole('button', { name: 'Download CSV for Azure Boards import' }).click()
	]);
	expect(csvDownload.suggestedFilename()).toMatch(
		/^webriskops-azure-boards-fabrikam-fiber-\d{8}T\d{6}Z\.csv$/
	);
	const csv = await text(csvDownload);
	expect(
		csv
			.split('\r\n')[0]!
			.split(',')
			.map((h) => `"${h}"`)
			.join(',')
	).toBe(HEADERS);
	expect(csv).toContain('webriskops:WRO-F-1001; webriskops; severity:high');
	expect(csv).toContain('SAMPLE DATA');
	expect(csv).not.toContain(TOKEN);
	expect(csv).not.toContain('127.0.0.1');

	const [mdDownload] = await Promise.all([
		page.waitForEvent('download'),
		fallback.getByRole('button', { name: 'Download Markdown hand-off' }).click()
	]);
	expect(mdDownload.suggestedFilename()).toMatch(/-handoff\.md$/);
	const md = await text(mdDownload);
	expect(md).toContain('# WebRiskOps hand-off to Azure Boards: Fabrikam Fiber');
	expect(md).toContain('Sample data.');
	expect(md).toContain('reason: TICKET\\_EXPORT\\_MAPPING\\_REQUIRED');

	const [jsonDownload] = await Promise.all([
		page.waitForEvent('download'),
		fallback.getByRole('button', { name: 'Download JSON' }).click()
	]);
	const json = JSON.parse(await text(jsonDownload)) as {
		portable_export_format: string;
		work_items: { finding_id: string }[];
		sample_data: boolean;
	};
	expect(json.portable_export_format).toBe('json_export');
	expect(json.sample_data).toBe(true);
	expect(json.work_items.map((w) => w.finding_id)).toEqual([
		'WRO-F-1001',
		'WRO-F-1002',
		'WRO-F-1003',
		'WRO-F-1004'
	]);
	for (const content of [md, JSON.stringify(json)]) expect(content).not.toContain(TOKEN);

	await expect(
		fallback.getByText(/Recorded in the audit history: .*\.csv, .*-handoff\.md, .*\.json\./)
	).toBeVisible();
	// The audit keeps the choice and the file's identity (format, name, count, hash), never its content.
	const exported = (await auditEntries(page)).filter((e) => e.kind === 'fallback.exported');
	expect(exported.map((e) => e.detail?.['portable_export_format'])).toEqual([
		'csv_export',
		'markdown_export',
		'json_export'
	]);
	expect(exported[0]).toMatchObject({
		code: 'TICKET_EXPORT_MAPPING_REQUIRED',
		detail: {
			file_name: csvDownload.suggestedFilename(),
			finding_count: 4,
			sha256: createHash('sha256').update(csv).digest('hex'),
			sample_data: true
		}
	});
	expect(JSON.stringify(exported)).not.toContain('Session cookie');

	// A loaded findings file: bad rows are named, good rows are used.
	await fallback.getByLabel('Load a findings file (JSON)').setInputFiles({
		name: 'findings.json',
		mimeType: 'application/json',
		buffer: Buffer.from(
			JSON.stringify({
				findings: [
					{
						id: 'ACME-1',
						source_type: 'report_issue',
						source_id: 'r1',
						title: 'Weak TLS, "old" ciphers',
						severity: 'medium'
					},
					{
						id: 'ACME-2',
						source_type: 'report_issue',
						source_id: 'r1',
						title: 'x',
						severity: 'urgent'
					}
				]
			})
		)
	});
	await expect(fallback.getByText('findings.json')).toBeVisible();
	await expect(fallback.getByText(/Row 2 \(ACME-2\): severity/)).toBeVisible();
	const [own] = await Promise.all([
		page.waitForEvent('download'),
		fallback.getByRole('button', { name: 'Download CSV for Azure Boards import' }).click()
	]);
	const ownCsv = await text(own);
	expect(ownCsv).toContain('"Weak TLS, ""old"" ciphers"');
	expect(ownCsv).toContain('webriskops:ACME-1');
	expect(ownCsv).not.toContain('ACME-2');
});

test('a revoked token blocks the saved target with PROVIDER_AUTH_REQUIRED, which is fixed by reconnecting, not by the fallback', async ({
	page
}) => {
	await saveServicesTarget(page);
	await simulatorControl('faults', { revokedTokens: ['least-privilege'] });
	await verifyAgain(page, 'Blocked: PROVIDER_AUTH_REQUIRED');
	await expect(
		page.getByText(/What to fix next:.*Reconnect OAuth or paste a new personal access token/)
	).toBeVisible();
	await expect(page.getByRole('region', { name: /Portable fallback/ })).toHaveCount(0);
	// Chosen on purpose, the fallback is still there.
	await page.getByRole('button', { name: 'Use portable fallback' }).click();
	await expect(page.getByRole('region', { name: /Portable fallback/ })).toBeVisible();
	await expect(page.getByText('You chose the portable fallback.', { exact: false })).toBeVisible();
});
