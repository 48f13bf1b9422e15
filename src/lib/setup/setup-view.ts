import {
	ALLOWLIST_STATUS_LABEL,
	AUTH_METHOD_LABEL,
	CAPABILITIES,
	PROVIDER_LABEL,
	STEPS,
	servicesBaseUrl,
	type BlockedCode,
	type PreflightData,
	type SetupDraft,
	type SeverityMapping,
	type StepId
} from '$lib/domain';
import { suppliedOutsideCustomFields } from '$lib/domain/mapping-fields';
import { effectiveSeverityMapping } from './severity-mapping';

/**
 * Pure view helpers for the setup wizard: what to show, computed from the chart's context and the
 * policy decision. Nothing here decides readiness; it only words what the chart and rules decided.
 */

/** One blocked entry of the policy decision (structurally the policy's own type). */
export interface BlockedEntry {
	code: BlockedCode;
	rule_id: string;
	message: string;
	fix: string;
	step: StepId;
	detail?: string | undefined;
}

/** The part of the decision trace the "Why is this blocked?" panel reads. */
export interface TraceEntryLike {
	rule_id: string;
	title: string;
	fired: boolean;
	conditions: ReadonlyArray<{ result: 'passed' | 'failed' | 'not_evaluated'; text: string }>;
}

export interface Explanation {
	rule_id: string;
	title: string;
	lines: string[];
}

const STEP_IDS = new Set<string>(STEPS.map((s) => s.id));

/** The step a snapshot shows, read from its `step.<id>` tag. */
export function stepFromTags(tags: Iterable<string>): StepId | null {
	for (const tag of tags) {
		if (tag.startsWith('step.') && STEP_IDS.has(tag.slice(5))) return tag.slice(5) as StepId;
	}
	return null;
}

const SERVICES_ONLY: ReadonlySet<StepId> = new Set(['organization']);
const SERVER_ONLY: ReadonlySet<StepId> = new Set(['attestations', 'base_url', 'network']);

/** The steps on this provider's path (before a provider is chosen, Services' shorter path). */
export function stepsFor(draft: Pick<SetupDraft, 'provider_key'>): StepId[] {
	const server = draft.provider_key === 'azure_devops_server';
	return STEPS.map((s) => s.id).filter((id) =>
		server ? !SERVICES_ONLY.has(id) : !SERVER_ONLY.has(id)
	);
}

export interface ProgressSegment {
	path: string;
	current: boolean;
	steps: Array<{ id: StepId; title: string; state: 'done' | 'current' | 'todo' }>;
}

/** The product path, each segment with its steps and where the admin is. */
export function progressView(
	draft: Pick<SetupDraft, 'provider_key'>,
	current: StepId | null
): ProgressSegment[] {
	const ids = stepsFor(draft);
	const here = current ? ids.indexOf(current) : -1;
	const segments: ProgressSegment[] = [];
	ids.forEach((id, i) => {
		const step = STEPS.find((s) => s.id === id);
		if (!step) return;
		const state = i < here ? 'done' : i === here ? 'current' : 'todo';
		let segment = segments.at(-1);
		if (!segment || segment.path !== step.path) {
			segment = { path: step.path, current: false, steps: [] };
			segments.push(segment);
		}
		segment.steps.push({ id, title: step.title, state });
		if (state === 'current') segment.current = true;
	});
	return segments;
}

/** What the admin waits for, keyed by the id of the invoked actor that is running. */
const BUSY_TEXT: Record<string, string> = {
	checkBaseUrl: 'Checking the URL, DNS and network path…',
	signInWithEntra: 'Waiting for the Microsoft Entra ID sign-in…',
	checkConnection: 'Asking Azure DevOps who this token belongs to…',
	listProjects: 'Loading the projects this credential can see…',
	discoverProject: "Discovering the project's process, work item types and required fields…",
	proveScopes: 'Proving each permission export needs (nothing is created)…',
	lookUpAssignee: 'Looking up people in Azure DevOps…',
	runDryRunCreate: 'Running a dry-run create (validateOnly, nothing is created)…',
	evaluatePolicy: 'Checking the results against the readiness rules…',
	saveTarget: 'Encrypting the token and saving the target…'
};

/** A plain sentence for the busy line; the invoked actor ids say what is being checked. */
export function busyText(runningActorIds: Iterable<string>): string {
	for (const id of runningActorIds) {
		const text = BUSY_TEXT[id];
		if (text) return text;
	}
	return 'Working…';
}

