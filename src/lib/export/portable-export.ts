import type { ClassificationNode, DiscoveryData, Severity } from '$lib/domain';
import { DEFAULT_PRIORITY_MAPPING, SEVERITY_FIELD } from '$lib/domain';
import { toCsv } from './csv';
import type { ExportMapping } from './export-mapping';
import type { Finding } from './findings.schema';
import { publicUrl, scrubText } from './scrub';

/** portable_export_format values (product docs §3.7). */
export const PORTABLE_EXPORT_FORMATS = ['csv_export', 'markdown_export', 'json_export'] as const;
export type PortableExportFormat = (typeof PORTABLE_EXPORT_FORMATS)[number];

/** Azure Boards CSV import headers: its column names are the work item fields' display names. */
export const AZURE_BOARDS_COLUMNS = [
	'Work Item Type',
	'Title',
	'Area Path',
	'Iteration Path',
	'Priority',
	'Severity',
	'Description',
	'Tags'
] as const;
type AzureBoardsColumn = (typeof AZURE_BOARDS_COLUMNS)[number];

/** Columns whose values must fit the project; the others are free text. */
const PROJECT_COLUMNS: AzureBoardsColumn[] = [
	'Work Item Type',
	'Area Path',
	'Iteration Path',
	'Priority',
	'Severity'
];

const PRIORITY_FIELD = 'Microsoft.VSTS.Common.Priority';

interface ExportVerification {
	/** True when the values were checked against discovery of this project. */
	discovered: boolean;
	checked_at: string | null;
	/** Columns whose values nobody checked against the project. */
	unverified_columns: AzureBoardsColumn[];
	/** Values discovery says the project would refuse (column: reason). */
	problems: { column: AzureBoardsColumn; message: string }[];
}

interface WorkItemRow {
	finding_id: string;
	source_type: Finding['source_type'];
	source_id: string;
	severity: Severity;
	affected_url: string | null;
	work_item_type: string;
	title: string;
	area_path: string;
	iteration_path: string;
	priority: number;
	/** null when the type has no Severity field. */
	severity_value: string | null;
	description: string;
	tags: string[];
}

export interface PortableFile {
	format: PortableExportFormat;
	file_name: string;
	mime: string;
	content: string;
}

export interface PortableExportInput {
	findings: readonly Finding[];
	mapping: ExportMapping;
	/** Discovery of the same project, when it ran; without it the project columns are unverified. */
	discovery?: { data: DiscoveryData; at: string } | null | undefined;
	/** The blocked code (or 'chosen') that made the fallback necessary. */
	reason: string;
	sample_data: boolean;
	generated_at: string;
}

export interface PortableExport {
	rows: WorkItemRow[];
	verification: ExportVerification;
	columns: AzureBoardsColumn[];
	files: Record<PortableExportFormat, PortableFile>;
}

function allPaths(node: ClassificationNode | undefined, out = new Set<string>()): Set<string> {
	if (!node) return out;
	out.add(node.path.toLowerCase());
	for (const child of node.children ?? []) allPaths(child, out);
	return out;
}

/** Tags cannot hold ';' (the separator) or ','; they are trimmed to Azure's 400-character limit. */
function tag(value: string): string {
	return value.replace(/[;,]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 400);
}

export function findingTag(id: string): string {
	return `webriskops:${id}`;
}

function verify(
	mapping: ExportMapping,
	discovery: PortableExportInput['discovery'],
	usedPriorities: number[],
	usedSeverities: string[],
	hasSeverity: boolean
): ExportVerification {
	const columns = PROJECT_COLUMNS.filter((c) => c !== 'Severity' || hasSeverity);
	if (
		!discovery ||
		(mapping.project && discovery.data.project.name.toLowerCase() !== mapping.project.toLowerCase())
	) {
		return { discovered: false, checked_at: null, unverified_columns: columns, problems: [] };
	}
	const d = discovery.data;
	const problems: ExportVerification['problems'] = [];
	const type = d.work_item_types.find(
		(t) => t.name.toLowerCase() === mapping.work_item_type.toLowerCase()
	);
	if (!type)
		problems.push({
			column: 'Work Item Type',
			message: `"${mapping.work_item_type}" is not a work item type of ${d.project.name}.`
		});
	if (!allPaths(d.areas).has(mapping.area_path.toLowerCase()))
		problems.push({
			column: 'Area Path',
			message: `"${mapping.area_path}" is not an area of ${d.project.name}.`
		});
	if (!allPaths(d.iterations).has(mapping.iteration_path.toLowerCase()))
		problems.push({
			column: 'Iteration Path',
			message: `"${mapping.iteration_path}" is not an iteration of ${d.project.name}.`
		});
	const allowed = (ref: string) =>
		type?.fields.find((f) => f.reference_name === ref)?.allowed_values ?? [];
	const priorities = allowed(PRIORITY_FIELD);
	for (const p of usedPriorities) {
		if (priorities.length > 0 && !priorities.includes(String(p)))
			problems.push({ column: 'Priority', message: `${p} is not an allowed Priority.` });
	}
	const severities = allowed(SEVERITY_FIELD);
	for (const s of usedSeverities) {
		if (severities.length > 0 && !severities.includes(s))
			problems.push({ column: 'Severity', message: `"${s}" is not an allowed Severity.` });
	}
	// Required fields the CSV does not fill: the import would refuse every row.
	const filled = new Set([
		'System.Title',
		'System.AreaPath',
		'System.IterationPath',
		'System.Description',
		'System.Tags',
		PRIORITY_FIELD,
		...(hasSeverity ? [SEVERITY_FIELD] : [])
	]);
	for (const f of type?.fields ?? []) {
		if (
			f.always_required &&
			!f.filled_by_server &&
			!f.default_value &&
			!filled.has(f.reference_name)
		) {
			problems.push({
				column: 'Work Item Type',
				message: `${mapping.work_item_type} requires ${f.name} (${f.reference_name}), which this file does not fill; add a "${f.name}" column before importing.`
			});
		}
	}
	return { discovered: true, checked_at: discovery.at, unverified_columns: [], problems };
}

