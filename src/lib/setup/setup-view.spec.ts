import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, type SetupDraft } from '$lib/domain';
import {
	blockedExplanations,
	busyText,
	expiryToIso,
	filterByText,
	formatUtc,
	isoToDateInput,
	problemsByField,
	progressView,
	readinessRows,
	requiredCustomFields,
	reviewRows,
	stepFromTags,
	stepResults,
	stepsFor,
	tokenPageUrl
} from './setup-view';

const AT = '2026-11-26T10:00:00.000Z';

const servicesDraft: SetupDraft = {
	...EMPTY_DRAFT,
	provider_key: 'azure_devops_services',
	deployment_mode: 'cloud',
	organization: 'fabrikam',
	auth_method: 'pat',
	allowlist_status: 'not_required',
	project: 'Fabrikam Fiber',
	project_id: 'p1',
	mapping: {
		...EMPTY_DRAFT.mapping,
		work_item_type: 'Bug',
		area_path: 'Fabrikam Fiber\\Web',
		iteration_path: 'Fabrikam Fiber\\Sprint 1'
	},
	results: {
		connection: {
			ok: true,
			at: AT,
			data: {
				user: { id: 'u1', display_name: 'Ada Admin' },
				deployment_type: 'hosted',
				instance_id: 'i',
				api_version: '7.1',
				credential_global: false,
				credential_too_broad: false
			}
		},
		discovery: {
			ok: true,
			at: AT,
			data: {
				project: { id: 'p1', name: 'Fabrikam Fiber' },
				process: { name: 'Agile', kind: 'system', template_type_id: 't' },
				work_item_types: [],
				areas: { id: 1, name: 'Fabrikam Fiber', path: 'Fabrikam Fiber' },
				iterations: { id: 2, name: 'Fabrikam Fiber', path: 'Fabrikam Fiber' },
				round_trips: 2
			}
		},
		capabilities: {
			ok: true,
			at: AT,
			data: {
				granted: ['project_read', 'work_read', 'work_write'],
				missing: [],
				extra_access: [],
				recommended_scopes: []
			}
		},
		preflight: { ok: true, at: AT, data: { valid: true, problems: [], operations: [] } }
	}
};

const serverDraft: SetupDraft = {
	...EMPTY_DRAFT,
	provider_key: 'azure_devops_server',
	deployment_mode: 'self-hosted',
	auth_method: 'pat',
	attestations: { owns_server: true, api_reachable: true, scan_export_authorized: true },
	base_url: 'https://devops.example.com/tfs/DefaultCollection/',
	organization: 'DefaultCollection',
	allowlist_status: 'vpn',
	results: {
		'base-url': {
			ok: true,
			at: AT,
			data: {
				url: 'https://devops.example.com/tfs/DefaultCollection',
				host: 'devops.example.com',
				address_class: 'private',
				allowlist_match: true,
				tls: 'trusted',
				reachable: true,
				suggested_allowlist_status: 'allowlisted',
				looks_like_azure_devops: true
			}
		}
	}
};

describe('stepFromTags', () => {
	it.each([
		[['busy', 'step.base_url'], 'base_url'],
		[['step.organization'], 'organization'],
		[['status'], null],
		[['step.nope', 'blocked'], null]
	] as const)('reads %j as %s', (tags, step) => {
		expect(stepFromTags(tags)).toBe(step);
	});
});

describe('stepsFor and progressView', () => {
	it('keeps Server-only steps off the Services path and the reverse', () => {
		expect(stepsFor({ provider_key: 'azure_devops_services' })).not.toContain('base_url');
		expect(stepsFor({ provider_key: 'azure_devops_services' })).toContain('organization');
		expect(stepsFor({ provider_key: 'azure_devops_server' })).toEqual(
			expect.arrayContaining(['attestations', 'base_url', 'network'])
		);
		expect(stepsFor({ provider_key: 'azure_devops_server' })).not.toContain('organization');
	});

	it('groups steps under the four product path segments and marks the current one', () => {
		const segments = progressView({ provider_key: 'azure_devops_server' }, 'project');
		expect(segments.map((s) => s.path)).toEqual([
			'Azure DevOps target',
			'Organization and project check',
			'Work item mapping',
			'Work management export or fallback'
		]);
		expect(segments.filter((s) => s.current).map((s) => s.path)).toEqual([
			'Organization and project check'
		]);
		const flat = segments.flatMap((s) => s.steps);
		expect(flat.find((s) => s.id === 'network')?.state).toBe('done');
		expect(flat.find((s) => s.id === 'project')?.state).toBe('current');
		expect(flat.find((s) => s.id === 'mapping')?.state).toBe('todo');
	});
});

