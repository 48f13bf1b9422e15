import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, type SetupDraft, type StepId } from '$lib/domain';
import { evaluateDraft } from '$lib/policy';
import { READY_SERVER_DRAFT, READY_SERVICES_DRAFT, SAMPLE_NOW } from '$lib/policy/sample-drafts';
import { blockersAt } from '$lib/setup/setup.machine';

/**
 * The real rules/ against the statechart's own filter (blockersAt): walking the happy path step
 * by step, nothing blocks the admin early because a later step's data is still missing, and a
 * fault stops the admin at the step where it is fixed.
 */

type Stage = [StepId, SetupDraft];

function serverStages(): Stage[] {
	const full = READY_SERVER_DRAFT;
	const r = full.results;
	const base: SetupDraft = {
		...EMPTY_DRAFT,
		provider_key: full.provider_key,
		deployment_mode: full.deployment_mode,
		auth_method: 'pat',
		attestations: full.attestations
	};
	const urlChecked: SetupDraft = {
		...base,
		base_url: full.base_url,
		organization: full.organization,
		results: { 'base-url': r['base-url'] }
	};
	const network: SetupDraft = { ...urlChecked, allowlist_status: full.allowlist_status };
	const connected: SetupDraft = {
		...network,
		results: { ...network.results, connection: r.connection }
	};
	const project: SetupDraft = {
		...connected,
		project: full.project,
		project_id: full.project_id,
		results: { ...connected.results, discovery: r.discovery }
	};
	const scopes: SetupDraft = {
		...project,
		results: { ...project.results, capabilities: r.capabilities }
	};
	return [
		['base_url', urlChecked],
		['network', network],
		['connection', connected],
		['project', project],
		['scopes', scopes],
		['mapping', full],
		['review', full]
	];
}

function servicesStages(): Stage[] {
	const full = READY_SERVICES_DRAFT;
	const r = full.results;
	const base: SetupDraft = {
		...EMPTY_DRAFT,
		provider_key: full.provider_key,
		deployment_mode: full.deployment_mode,
		allowlist_status: 'not_required',
		organization: full.organization,
		auth_method: 'pat',
		token_expires_at: full.token_expires_at
	};
	const connected: SetupDraft = { ...base, results: { connection: r.connection } };
	const project: SetupDraft = {
		...connected,
		project: full.project,
		results: { ...connected.results, projects: r.projects, discovery: r.discovery }
	};
	const scopes: SetupDraft = {
		...project,
		results: { ...project.results, capabilities: r.capabilities }
	};
	return [
		['organization', base],
		['credential', base],
		['connection', connected],
		['project', project],
		['scopes', scopes],
		['mapping', full],
		['review', full]
	];
}

describe('rules/ along the product path', () => {
	it.each([
		...serverStages().map((s) => ['Server', ...s] as const),
		...servicesStages().map((s) => ['Services', ...s] as const)
	])('%s: nothing blocks at the %s step of a correct setup', async (_provider, step, draft) => {
		const decision = await evaluateDraft(draft, SAMPLE_NOW);
		expect(blockersAt(decision, step)).toEqual([]);
		expect(decision.can_save).toBe(step === 'review' || step === 'mapping');
	});

	it.each<[string, SetupDraft, StepId, StepId]>([
		[
			'a pending network path stops Server at the network step',
			{ ...READY_SERVER_DRAFT, allowlist_status: 'pending' },
			'network',
			'network'
		],
		[
			'missing confirmations stop Server at the confirmations',
			{
				...READY_SERVER_DRAFT,
				attestations: { ...READY_SERVER_DRAFT.attestations, owns_server: false }
			},
			'base_url',
			'attestations'
		],
		[
			'an expired token stops Services at the credential',
			{ ...READY_SERVICES_DRAFT, token_expires_at: '2026-11-01T00:00:00.000Z' },
			'connection',
			'credential'
		],
		[
			'an unacknowledged wide token waits for the scopes step',
			{
				...READY_SERVICES_DRAFT,
				results: {
					...READY_SERVICES_DRAFT.results,
					capabilities: {
						ok: true,
						at: SAMPLE_NOW.toISOString(),
						data: {
							granted: ['project_read', 'work_read', 'work_write'],
							missing: [],
							extra_access: ['code'],
							recommended_scopes: ['vso.work_write', 'vso.project']
						}
					}
				}
			},
			'scopes',
			'scopes'
		]
	])('%s', async (_name, draft, at, fixStep) => {
		const decision = await evaluateDraft(draft, SAMPLE_NOW);
		expect(decision.can_save).toBe(false);
		expect(blockersAt(decision, at)[0]?.step).toBe(fixStep);
	});
});