function descriptionOf(f: Finding, url: string | null, notes: string[]): string {
	const parts = [scrubText(f.description).trim()];
	if (url) parts.push(`Affected URL: ${url}`);
	if (f.acceptance_criteria.length > 0)
		parts.push(
			['Acceptance criteria:', ...f.acceptance_criteria.map((c) => `- ${scrubText(c)}`)].join('\n')
		);
	parts.push(`WebRiskOps source: ${f.source_type} ${scrubText(f.source_id)} (finding ${f.id})`);
	parts.push(...notes);
	return parts.filter((p) => p.length > 0).join('\n\n');
}

function slug(value: string | null): string {
	const s = (value ?? 'project')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	return s.slice(0, 40) || 'project';
}

function stamp(iso: string): string {
	return iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Markdown-safe inline text: every character that can open markup (emphasis, code, links, raw
 * HTML, entities, headings, tables, math, mentions) is backslash-escaped, and line breaks become spaces so a value
 * cannot start a block of its own. No value we did not write ever reaches the file unescaped.
 */
export function mdEscape(text: string): string {
	return text.replace(/\r\n?|[\n\u2028\u2029]/g, ' ').replace(/([\\`*_{}[\]()<>#|!&~$@])/g, '\\$1');
}

/** A code span that no backtick inside the value can close (CommonMark: a longer fence). */
export function mdCode(text: string): string {
	const flat = text.replace(/\r\n?|[\n\u2028\u2029]/g, ' ');
	const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
	const fence = '`'.repeat(longest + 1);
	const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
	return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * Builds the three portable files from validated findings. Pure: same input, same bytes. Values
 * that must fit the project are checked against discovery when it ran; otherwise every file says
 * which columns nobody verified.
 */
export function buildPortableExport(input: PortableExportInput): PortableExport {
	const { mapping, findings } = input;
	const discoveredType = input.discovery?.data.work_item_types.find(
		(t) => t.name.toLowerCase() === mapping.work_item_type.toLowerCase()
	);
	// Severity only where the type has the field; unknown without discovery, then the mapping decides.
	const hasSeverity = discoveredType
		? discoveredType.fields.some((f) => f.reference_name === SEVERITY_FIELD) &&
			mapping.severity_mapping !== null
		: mapping.severity_mapping !== null;
	const priorityOf = (s: Severity) =>
		mapping.priority_mapping[s] ?? DEFAULT_PRIORITY_MAPPING[s] ?? 2;
	const severityOf = (s: Severity) =>
		hasSeverity ? (mapping.severity_mapping?.[s] ?? null) : null;
	const verification = verify(
		mapping,
		input.discovery,
		[...new Set(findings.map((f) => priorityOf(f.severity)))],
		[
			...new Set(findings.map((f) => severityOf(f.severity)).filter((s): s is string => s !== null))
		],
		hasSeverity
	);
	const notes: string[] = [];
	if (input.sample_data)
		notes.push(
			'SAMPLE DATA: made from the sample findings WebRiskOps ships, not from a real scan.'
		);
	if (verification.unverified_columns.length > 0)
		notes.push(
			`Not verified against the Azure DevOps project: ${verification.unverified_columns.join(', ')}.`
		);

	const rows: WorkItemRow[] = findings.map((f) => {
		const url = f.affected_url ? publicUrl(f.affected_url) : null;
		return {
			finding_id: f.id,
			source_type: f.source_type,
			source_id: scrubText(f.source_id),
			severity: f.severity,
			affected_url: url,
			work_item_type: mapping.work_item_type,
			title: scrubText(f.title),
			area_path: mapping.area_path,
			iteration_path: mapping.iteration_path,
			priority: priorityOf(f.severity),
			severity_value: severityOf(f.severity),
			description: descriptionOf(f, url, notes),
			tags: [
				findingTag(f.id),
				'webriskops',
				`severity:${f.severity}`,
				...f.labels.map((l) => tag(scrubText(l)))
			].filter((t, i, all) => t && all.indexOf(t) === i)
		};
	});

	const columns = AZURE_BOARDS_COLUMNS.filter((c) => c !== 'Severity' || hasSeverity);
	const cell = (r: WorkItemRow, c: AzureBoardsColumn): string => {
		switch (c) {
			case 'Work Item Type':
				return r.work_item_type;
			case 'Title':
				return r.title;
			case 'Area Path':
				return r.area_path;
			case 'Iteration Path':
				return r.iteration_path;
			case 'Priority':
				return String(r.priority);
			case 'Severity':
				return r.severity_value ?? '';
			case 'Description':
				return r.description;
			case 'Tags':
				return r.tags.join('; ');
		}
	};
	const base = `webriskops-azure-boards-${slug(mapping.project)}-${stamp(input.generated_at)}`;
	const csv = toCsv(
		columns,
		rows.map((r) => columns.map((c) => cell(r, c)))
	);

	const md: string[] = [];
	md.push(
		`# WebRiskOps hand-off to Azure Boards: ${mdEscape(mapping.project ?? 'project not chosen')}`
	);
	md.push('');
	if (input.sample_data)
		md.push(
			'> **Sample data.** Made from the sample findings WebRiskOps ships, not from a real scan.',
			''
		);
	md.push(`- portable_export_format: markdown_export`);
	md.push(`- generated_at: ${mdEscape(input.generated_at)}`);
	md.push(`- reason: ${mdEscape(input.reason)}`);
	md.push(`- work_item_type: ${mdEscape(mapping.work_item_type)}`);
	md.push(`- area_path: ${mdEscape(mapping.area_path)}`);
	md.push(`- iteration_path: ${mdEscape(mapping.iteration_path)}`);
	md.push(`- findings: ${rows.length}`);
	md.push('');
	md.push('## Verification');
	md.push('');
	if (verification.discovered)
		md.push(
			`Checked against the project's discovered types, fields and paths (${verification.checked_at}).`
		);
	else
		md.push(
			`Not verified against the Azure DevOps project: ${verification.unverified_columns.join(', ')}. Check these values before importing.`
		);
	for (const p of verification.problems) md.push(`- **${p.column}:** ${mdEscape(p.message)}`);
	md.push('');
	md.push('## Work items');
	for (const r of rows) {
		md.push('');
		md.push(`### ${mdEscape(r.title)}`);
		md.push('');
		md.push(`- finding id: ${mdCode(r.finding_id)} (tag ${mdCode(findingTag(r.finding_id))})`);
		md.push(`- source: ${mdEscape(r.source_type)} ${mdEscape(r.source_id)}`);
		md.push(
			`- severity: ${mdEscape(r.severity)}; Priority ${r.priority}${r.severity_value ? `; Severity ${mdEscape(r.severity_value)}` : ''}`
		);
		// publicUrl serialised it: http(s) only, and WHATWG percent-encodes "<", ">" and spaces.
		if (r.affected_url) md.push(`- affected URL: <${r.affected_url}>`);
		md.push(`- tags: ${r.tags.map(mdCode).join(', ')}`);
		md.push('');
		for (const line of r.description.split(/\r\n?|\n/))
			md.push(line.length > 0 ? `> ${mdEscape(line)}` : '>');
	}
	md.push('');

	const json = {
		format: 'webriskops.portable_export',
		version: 1,
		portable_export_format: 'json_export',
		generated_at: input.generated_at,
		sample_data: input.sample_data,
		reason: input.reason,
		target: {
			provider: 'azure_devops',
			organization: mapping.organization,
			project: mapping.project,
			work_item_type: mapping.work_item_type,
			area_path: mapping.area_path,
			iteration_path: mapping.iteration_path
		},
		verification,
		csv_columns: columns,
		work_items: rows
	};

	return {
		rows,
		verification,
		columns,
		files: {
			csv_export: {
				format: 'csv_export',
				file_name: `${base}.csv`,
				mime: 'text/csv;charset=utf-8',
				content: csv
			},
			markdown_export: {
				format: 'markdown_export',
				file_name: `${base}-handoff.md`,
				mime: 'text/markdown;charset=utf-8',
				content: md.join('\n')
			},
			json_export: {
				format: 'json_export',
				file_name: `${base}.json`,
				mime: 'application/json',
				content: `${JSON.stringify(json, null, 2)}\n`
			}
		}
	};
}

/** Hex SHA-256 of a file's text (Web Crypto: the browser and Node 20 both have it). */
export async function sha256Hex(text: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The audit detail for one downloaded file: its choice and identity, never its content. */
export async function fallbackAuditDetail(
	file: PortableFile,
	finding_count: number,
	reason: string,
	sample_data: boolean
) {
	return {
		portable_export_format: file.format,
		file_name: file.file_name,
		finding_count,
		sha256: await sha256Hex(file.content),
		reason,
		sample_data
	};
}
