import { describe, expect, it } from 'vitest';
import type { DiscoveryData } from '$lib/domain';
import { parseFindings, type Finding } from './findings.schema';
import {
	AZURE_BOARDS_COLUMNS,
	buildPortableExport,
	fallbackAuditDetail,
	findingTag,
	sha256Hex
} from './portable-export';
import type { ExportMapping } from './export-mapping';
import { parseCsvStrict } from './csv-test-support';
import { SAMPLE_FINDINGS_FILE } from './sample-findings';
import { INTERNAL_URL_REMOVED, publicUrl, REDACTED, scrubText } from './scrub';

const mapping: ExportMapping = {
	organization: 'fabrikam',
	project: 'Fabrikam Fiber',
	work_item_type: 'Bug',
	area_path: 'Fabrikam Fiber\\Web',
	iteration_path: 'Fabrikam Fiber\\Sprint 1',
	priority_mapping: { critical: 1, high: 2, medium: 3, low: 4 },
	severity_mapping: {
		critical: '1 - Critical',
		high: '2 - High',
		medium: '3 - Medium',
		low: '4 - Low'
	}
};

const nasty: Finding = {
	id: 'WRO-F-9',
	source_type: 'report_issue',
	source_id: 'r/9',
	title: '=HYPERLINK("x"), "quoted", and, commas',
	severity: 'high',
	affected_url: 'https://user:pw@www.example.com/a?session=abc#frag',
	description: 'line one, with comma\nline "two"\r\nline three token=supersecretvalue',
	acceptance_criteria: ['works; really'],
	labels: ['a;b', 'c,d']
};

function discovery(opts: { severity?: boolean; required?: string } = {}): {
	data: DiscoveryData;
	at: string;
} {
	const fields = [
		{
			reference_name: 'System.Title',
			name: 'Title',
			always_required: true,
			allowed_values: [],
			filled_by_server: false
		},
		{
			reference_name: 'Microsoft.VSTS.Common.Priority',
			name: 'Priority',
			always_required: false,
			allowed_values: ['1', '2', '3', '4'],
			filled_by_server: false
		},
		...(opts.severity === false
			? []
			: [
					{
						reference_name: 'Microsoft.VSTS.Common.Severity',
						name: 'Severity',
						always_required: false,
						allowed_values: ['1 - Critical', '2 - High', '3 - Medium', '4 - Low'],
						filled_by_server: false
					}
				]),
		...(opts.required
			? [
					{
						reference_name: opts.required,
						name: 'Security Owner',
						always_required: true,
						allowed_values: [],
						filled_by_server: false,
						default_value: null
					}
				]
			: [])
	];
	return {
		at: '2026-11-26T20:00:00.000Z',
		data: {
			project: { id: 'p1', name: 'Fabrikam Fiber' },
			process: { name: 'Agile', kind: 'system', template_type_id: 't' },
			work_item_types: [
				{
					name: 'Bug',
					reference_name: 'Microsoft.VSTS.WorkItemTypes.Bug',
					description_field: 'Microsoft.VSTS.TCM.ReproSteps',
					fields
				}
			],
			areas: {
				id: 1,
				name: 'Fabrikam Fiber',
				path: 'Fabrikam Fiber',
				children: [{ id: 2, name: 'Web', path: 'Fabrikam Fiber\\Web' }]
			},
			iterations: {
				id: 3,
				name: 'Fabrikam Fiber',
				path: 'Fabrikam Fiber',
				children: [{ id: 4, name: 'Sprint 1', path: 'Fabrikam Fiber\\Sprint 1' }]
			},
			round_trips: 3
		}
	};
}

const base = {
	reason: 'TICKET_EXPORT_MAPPING_REQUIRED',
	sample_data: false,
	generated_at: '2026-11-26T21:00:00.000Z'
};

