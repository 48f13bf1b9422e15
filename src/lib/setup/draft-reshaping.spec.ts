import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, type ProbeResponse, type SetupDraft } from '$lib/domain';
import {
	changeMapping,
	chooseProject,
	enterBaseUrl,
	enterOrganization,
	mergeProjectLookup,
	newCredential,
	recordDiscovery,
	switchProvider,
	withResult
} from './draft-reshaping';
import {
	baseUrlOk,
	capabilitiesOk,
	connectionOk,
	discovery,
	ok,
	preflightOk,
	projectsOk,
	SERVER_URL
} from '$lib/domain/probe-responses.stubs';

const AT = '2026-11-26T10:00:00.000Z';
const failure: ProbeResponse<'projects'> = {
	ok: false,
	code: 'PROVIDER_RATE_LIMITED',
	message: 'Too many requests.',
	fix: 'Wait and retry.',
	retry_after: 30
};

/** A draft that has been through every check, to see what each rule keeps and drops. */
function checked(patch: Partial<SetupDraft> = {}): SetupDraft {
	let d: SetupDraft = {
		...EMPTY_DRAFT,
		provider_key: 'azure_devops_services',
		deployment_mode: 'cloud',
		organization: 'fabrikam',
		auth_method: 'pat',
		allowlist_status: 'not_required',
		project: 'Fabrikam Fiber',
		project_id: 'p1',
		token_expires_at: AT,
		broad_scopes_acknowledged: true,
		mapping: {
			...EMPTY_DRAFT.mapping,
			work_item_type: 'Bug',
			area_path: 'Fabrikam Fiber',
			iteration_path: 'Fabrikam Fiber',
			custom_fields: { 'Custom.Team': 'Web' }
		},
		...patch
	};
	d = withResult(d, 'base-url', baseUrlOk, AT);
	d = withResult(d, 'connection', connectionOk, AT);
	d = withResult(d, 'projects', projectsOk, AT);
	d = withResult(d, 'discovery', ok<'discovery'>(discovery), AT);
	d = withResult(d, 'identities', ok<'identities'>({ identities: [] }), AT);
	d = withResult(d, 'capabilities', capabilitiesOk, AT);
	return withResult(d, 'preflight', preflightOk, AT);
}
const kept = (d: SetupDraft) => Object.keys(d.results).sort();
const ALL = [
	'base-url',
	'capabilities',
	'connection',
	'discovery',
	'identities',
	'preflight',
	'projects'
];

describe('withResult', () => {
	it.each([
		['an answer', baseUrlOk, { ok: true, data: baseUrlOk.ok && baseUrlOk.data, at: AT }],
		[
			'a refusal',
			{ ...failure, diagnostics: { duration_ms: 3 } },
			{ ...failure, check: undefined, ok: false, at: AT }
		]
	])('stores %s as an outcome without diagnostics', (_what, response, outcome) => {
		const d = withResult(EMPTY_DRAFT, 'base-url', response as ProbeResponse<'base-url'>, AT);
		expect(d.results['base-url']).toEqual(outcome);
	});
});

describe('switchProvider: a provider switch starts a new draft', () => {
	const services = checked();
	const server = checked({
		provider_key: 'azure_devops_server',
		deployment_mode: 'self-hosted',
		organization: 'DefaultCollection',
		base_url: SERVER_URL,
		attestations: { owns_server: true, api_reachable: true, scan_export_authorized: true }
	});
	it.each([
		[
			'fresh → Services',
			EMPTY_DRAFT,
			'azure_devops_services',
			{ organization: undefined, allowlist_status: 'not_required', deployment_mode: 'cloud' }
		],
		[
			'Services → Services keeps the organization',
			services,
			'azure_devops_services',
			{ organization: 'fabrikam' }
		],
		[
			'Server → Services drops the server',
			server,
			'azure_devops_services',
			{ organization: undefined, base_url: undefined, attestations: EMPTY_DRAFT.attestations }
		],
		[
			'Server → Server keeps confirmations and base_url',
			server,
			'azure_devops_server',
			{ base_url: SERVER_URL, attestations: server.attestations, auth_method: 'pat' }
		],
		[
			'Services → Server: no organization, PAT only',
			services,
			'azure_devops_server',
			{
				organization: undefined,
				base_url: undefined,
				auth_method: 'pat',
				deployment_mode: 'self-hosted'
			}
		]
	] as const)('%s', (_what, from, to, expected) => {
		const d = switchProvider(from, to);
		expect(d.provider_key).toBe(to);
		for (const [key, value] of Object.entries(expected))
			expect(d[key as keyof SetupDraft], key).toEqual(value);
		// Everything else starts over: no results, no project, the default mapping.
		expect(d.results).toEqual({});
		expect(d.project_id).toBeUndefined();
		expect(d.mapping).toEqual(EMPTY_DRAFT.mapping);
		expect(d.broad_scopes_acknowledged).toBe(false);
	});
});

describe('inputs that identify the target drop the checks made for the old one', () => {
	it.each([
		[
			'the same organization (typed with spaces)',
			() => enterOrganization(checked(), ' fabrikam '),
			ALL,
			'p1'
		],
		[
			'another organization',
			() => enterOrganization(checked(), 'contoso'),
			['base-url'],
			undefined
		],
		[
			'the same base_url',
			() => enterBaseUrl(checked({ base_url: SERVER_URL }), ` ${SERVER_URL} `),
			ALL,
			'p1'
		],
		[
			'another base_url',
			() => enterBaseUrl(checked({ base_url: SERVER_URL }), 'https://tfs.example.org/tfs/Main'),
			[],
			undefined
		]
	])('%s', (_what, reshape, results, project_id) => {
		const d = reshape();
		expect(kept(d)).toEqual(results);
		expect(d.project_id).toBe(project_id);
	});

	it('reads the collection from the base_url', () => {
		expect(enterBaseUrl(EMPTY_DRAFT, 'https://tfs.example.org/tfs/Main').organization).toBe('Main');
	});
});