export interface ResultField {
	name: string;
	value: string;
}

export interface StepResult {
	step: StepId;
	title: string;
	/** The "Result:" sentence of the product page for this step. */
	sentence: string;
	fields: ResultField[];
}

function field(name: string, value: string | undefined | null): ResultField[] {
	return value ? [{ name, value }] : [];
}

/**
 * The "Result:" confirmation of every step completed before `current`, in product order, with the
 * field names the provider record uses. Only recorded values appear; never a token.
 */
export function stepResults(
	draft: SetupDraft,
	current: StepId,
	saved: { credential_fingerprint: string; saved_at: string } | null = null
): StepResult[] {
	const ids = stepsFor(draft);
	const here = ids.indexOf(current);
	const done = (id: StepId) => {
		const i = ids.indexOf(id);
		return i !== -1 && (here === -1 || i < here || (id === 'saved' && saved !== null));
	};
	const r = draft.results;
	const out: StepResult[] = [];
	const add = (step: StepId, sentence: string, fields: ResultField[]) => {
		if (!done(step)) return;
		out.push({ step, title: STEPS.find((s) => s.id === step)?.title ?? step, sentence, fields });
	};

	if (draft.provider_key) {
		add(
			'provider',
			`provider_key is recorded as ${draft.provider_key} before project fields are requested.`,
			[
				...field('provider_key', draft.provider_key),
				...field('deployment_mode', draft.deployment_mode)
			]
		);
	}
	if (draft.provider_key === 'azure_devops_services' && draft.organization && draft.auth_method) {
		add(
			'organization',
			'Credentials are limited to the Azure Boards organization that will receive work items.',
			[
				...field('organization', draft.organization),
				...field('base_url', servicesBaseUrl(draft.organization)),
				...field('auth_method', draft.auth_method)
			]
		);
	}
	if (
		draft.provider_key === 'azure_devops_server' &&
		Object.values(draft.attestations).every(Boolean)
	) {
		add(
			'attestations',
			'The customer confirmed ownership, a reachable collection/project API and scan or export authorization.',
			[]
		);
	}
	if (draft.provider_key === 'azure_devops_server' && r['base-url']?.ok) {
		add(
			'base_url',
			'deployment_mode is self-hosted and private-network checks ran before any token was accepted.',
			[...field('base_url', draft.base_url), ...field('deployment_mode', draft.deployment_mode)]
		);
	}
	if (draft.provider_key === 'azure_devops_server' && draft.allowlist_status) {
		add(
			'network',
			'Firewall, VPN or approved tunnel state is visible before WebRiskOps tries provider API calls.',
			[...field('allowlist_status', draft.allowlist_status)]
		);
	}
	if (r.connection?.ok) {
		const c = r.connection.data;
		add(
			'credential',
			'The credential is held in memory only; nothing secret is stored until Save.',
			[
				...field('auth_method', draft.auth_method),
				...field('token_expires_at', draft.token_expires_at)
			]
		);
		add('connection', `Azure DevOps accepted the credential of ${c.user.display_name}.`, [
			...field('organization', draft.organization),
			...field('api_version', c.api_version)
		]);
	}
	if (r.discovery?.ok) {
		const d = r.discovery.data;
		add(
			'project',
			'WebRiskOps can discover the project process, work item types and required fields before export.',
			[
				...field('organization', draft.organization),
				...field('project', draft.project),
				...field('process', `${d.process.name} (${d.process.kind})`)
			]
		);
	}
	if (r.capabilities?.ok && r.capabilities.data.missing.length === 0) {
		add(
			'scopes',
			'WebRiskOps can validate work_item_type, area_path, iteration_path, priority and assignee mapping without asking for unrelated Azure DevOps access.',
			[
				...field(
					'scopes',
					CAPABILITIES.filter(
						(c) => r.capabilities?.ok && r.capabilities.data.granted.includes(c.id)
					)
						.map((c) => c.pat_label)
						.filter((v, i, a) => a.indexOf(v) === i)
						.join(', ')
				)
			]
		);
	}
	if (r.preflight?.ok && r.preflight.data.valid) {
		add(
			'mapping',
			'The dry-run create passed (validateOnly): nothing was created in Azure DevOps.',
			[
				...field('work_item_type', draft.mapping.work_item_type),
				...field('area_path', draft.mapping.area_path),
				...field('iteration_path', draft.mapping.iteration_path)
			]
		);
	}
	if (saved) {
		add(
			'review',
			'The Azure DevOps target is available to work management export without exposing secrets.',
			[
				...field('credential_fingerprint', saved.credential_fingerprint),
				...field('saved_at', formatUtc(saved.saved_at))
			]
		);
	}
	return out;
}