describe('Azure Boards CSV round trip', () => {
	const out = buildPortableExport({ ...base, findings: [nasty], mapping, discovery: discovery() });
	const records = parseCsvStrict(out.files.csv_export.content);

	it('has the exact import headers, in order', () => {
		expect(records[0]).toEqual([...AZURE_BOARDS_COLUMNS]);
		expect(records).toHaveLength(2);
	});

	it('quotes and escapes commas, quotes and newlines and reads back the same values', () => {
		const row = Object.fromEntries(records[0]!.map((h, i) => [h, records[1]![i]]));
		expect(row['Title']).toBe(`'=HYPERLINK("x"), "quoted", and, commas`);
		expect(row['Description']).toContain(
			'line one, with comma\nline "two"\r\nline three token=[redacted]'
		);
		expect(row['Work Item Type']).toBe('Bug');
		expect(row['Area Path']).toBe('Fabrikam Fiber\\Web');
		expect(row['Priority']).toBe('2');
		expect(row['Severity']).toBe('2 - High');
		expect(out.files.csv_export.content).toContain(
			'"\'=HYPERLINK(""x""), ""quoted"", and, commas"'
		);
	});

	it('keeps the finding id in Tags, separated by "; ", with separators removed from labels', () => {
		const tags = records[1]![7]!;
		expect(tags.split('; ')).toEqual([
			findingTag('WRO-F-9'),
			'webriskops',
			'severity:high',
			'a b',
			'c d'
		]);
	});

	it('drops Severity when the type has no Severity field', () => {
		const noSev = buildPortableExport({
			...base,
			findings: [nasty],
			mapping,
			discovery: discovery({ severity: false })
		});
		expect(parseCsvStrict(noSev.files.csv_export.content)[0]).toEqual(
			AZURE_BOARDS_COLUMNS.filter((c) => c !== 'Severity')
		);
	});
});

describe('verification against discovery', () => {
	it('with discovery: verified, no problems for a fitting mapping', () => {
		const out = buildPortableExport({
			...base,
			findings: [nasty],
			mapping,
			discovery: discovery()
		});
		expect(out.verification).toMatchObject({
			discovered: true,
			unverified_columns: [],
			problems: []
		});
	});

	it.each([
		['a renamed area', { area_path: 'Fabrikam Fiber\\Website' }, 'Area Path'],
		['an unknown iteration', { iteration_path: 'Fabrikam Fiber\\Sprint 9' }, 'Iteration Path'],
		['an unknown type', { work_item_type: 'Defect' }, 'Work Item Type'],
		[
			'a priority outside the allowed values',
			{ priority_mapping: { critical: 1, high: 7, medium: 3, low: 4 } },
			'Priority'
		],
		[
			'a severity outside the allowed values',
			{ severity_mapping: { critical: 'S1', high: 'S2', medium: 'S3', low: 'S4' } },
			'Severity'
		]
	] as const)('names %s', (_label, change, column) => {
		const out = buildPortableExport({
			...base,
			findings: [nasty],
			mapping: { ...mapping, ...change } as ExportMapping,
			discovery: discovery()
		});
		expect(out.verification.problems.map((p) => p.column)).toContain(column);
	});

	it('names a newly required field the file does not fill', () => {
		const out = buildPortableExport({
			...base,
			findings: [nasty],
			mapping,
			discovery: discovery({ required: 'Custom.SecurityOwner' })
		});
		expect(out.verification.problems.map((p) => p.message).join(' ')).toContain(
			'Custom.SecurityOwner'
		);
	});

	it('without discovery: every file says which columns are unverified', () => {
		const out = buildPortableExport({ ...base, findings: [nasty], mapping, discovery: null });
		expect(out.verification).toMatchObject({
			discovered: false,
			unverified_columns: ['Work Item Type', 'Area Path', 'Iteration Path', 'Priority', 'Severity']
		});
		expect(out.files.markdown_export.content).toContain(
			'Not verified against the Azure DevOps project: Work Item Type, Area Path, Iteration Path, Priority, Severity.'
		);
		expect(JSON.parse(out.files.json_export.content).verification.unverified_columns).toHaveLength(
			5
		);
		expect(parseCsvStrict(out.files.csv_export.content)[1]![6]).toContain(
			'Not verified against the Azure DevOps project'
		);
	});

	it('discovery of another project counts as no discovery', () => {
		const out = buildPortableExport({
			...base,
			findings: [nasty],
			mapping: { ...mapping, project: 'Other' },
			discovery: discovery()
		});
		expect(out.verification.discovered).toBe(false);
	});
});