describe('newCredential: every check made with the old credential is dropped', () => {
	it.each([
		['a pasted token also drops the broad-token acknowledgement', 'pasted', false],
		['an Entra ID sign-in keeps it', 'entra', true]
	] as const)('%s', (_what, how, acknowledged) => {
		const d = newCredential(checked(), '2027-01-01T00:00:00.000Z', how);
		expect(kept(d)).toEqual(['base-url']);
		expect(d.token_expires_at).toBe('2027-01-01T00:00:00.000Z');
		expect(d.broad_scopes_acknowledged).toBe(acknowledged);
		expect(d.project_id).toBe('p1');
	});
});

describe('chooseProject: the mapping belongs to the project', () => {
	it.each([
		['a project not in the list', 'p9', null],
		[
			'the same project keeps checks and mapping',
			'p1',
			{ results: ALL, work_item_type: 'Bug', custom_fields: { 'Custom.Team': 'Web' } }
		]
	] as const)('%s', (_what, id, expected) => {
		const d = chooseProject(checked(), id);
		if (expected === null) return expect(d).toBeNull();
		expect(kept(d!)).toEqual(expected.results);
		expect(d!.mapping).toMatchObject({
			work_item_type: expected.work_item_type,
			custom_fields: expected.custom_fields
		});
	});

	it('a different project drops its checks and the process-bound mapping fields', () => {
		const list = ok<'projects'>({
			projects: [
				{ id: 'p1', name: 'Fabrikam Fiber', state: 'wellFormed' },
				{ id: 'p2', name: 'Contoso', state: 'wellFormed' }
			],
			pages: 1,
			complete: true
		});
		const d = chooseProject(withResult(checked(), 'projects', list, AT), 'p2')!;
		expect(d).toMatchObject({ project: 'Contoso', project_id: 'p2' });
		expect(kept(d)).toEqual(['base-url', 'connection', 'projects']);
		expect(d.mapping).toEqual({
			...EMPTY_DRAFT.mapping,
			work_item_type: undefined,
			area_path: undefined,
			iteration_path: undefined,
			custom_fields: {}
		});
	});
});

describe('mergeProjectLookup: a by-name lookup adds to the list', () => {
	const hit = ok<'projects'>({
		projects: [{ id: 'p2', name: 'Contoso', state: 'wellFormed' }],
		pages: 1,
		complete: true
	});
	const again = ok<'projects'>({ ...(projectsOk.ok && projectsOk.data) });
	const none = ok<'projects'>({ projects: [], pages: 1, complete: true });
	it.each([
		['no list yet: the answer is the list', EMPTY_DRAFT, hit, ['p2'], null],
		['a refusal replaces the list', checked(), failure, null, null],
		['a hit is added', checked(), hit, ['p1', 'p2'], true],
		['a hit already listed is not repeated', checked(), again, ['p1'], true],
		['no hit leaves the list', checked(), none, ['p1'], false]
	] as const)('%s', (_what, draft, response, ids, found) => {
		const r = mergeProjectLookup(draft, response, AT);
		const list = r.draft.results.projects;
		expect(list?.ok ? list.data.projects.map((p) => p.id) : null).toEqual(ids);
		expect(r.found).toBe(found);
	});
});

describe('recordDiscovery: the mapping is seeded from the process', () => {
	const { team_default_area: _a, team_default_iteration: _i, ...noTeam } = discovery;
	it.each([
		[
			'team defaults first',
			EMPTY_DRAFT.mapping,
			ok<'discovery'>(discovery),
			['Bug', 'Fabrikam Fiber\\Web', 'Fabrikam Fiber\\Sprint 1']
		],
		[
			'the project roots without a team',
			EMPTY_DRAFT.mapping,
			ok<'discovery'>(noTeam),
			['Bug', 'Fabrikam Fiber', 'Fabrikam Fiber']
		],
		[
			'earlier choices kept',
			{ ...EMPTY_DRAFT.mapping, work_item_type: 'Task', area_path: 'Fabrikam Fiber\\Ops' },
			ok<'discovery'>(discovery),
			['Task', 'Fabrikam Fiber\\Ops', 'Fabrikam Fiber\\Sprint 1']
		],
		[
			'nothing seeded from a refusal',
			EMPTY_DRAFT.mapping,
			failure,
			[undefined, undefined, undefined]
		]
	] as const)('%s', (_what, mapping, response, [type, area, iteration]) => {
		const d = recordDiscovery(
			{ ...EMPTY_DRAFT, mapping },
			response as ProbeResponse<'discovery'>,
			AT
		);
		expect(d.results.discovery?.ok).toBe(response.ok);
		expect([d.mapping.work_item_type, d.mapping.area_path, d.mapping.iteration_path]).toEqual([
			type,
			area,
			iteration
		]);
	});
});

describe('changeMapping: a mapping change makes the dry run stale', () => {
	it('drops only the dry run and merges the change', () => {
		const d = changeMapping(checked(), { area_path: 'Fabrikam Fiber\\Web' });
		expect(kept(d)).toEqual(ALL.filter((p) => p !== 'preflight'));
		expect(d.mapping).toMatchObject({ work_item_type: 'Bug', area_path: 'Fabrikam Fiber\\Web' });
	});
});