/**
 * "Why is this blocked?": for each blocked entry, its rule's title and id and the conditions that
 * decided it, in the words the policy trace already carries. A rule that fired is explained by the
 * conditions that held; one that did not fire by those that failed.
 */
export function blockedExplanations(
	decision: { trace: readonly TraceEntryLike[] } | null,
	entries: readonly Pick<BlockedEntry, 'rule_id'>[]
): Explanation[] {
	if (!decision) return [];
	const out: Explanation[] = [];
	const seen = new Set<string>();
	for (const entry of entries) {
		if (seen.has(entry.rule_id)) continue;
		seen.add(entry.rule_id);
		const rule = decision.trace.find((t) => t.rule_id === entry.rule_id);
		if (!rule) {
			out.push({
				rule_id: entry.rule_id,
				title: entry.rule_id,
				lines: ['No trace was recorded for this rule.']
			});
			continue;
		}
		const wanted = rule.fired ? 'passed' : 'failed';
		const lines = rule.conditions.filter((c) => c.result === wanted).map((c) => c.text);
		out.push({
			rule_id: rule.rule_id,
			title: rule.title,
			lines: lines.length > 0 ? lines : ['No condition details were recorded.']
		});
	}
	return out;
}

/** Where the admin creates a personal access token, built from what was entered. */
export function tokenPageUrl(
	draft: Pick<SetupDraft, 'provider_key' | 'organization' | 'base_url'>
): string | null {
	if (draft.provider_key === 'azure_devops_server') {
		if (!draft.base_url) return null;
		return `${draft.base_url.replace(/\/+$/, '')}/_usersSettings/tokens`;
	}
	if (!draft.organization) return null;
	return `${servicesBaseUrl(draft.organization)}/_usersSettings/tokens`;
}