describe('secrets and internal URLs never leave', () => {
	const pat = 'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst';
	const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
	const leaky: Finding = {
		...nasty,
		id: 'WRO-F-10',
		title: `Token ${pat} leaked`,
		affected_url: 'http://10.0.0.5/admin',
		description: `Authorization: Bearer ${jwt}\nsee http://127.0.0.1:8080/internal and https://intranet/wiki and https://www.example.com/ok?x=1\npassword: hunter2`,
		labels: [`api_key=${pat}`]
	};
	const out = buildPortableExport({ ...base, findings: [leaky], mapping, discovery: null });

	it.each(['csv_export', 'markdown_export', 'json_export'] as const)(
		'%s holds no secret or internal URL',
		(format) => {
			const text = out.files[format].content;
			for (const bad of [
				pat,
				jwt,
				'hunter2',
				'10.0.0.5',
				'127.0.0.1',
				'https://intranet',
				'user:pw',
				'session=abc'
			])
				expect(text).not.toContain(bad);
			expect(text).toContain(REDACTED);
		}
	);

	it('keeps public URLs without query and drops internal ones', () => {
		expect(out.rows[0]!.affected_url).toBeNull();
		expect(out.rows[0]!.description).toContain('https://www.example.com/ok');
		expect(out.rows[0]!.description).toContain(INTERNAL_URL_REMOVED);
	});

	it.each([
		['https://www.example.com/x?y=1#z', 'https://www.example.com/x'],
		['https://a:b@www.example.com/', 'https://www.example.com/'],
		['http://localhost/', null],
		['http://[::1]/', null],
		['http://[::ffff:192.168.1.1]/', null],
		['https://server.corp/x', null],
		['https://fileserver/x', null],
		['ftp://www.example.com/', null],
		['javascript:alert(1)', null],
		['not a url', null]
	])('publicUrl(%s)', (input, expected) => {
		expect(publicUrl(input)).toBe(expected);
	});

	it('scrubText leaves plain text alone', () => {
		expect(scrubText('The token field is empty, nothing to see.')).toBe(
			'The token field is empty, nothing to see.'
		);
	});
});

describe('findings files', () => {
	it('the shipped sample parses cleanly and is labelled sample data in every format', () => {
		const parsed = parseFindings(SAMPLE_FINDINGS_FILE);
		expect(parsed.problems).toEqual([]);
		expect(parsed.findings).toHaveLength(4);
		expect(parsed.sample_data).toBe(true);
		const out = buildPortableExport({
			...base,
			sample_data: true,
			findings: parsed.findings,
			mapping,
			discovery: null
		});
		expect(out.files.markdown_export.content).toContain('Sample data.');
		expect(out.files.csv_export.content).toContain('SAMPLE DATA');
		expect(JSON.parse(out.files.json_export.content).sample_data).toBe(true);
		expect(parseCsvStrict(out.files.csv_export.content)).toHaveLength(5);
	});

	it('reports each bad row with its number and id, keeps the good ones', () => {
		const good = SAMPLE_FINDINGS_FILE.findings[0]!;
		const parsed = parseFindings(
			JSON.stringify({
				findings: [
					good,
					{ ...good, id: 'WRO-2', severity: 'urgent' },
					{ ...good, id: 'bad id;' },
					good,
					{ ...good, id: 'WRO-3', token: 'x' }
				]
			})
		);
		expect(parsed.findings.map((f) => f.id)).toEqual([good.id]);
		expect(parsed.problems.map((p) => [p.row, p.id])).toEqual([
			[2, 'WRO-2'],
			[3, 'bad id;'],
			[4, good.id],
			[5, 'WRO-3']
		]);
		expect(parsed.problems[0]!.message).toContain('severity');
		expect(parsed.problems[2]!.message).toContain('more than once');
	});

	it.each([
		['not json', '{'],
		['not a findings file', '{"rows": []}']
	])('refuses %s as a whole', (_l, text) => {
		const parsed = parseFindings(text);
		expect(parsed.findings).toEqual([]);
		expect(parsed.problems).toHaveLength(1);
		expect(parsed.problems[0]!.row).toBe(0);
	});

	it('accepts a bare array', () => {
		expect(parseFindings([SAMPLE_FINDINGS_FILE.findings[1]]).findings).toHaveLength(1);
	});
});

describe('audit detail', () => {
	it('records format, file name, count and hash, never content', async () => {
		const out = buildPortableExport({ ...base, findings: [nasty], mapping, discovery: null });
		const detail = await fallbackAuditDetail(out.files.csv_export, 1, 'chosen', false);
		expect(detail).toEqual({
			portable_export_format: 'csv_export',
			file_name: 'webriskops-azure-boards-fabrikam-fiber-20261126T210000Z.csv',
			finding_count: 1,
			sha256: await sha256Hex(out.files.csv_export.content),
			reason: 'chosen',
			sample_data: false
		});
		expect(detail.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(detail)).not.toContain('Title');
	});

	it('is byte-stable for the same input', () => {
		const a = buildPortableExport({ ...base, findings: [nasty], mapping, discovery: discovery() });
		const b = buildPortableExport({ ...base, findings: [nasty], mapping, discovery: discovery() });
		expect(a.files).toEqual(b.files);
	});
});