describe('busyText', () => {
	it.each([
		['checkBaseUrl', 'Checking the URL, DNS and network path…'],
		['checkConnection', 'Asking Azure DevOps who this token belongs to…'],
		['discoverProject', "Discovering the project's process, work item types and required fields…"],
		['runDryRunCreate', 'Running a dry-run create (validateOnly, nothing is created)…']
	])('words %s', (id, text) => {
		expect(busyText([id])).toBe(text);
	});
	it('falls back to a neutral sentence for an unknown actor', () => {
		expect(busyText(['somethingElse'])).toBe('Working…');
	});
});

describe('stepResults', () => {
	it('lists Services results before the current step with record field names', () => {
		const results = stepResults(servicesDraft, 'mapping');
		expect(results.map((r) => r.step)).toEqual([
			'provider',
			'organization',
			'credential',
			'connection',
			'project',
			'scopes'
		]);
		expect(results[0]?.sentence).toBe(
			'provider_key is recorded as azure_devops_services before project fields are requested.'
		);
		expect(results[0]?.fields).toEqual([
			{ name: 'provider_key', value: 'azure_devops_services' },
			{ name: 'deployment_mode', value: 'cloud' }
		]);
		expect(results.find((r) => r.step === 'organization')?.fields.map((f) => f.name)).toEqual([
			'organization',
			'base_url',
			'auth_method'
		]);
		expect(results.find((r) => r.step === 'project')?.fields).toContainEqual({
			name: 'project',
			value: 'Fabrikam Fiber'
		});
	});

	it('adds the mapping result once the dry run passed and the admin moved on', () => {
		const results = stepResults(servicesDraft, 'review');
		expect(results.find((r) => r.step === 'mapping')?.fields).toEqual([
			{ name: 'work_item_type', value: 'Bug' },
			{ name: 'area_path', value: 'Fabrikam Fiber\\Web' },
			{ name: 'iteration_path', value: 'Fabrikam Fiber\\Sprint 1' }
		]);
	});

	it('lists Server confirmations, base_url and allowlist_status', () => {
		const results = stepResults(serverDraft, 'credential');
		expect(results.map((r) => r.step)).toEqual(['provider', 'attestations', 'base_url', 'network']);
		expect(results.find((r) => r.step === 'base_url')?.sentence).toContain(
			'private-network checks ran before any token was accepted'
		);
		expect(results.find((r) => r.step === 'network')?.fields).toEqual([
			{ name: 'allowlist_status', value: 'vpn' }
		]);
	});

	it('shows nothing for steps not reached and never a token', () => {
		expect(stepResults(serverDraft, 'base_url').map((r) => r.step)).toEqual([
			'provider',
			'attestations'
		]);
		const saved = stepResults(servicesDraft, 'saved', {
			credential_fingerprint: 'sha256:0123456789abcdef',
			saved_at: AT
		});
		expect(saved.at(-1)?.fields).toEqual([
			{ name: 'credential_fingerprint', value: 'sha256:0123456789abcdef' },
			{ name: 'saved_at', value: '2026-11-26 10:00 UTC' }
		]);
		expect(JSON.stringify(saved)).not.toMatch(/token"/);
	});
});

describe('blockedExplanations', () => {
	const trace = [
		{
			rule_id: 'global-token-blocks',
			title: 'A global token is refused',
			fired: true,
			conditions: [
				{ result: 'passed' as const, text: 'credential_global is true' },
				{ result: 'not_evaluated' as const, text: 'provider_key is azure_devops_services' }
			]
		},
		{
			rule_id: 'project-ready',
			title: 'Project ready',
			fired: false,
			conditions: [
				{ result: 'failed' as const, text: 'project is set' },
				{ result: 'passed' as const, text: 'organization is set' }
			]
		}
	];

	it('explains a fired blocking rule by the conditions that held', () => {
		expect(blockedExplanations({ trace }, [{ rule_id: 'global-token-blocks' }])).toEqual([
			{
				rule_id: 'global-token-blocks',
				title: 'A global token is refused',
				lines: ['credential_global is true']
			}
		]);
	});

	it('explains a rule that did not fire by its failed conditions', () => {
		expect(blockedExplanations({ trace }, [{ rule_id: 'project-ready' }])[0]?.lines).toEqual([
			'project is set'
		]);
	});

	it('says so when the trace lacks the rule, and lists each rule once', () => {
		const out = blockedExplanations({ trace }, [{ rule_id: 'missing' }, { rule_id: 'missing' }]);
		expect(out).toEqual([
			{ rule_id: 'missing', title: 'missing', lines: ['No trace was recorded for this rule.'] }
		]);
		expect(blockedExplanations(null, [{ rule_id: 'x' }])).toEqual([]);
	});
});

describe('small helpers', () => {
	it('builds the token page from the organization or the base_url', () => {
		expect(tokenPageUrl({ provider_key: 'azure_devops_services', organization: 'fabrikam' })).toBe(
			'https://dev.azure.com/fabrikam/_usersSettings/tokens'
		);
		expect(tokenPageUrl(serverDraft)).toBe(
			'https://devops.example.com/tfs/DefaultCollection/_usersSettings/tokens'
		);
		expect(tokenPageUrl({ provider_key: 'azure_devops_server' })).toBeNull();
	});

	it('converts expiry dates both ways and refuses nonsense', () => {
		expect(expiryToIso('2027-01-31')).toBe('2027-01-31T23:59:59.000Z');
		expect(expiryToIso('2027-02-31')).toBe('2027-03-03T23:59:59.000Z');
		expect(expiryToIso('31/01/2027')).toBeUndefined();
		expect(expiryToIso('')).toBeUndefined();
		expect(isoToDateInput('2027-01-31T23:59:59.000Z')).toBe('2027-01-31');
		expect(isoToDateInput(undefined)).toBe('');
		expect(formatUtc('not a date')).toBe('not a date');
	});

	it('filters case-insensitively and keeps order', () => {
		expect(filterByText(['Fabrikam Fiber', 'Contoso', 'fabric'], 'FAB', (s) => s)).toEqual([
			'Fabrikam Fiber',
			'fabric'
		]);
		expect(filterByText(['a', 'b'], '  ', (s) => s)).toEqual(['a', 'b']);
	});

	it('puts preflight problems beside the field they concern', () => {
		const map = problemsByField({
			ok: true,
			data: {
				valid: false,
				operations: [],
				problems: [
					{
						field: 'System.AreaPath',
						message: 'Area does not exist.',
						fix: 'Pick an existing area.'
					},
					{ field: 'Custom.Team', message: 'Team is required.', fix: '' }
				]
			}
		});
		expect(map.get('area_path')).toEqual(['Area does not exist. Pick an existing area.']);
		expect(map.get('custom:Custom.Team')).toEqual(['Team is required.']);
		expect(problemsByField(undefined).size).toBe(0);
	});

	it('asks only for required fields nothing else fills', () => {
		const f = (reference_name: string, always_required: boolean, filled_by_server = false) => ({
			reference_name,
			always_required,
			filled_by_server
		});
		const fields = requiredCustomFields({
			description_field: 'Microsoft.VSTS.TCM.ReproSteps',
			fields: [
				f('System.Title', true),
				f('Custom.Team', true),
				f('Custom.Optional', false),
				f('System.State', true, true)
			]
		});
		expect(fields.map((x) => x.reference_name)).toEqual(['Custom.Team']);
	});

	it('lists the provider record rows and the readiness flags for the chosen provider', () => {
		const rows = reviewRows(servicesDraft);
		expect(rows.map((r) => r.name)).toEqual([
			'provider_key',
			'deployment_mode',
			'base_url',
			'organization',
			'project',
			'auth_method',
			'allowlist_status',
			'work_item_type',
			'area_path',
			'iteration_path',
			'priority_mapping',
			'assignee_mapping'
		]);
		expect(rows.find((r) => r.name === 'base_url')?.value).toBe('https://dev.azure.com/fabrikam');
		const flags = readinessRows({ services_ready: true, can_save: false }, 'azure_devops_services');
		expect(flags.map((f) => f.flag)).not.toContain('server_ready');
		expect(flags.find((f) => f.flag === 'services_ready')?.ready).toBe(true);
		expect(flags.find((f) => f.flag === 'can_save')?.ready).toBe(false);
	});
});