/** A date input's value (YYYY-MM-DD) as the end of that day in UTC, the form the draft stores. */
export function expiryToIso(date: string): string | undefined {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
	const parsed = new Date(`${date}T23:59:59.000Z`);
	return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

/** The reverse, for showing a stored expiry in a date input. */
export function isoToDateInput(iso: string | undefined): string {
	return iso && /^\d{4}-\d{2}-\d{2}T/.test(iso) ? iso.slice(0, 10) : '';
}

/** Timestamps are shown the same way for every admin, whatever their browser's zone. */
export function formatUtc(iso: string): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Filter for long lists (projects): case-insensitive substring, order kept. */
export function filterByText<T>(
	items: readonly T[],
	query: string,
	text: (item: T) => string,
	limit = Infinity
): T[] {
	const q = query.trim().toLowerCase();
	const out: T[] = [];
	for (const item of items) {
		if (out.length >= limit) break;
		if (q === '' || text(item).toLowerCase().includes(q)) out.push(item);
	}
	return out;
}

/** Which mapping input a preflight problem belongs beside. */
export type MappingFieldKey =
	| 'work_item_type'
	| 'area_path'
	| 'iteration_path'
	| 'priority'
	| 'severity'
	| 'assignee'
	| `custom:${string}`;

const FIELD_KEYS: Record<string, MappingFieldKey> = {
	'System.WorkItemType': 'work_item_type',
	'System.AreaPath': 'area_path',
	'System.AreaId': 'area_path',
	'System.IterationPath': 'iteration_path',
	'System.IterationId': 'iteration_path',
	'Microsoft.VSTS.Common.Priority': 'priority',
	'Microsoft.VSTS.Common.Severity': 'severity',
	'System.AssignedTo': 'assignee',
	work_item_type: 'work_item_type',
	area_path: 'area_path',
	iteration_path: 'iteration_path',
	priority: 'priority',
	severity: 'severity',
	assignee: 'assignee'
};

export function mappingFieldKey(field: string): MappingFieldKey {
	return FIELD_KEYS[field] ?? `custom:${field}`;
}

/** Preflight problems grouped by the mapping input they concern. */
export function problemsByField(
	preflight: { ok: true; data: PreflightData } | { ok: false } | undefined
): Map<MappingFieldKey, string[]> {
	const map = new Map<MappingFieldKey, string[]>();
	if (!preflight?.ok) return map;
	for (const p of preflight.data.problems) {
		const key = mappingFieldKey(p.field);
		const list = map.get(key) ?? [];
		list.push(p.fix ? `${p.message} ${p.fix}` : p.message);
		map.set(key, list);
	}
	return map;
}

/** Fields the admin must supply because the type requires them and nothing else fills them. */
export function requiredCustomFields<
	F extends { reference_name: string; always_required: boolean; filled_by_server: boolean }
>(type: { fields: readonly F[]; description_field?: string } | undefined): F[] {
	if (!type) return [];
	return type.fields.filter(
		(f) =>
			f.always_required &&
			!f.filled_by_server &&
			!suppliedOutsideCustomFields(f.reference_name) &&
			f.reference_name !== type.description_field
	);
}

export interface ReviewRow {
	name: string;
	value: string;
}

/** The provider record fields Work management export will use, as the review step lists them. */
function severityRow(mapping: SeverityMapping | null): string | undefined {
	return mapping
		? Object.entries(mapping)
				.map(([s, v]) => `${s} → ${v}`)
				.join(', ')
		: undefined;
}

export function reviewRows(draft: SetupDraft): ReviewRow[] {
	const m = draft.mapping;
	const base_url =
		draft.provider_key === 'azure_devops_server'
			? draft.base_url
			: draft.organization
				? servicesBaseUrl(draft.organization)
				: undefined;
	const assignee =
		m.assignee_mapping.mode === 'identity'
			? `${m.assignee_mapping.display_name} (${m.assignee_mapping.unique_name})`
			: m.assignee_mapping.mode === 'team_default'
				? 'Team default'
				: 'Unassigned';
	const rows: Array<[string, string | undefined]> = [
		[
			'provider_key',
			draft.provider_key
				? `${draft.provider_key} (${PROVIDER_LABEL[draft.provider_key]})`
				: undefined
		],
		['deployment_mode', draft.deployment_mode],
		['base_url', base_url],
		['organization', draft.organization],
		['project', draft.project],
		[
			'auth_method',
			draft.auth_method
				? `${draft.auth_method} (${AUTH_METHOD_LABEL[draft.auth_method]})`
				: undefined
		],
		[
			'allowlist_status',
			draft.allowlist_status
				? `${draft.allowlist_status} (${ALLOWLIST_STATUS_LABEL[draft.allowlist_status]})`
				: undefined
		],
		['work_item_type', m.work_item_type],
		['area_path', m.area_path],
		['iteration_path', m.iteration_path],
		[
			'priority_mapping',
			Object.entries(m.priority_mapping)
				.map(([s, p]) => `${s} → ${p}`)
				.join(', ')
		],
		['severity_mapping', severityRow(effectiveSeverityMapping(draft))],
		['assignee_mapping', assignee],
		[
			'custom_fields',
			Object.entries(m.custom_fields)
				.map(([k, v]) => `${k} = ${v}`)
				.join(', ') || undefined
		],
		['token_expires_at', draft.token_expires_at ? formatUtc(draft.token_expires_at) : undefined]
	];
	return rows
		.filter((r): r is [string, string] => typeof r[1] === 'string' && r[1] !== '')
		.map(([name, value]) => ({ name, value }));
}

export const READINESS_FLAGS = [
	{ flag: 'services_ready', label: 'Azure DevOps Services ready' },
	{ flag: 'server_ready', label: 'Azure DevOps Server ready' },
	{ flag: 'project_ready', label: 'Project ready' },
	{ flag: 'field_mapping_ready', label: 'Field mapping ready' },
	{ flag: 'network_ready', label: 'Network ready' },
	{ flag: 'can_save', label: 'Can save' }
] as const;

export type ReadinessFlag = (typeof READINESS_FLAGS)[number]['flag'];

/** The decision's readiness flags, labelled; Services/Server only for the chosen provider. */
export function readinessRows(
	decision: Partial<Record<ReadinessFlag, boolean>> | null,
	provider_key: SetupDraft['provider_key']
): Array<{ flag: ReadinessFlag; label: string; ready: boolean }> {
	return READINESS_FLAGS.filter(
		(f) =>
			!(f.flag === 'services_ready' && provider_key === 'azure_devops_server') &&
			!(f.flag === 'server_ready' && provider_key !== 'azure_devops_server')
	).map((f) => ({ flag: f.flag, label: f.label, ready: decision?.[f.flag] === true }));
}
