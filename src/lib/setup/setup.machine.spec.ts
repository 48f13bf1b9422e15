import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, type AnyActorRef } from 'xstate';
import { getShortestPaths } from '@xstate/graph';
import { CODE_CATALOGUE, EMPTY_DRAFT, type BlockedCode, type ProbeName, type ProbeResponse, type SetupDraft, type StepId } from '$lib/domain';
import type { SetupDecision } from '$lib/policy';
import { setupMachine, type SetupInput, type SetupSnapshot } from './setup.machine';
import { inputFromPersisted, toPersisted } from './setup-persistence';
import type { SetupEvent } from './setup.events';

// ---- fakes: the chart is tested with its actors replaced, as it will be bound in the app ----

function decision(blocked: Array<{ code: BlockedCode; step?: StepId }> = [], can_save = false): SetupDecision {
	return {
		services_ready: false,
		server_ready: false,
		project_ready: false,
		field_mapping_ready: false,
		network_ready: false,
		can_save,
		blocked: blocked.map((b) => ({
			code: b.code,
			rule_id: `test-${b.code.toLowerCase()}`,
			message: CODE_CATALOGUE[b.code].message,
			fix: CODE_CATALOGUE[b.code].fix,
			step: b.step ?? CODE_CATALOGUE[b.code].step
		})),
		trace: []
	} as unknown as SetupDecision;
}

const ok = <P extends ProbeName>(data: unknown): ProbeResponse<P> => ({ ok: true, data, diagnostics: { duration_ms: 1 } }) as ProbeResponse<P>;

const discovery = {
	project: { id: 'p1', name: 'Fabrikam Fiber' },
	process: { name: 'Agile', kind: 'system', template_type_id: 'adcc42ab-9882-485e-a3ed-7678f01f66bc' },
	work_item_types: [{ name: 'Bug', reference_name: 'Microsoft.VSTS.WorkItemTypes.Bug', description_field: 'Microsoft.VSTS.TCM.ReproSteps', fields: [] }],
	recommended_type: 'Bug',
	areas: { id: 1, name: 'Fabrikam Fiber', path: 'Fabrikam Fiber' },
	iterations: { id: 2, name: 'Fabrikam Fiber', path: 'Fabrikam Fiber' },
	team_default_area: 'Fabrikam Fiber\\Web',
	team_default_iteration: 'Fabrikam Fiber\\Sprint 1',
	round_trips: 2
};

interface Script {
	decisions?: SetupDecision[];
	baseUrl?: ProbeResponse<'base-url'>;
	saved?: string[];
}

function machineWith(script: Script = {}) {
	const decisions = [...(script.decisions ?? [])];
	const calls: string[] = [];
	const machine = setupMachine.provide({
		actors: {
			checkBaseUrl: fromPromise(async () => {
				calls.push('base-url');
				return script.baseUrl ?? ok<'base-url'>({ url: 'https://devops.example.com/tfs/DefaultCollection', host: 'devops.example.com', address_class: 'public', allowlist_match: false, tls: 'trusted', reachable: true, suggested_allowlist_status: 'direct', looks_like_azure_devops: true });
			}),
			checkConnection: fromPromise(async ({ input }) => {
				calls.push(`connection:${input.token === null ? 'no-token' : 'token'}`);
				return ok<'connection'>({ user: { id: 'u1', display_name: 'Admin' }, deployment_type: 'hosted', instance_id: 'i1', api_version: '7.1', credential_global: false, credential_too_broad: false });
			}),
			listProjects: fromPromise(async () => {
				calls.push('projects');
				return ok<'projects'>({ projects: [{ id: 'p1', name: 'Fabrikam Fiber', state: 'wellFormed' }], pages: 1, complete: true });
			}),
			discoverProject: fromPromise(async () => {
				calls.push('discovery');
				return ok<'discovery'>(discovery);
			}),
			proveScopes: fromPromise(async () => {
				calls.push('capabilities');
				return ok<'capabilities'>({ granted: ['project_read', 'work_read', 'work_write'], missing: [], extra_access: [], recommended_scopes: [] });
			}),
			lookUpAssignee: fromPromise(async () => ok<'identities'>({ identities: [] })),
			runDryRunCreate: fromPromise(async () => {
				calls.push('preflight');
				return ok<'preflight'>({ valid: true, problems: [], operations: [] });
			}),
			evaluatePolicy: fromPromise(async () => {
				calls.push('policy');
				return decisions.shift() ?? decision();
			}),
			saveTarget: fromPromise(async ({ input }) => {
				calls.push(`save:${input.token}`);
				return { target_id: 't1', credential_fingerprint: 'sha256:0123456789abcdef', saved_at: '2026-11-26T10:00:00.000Z' };
			}),
			signInWithEntra: fromPromise(async () => ({ access_token: 'entra-access', expires_at: '2026-11-26T11:00:00.000Z' }))
		}
	});
	return { machine, calls };
}

function start(script: Script = {}, input: SetupInput = {}) {
	const { machine, calls } = machineWith(script);
	const actor = createActor(machine, { input }).start();
	return { actor, calls };
}

async function settled(actor: AnyActorRef): Promise<SetupSnapshot> {
	// Invoked fake actors resolve in microtasks; wait until no busy state remains.
	for (let i = 0; i < 50; i++) {
		const snap = actor.getSnapshot() as SetupSnapshot;
		if (!snap.hasTag('busy')) return snap;
		await new Promise((r) => setTimeout(r, 0));
	}
	throw new Error('chart stayed busy');
}

function send(actor: AnyActorRef, ...events: SetupEvent[]) {
	for (const e of events) actor.send(e);
}

const SERVER_URL = 'https://devops.example.com/tfs/DefaultCollection';

async function toServerCredential(script: Script = {}) {
	const { actor, calls } = start(script);
	send(actor, { type: 'setup.started' }, { type: 'provider.chosen', provider_key: 'azure_devops_server' });
	for (const attestation of ['owns_server', 'api_reachable', 'scan_export_authorized'] as const) send(actor, { type: 'attestation.changed', attestation, value: true });
	send(actor, { type: 'attestations.confirmed' }, { type: 'base_url.submitted', base_url: SERVER_URL });
	await settled(actor);
	send(actor, { type: 'network.confirmed', allowlist_status: 'direct' });
	await settled(actor);
	return { actor, calls };
}

describe('setup statechart: the product path', () => {
	it('starts on Integration status and asks for nothing before the provider is chosen', () => {
		const { actor } = start();
		const snap = actor.getSnapshot();
		expect(snap.value).toBe('integrationStatus');
		actor.send({ type: 'organization.submitted', organization: 'fabrikam' });
		actor.send({ type: 'base_url.submitted', base_url: SERVER_URL });
		expect(actor.getSnapshot().value).toBe('integrationStatus');
		expect(actor.getSnapshot().context.draft.organization).toBeUndefined();
	});

	it('refuses organization, project or URL fields while no provider_key is recorded', () => {
		const { actor } = start();
		send(actor, { type: 'setup.started' }, { type: 'organization.submitted', organization: 'fabrikam' }, { type: 'base_url.submitted', base_url: SERVER_URL }, { type: 'project.chosen', project_id: 'p1' });
		const snap = actor.getSnapshot();
		expect(snap.value).toBe('choosingTarget');
		expect(snap.context.draft).toEqual(EMPTY_DRAFT);
	});

	it('records provider_key and deployment_mode for Services before the organization is asked', () => {
		const { actor } = start();
		send(actor, { type: 'setup.started' }, { type: 'provider.chosen', provider_key: 'azure_devops_services' });
		const snap = actor.getSnapshot();
		expect(snap.value).toBe('servicesOrganization');
		expect(snap.context.draft.provider_key).toBe('azure_devops_services');
		expect(snap.context.draft.deployment_mode).toBe('cloud');
		expect(snap.context.draft.allowlist_status).toBe('not_required');
	});

	it('keeps a mistyped organization and says what is wrong beside the field', () => {
		const { actor } = start();
		send(actor, { type: 'setup.started' }, { type: 'provider.chosen', provider_key: 'azure_devops_services' }, { type: 'organization.submitted', organization: 'fabrikam inc' });
		const snap = actor.getSnapshot();
		expect(snap.value).toBe('servicesOrganization');
		expect(snap.context.draft.organization).toBe('fabrikam inc');
		expect(snap.context.field_errors.organization).toMatch(/letters, digits and hyphens/);
	});

	it('records self-hosted and PAT for Server, and keeps base_url closed until all three confirmations', () => {
		const { actor } = start();
		send(actor, { type: 'setup.started' }, { type: 'provider.chosen', provider_key: 'azure_devops_server' });
		expect(actor.getSnapshot().context.draft.deployment_mode).toBe('self-hosted');
		expect(actor.getSnapshot().context.draft.auth_method).toBe('pat');
		send(actor, { type: 'attestation.changed', attestation: 'owns_server', value: true }, { type: 'attestation.changed', attestation: 'api_reachable', value: true }, { type: 'attestations.confirmed' });
		expect(actor.getSnapshot().value).toBe('serverConfirmations');
		expect(actor.getSnapshot().context.field_errors.attestations).toMatch(/all three/);
		send(actor, { type: 'base_url.submitted', base_url: SERVER_URL });
		expect(actor.getSnapshot().context.draft.base_url).toBeUndefined();
		send(actor, { type: 'attestation.changed', attestation: 'scan_export_authorized', value: true }, { type: 'attestations.confirmed' });
		expect(actor.getSnapshot().value).toEqual({ serverUrl: 'editing' });
	});

	it('accepts no token before URL safety passed', async () => {
		const { actor, calls } = start();
		send(actor, { type: 'setup.started' }, { type: 'provider.chosen', provider_key: 'azure_devops_server' });
		for (const attestation of ['owns_server', 'api_reachable', 'scan_export_authorized'] as const) send(actor, { type: 'attestation.changed', attestation, value: true });
		send(actor, { type: 'attestations.confirmed' }, { type: 'token.submitted', token: 'canary-pat' });
		expect(actor.getSnapshot().context.token).toBeNull();
		expect(calls).toEqual([]);
	});

	it('shows a blocked base_url with its code and lets the admin fix the URL', async () => {
		const failure = { ok: false as const, code: 'PROVIDER_BASE_URL_BLOCKED' as const, message: CODE_CATALOGUE.PROVIDER_BASE_URL_BLOCKED.message, fix: CODE_CATALOGUE.PROVIDER_BASE_URL_BLOCKED.fix, check: 'private-network' };
		const { actor } = start({ baseUrl: failure, decisions: [decision([{ code: 'PROVIDER_BASE_URL_BLOCKED' }])] });
		send(actor, { type: 'setup.started' }, { type: 'provider.chosen', provider_key: 'azure_devops_server' });
		for (const attestation of ['owns_server', 'api_reachable', 'scan_export_authorized'] as const) send(actor, { type: 'attestation.changed', attestation, value: true });
		send(actor, { type: 'attestations.confirmed' }, { type: 'base_url.submitted', base_url: 'https://10.0.0.5/tfs/DefaultCollection' });
		const snap = await settled(actor);
		expect(snap.value).toEqual({ serverUrl: 'blocked' });
		expect(snap.hasTag('blocked')).toBe(true);
		expect(snap.context.decision?.blocked[0]?.code).toBe('PROVIDER_BASE_URL_BLOCKED');
		expect(snap.context.draft.results['base-url']).toMatchObject({ ok: false, check: 'private-network' });
		actor.send({ type: 'blocked.fix' });
		expect(actor.getSnapshot().value).toEqual({ serverUrl: 'editing' });
		expect(actor.getSnapshot().context.draft.base_url).toBe('https://10.0.0.5/tfs/DefaultCollection');
	});

	it('shows the network path before any authenticated call and blocks a pending path', async () => {
		const { actor, calls } = start({ decisions: [decision(), decision([{ code: 'PROVIDER_BASE_URL_UNREACHABLE', step: 'network' }])] });
		send(actor, { type: 'setup.started' }, { type: 'provider.chosen', provider_key: 'azure_devops_server' });
		for (const attestation of ['owns_server', 'api_reachable', 'scan_export_authorized'] as const) send(actor, { type: 'attestation.changed', attestation, value: true });
		send(actor, { type: 'attestations.confirmed' }, { type: 'base_url.submitted', base_url: SERVER_URL });
		expect((await settled(actor)).value).toEqual({ networkPath: 'reviewing' });
		expect(calls).toEqual(['base-url', 'policy']);
		actor.send({ type: 'network.confirmed', allowlist_status: 'pending' });
		const snap = await settled(actor);
		expect(snap.value).toEqual({ networkPath: 'blocked' });
		expect(snap.context.draft.allowlist_status).toBe('pending');
	});

	it('walks the Server path to a saved target only when the policy says can_save', async () => {
		const ready = decision([], true);
		const { actor, calls } = await toServerCredential({ decisions: [decision(), decision(), decision(), decision(), decision(), decision(), ready] });
		expect(actor.getSnapshot().value).toEqual({ credential: 'editing' });
		actor.send({ type: 'token.submitted', token: 'pat-value', token_expires_at: '2027-01-01T00:00:00.000Z' });
		expect((await settled(actor)).value).toEqual({ projectCheck: 'choosing' });
		actor.send({ type: 'project.chosen', project_id: 'p1' });
		let snap = await settled(actor);
		expect(snap.value).toEqual({ scopeProof: 'confirmed' });
		expect(snap.context.draft.mapping.area_path).toBe('Fabrikam Fiber\\Web');
		actor.send({ type: 'scopes.confirmed' });
		actor.send({ type: 'mapping.submitted' });
		snap = await settled(actor);
		expect(snap.value).toEqual({ review: 'reviewing' });
		actor.send({ type: 'save.requested' });
		snap = await settled(actor);
		expect(snap.value).toBe('saved');
		expect(snap.context.token).toBeNull();
		expect(calls).toContain('save:pat-value');
	});

	it('does not save before can_save', async () => {
		const { actor, calls } = await toServerCredential();
		actor.send({ type: 'token.submitted', token: 'pat-value' });
		await settled(actor);
		actor.send({ type: 'project.chosen', project_id: 'p1' });
		await settled(actor);
		send(actor, { type: 'scopes.confirmed' }, { type: 'mapping.submitted' });
		const snap = await settled(actor);
		expect(snap.value).toEqual({ review: 'reviewing' });
		actor.send({ type: 'save.requested' });
		expect(actor.getSnapshot().value).toEqual({ review: 'reviewing' });
		expect(calls.some((c) => c.startsWith('save:'))).toBe(false);
	});

	it('keeps an over-broad token blocked until acknowledged', async () => {
		const { actor } = await toServerCredential({
			decisions: [decision(), decision(), decision(), decision(), decision([{ code: 'PROVIDER_CREDENTIAL_TOO_BROAD' }]), decision()]
		});
		actor.send({ type: 'token.submitted', token: 'pat-value' });
		await settled(actor);
		actor.send({ type: 'project.chosen', project_id: 'p1' });
		let snap = await settled(actor);
		expect(snap.value).toEqual({ scopeProof: 'blocked' });
		actor.send({ type: 'scopes.confirmed' });
		expect(actor.getSnapshot().value).toEqual({ scopeProof: 'blocked' });
		actor.send({ type: 'scopes.acknowledged' });
		snap = await settled(actor);
		expect(snap.context.draft.broad_scopes_acknowledged).toBe(true);
		expect(snap.value).toEqual({ scopeProof: 'confirmed' });
	});

	it('goes back step by step and cancels to Integration status from anywhere', async () => {
		const { actor } = await toServerCredential();
		actor.send({ type: 'nav.back' });
		expect(actor.getSnapshot().value).toEqual({ networkPath: 'reviewing' });
		actor.send({ type: 'nav.back' });
		expect(actor.getSnapshot().value).toEqual({ serverUrl: 'editing' });
		expect(actor.getSnapshot().context.draft.base_url).toBe(SERVER_URL);
		actor.send({ type: 'setup.cancelled' });
		expect(actor.getSnapshot().value).toBe('integrationStatus');
		expect(actor.getSnapshot().context.draft).toEqual(EMPTY_DRAFT);
	});
});

describe('setup statechart: persisted snapshot', () => {
	it('round-trips the step and inputs without the token', async () => {
		const { actor } = await toServerCredential();
		actor.send({ type: 'token.submitted', token: 'canary-token-123' });
		const snap = await settled(actor);
		const persisted = toPersisted(snap);
		expect(JSON.stringify(persisted)).not.toContain('canary-token-123');
		const revived = JSON.parse(JSON.stringify(persisted));
		const { actor: again } = start({}, inputFromPersisted(revived));
		const resumed = again.getSnapshot();
		expect(resumed.context.draft).toEqual(snap.context.draft);
		// The token is gone after a reload: the credential step asks again and says why.
		expect(resumed.value).toEqual({ credential: 'editing' });
		expect(resumed.context.token_notice).toBe('reload');
	});

	it('resumes an early step exactly where it was', () => {
		const draft: SetupDraft = { ...EMPTY_DRAFT, provider_key: 'azure_devops_server', deployment_mode: 'self-hosted', auth_method: 'pat', attestations: { owns_server: true, api_reachable: true, scan_export_authorized: true }, base_url: SERVER_URL };
		const { actor } = start({}, { draft, resume_step: 'base_url' });
		expect(actor.getSnapshot().value).toEqual({ serverUrl: 'editing' });
		expect(actor.getSnapshot().context.draft.base_url).toBe(SERVER_URL);
	});

	it('refuses to persist a draft carrying an unknown secret-looking field', () => {
		const { actor } = start();
		const snap = actor.getSnapshot();
		const tampered = { context: { ...snap.context, draft: { ...snap.context.draft, token: 'x' } as SetupDraft } };
		expect(JSON.stringify(toPersisted(tampered))).not.toContain('"token"');
	});
});

describe('setup statechart: every state is reachable', () => {
	it('reaches each state by a shortest path', () => {
		const { machine } = machineWith();
		const done = (id: string, output: unknown) => ({ type: `xstate.done.actor.${id}`, output }) as unknown as SetupEvent;
		const events: SetupEvent[] = [
			{ type: 'setup.started' },
			{ type: 'provider.chosen', provider_key: 'azure_devops_services' },
			{ type: 'provider.chosen', provider_key: 'azure_devops_server' },
			{ type: 'organization.submitted', organization: 'fabrikam' },
			{ type: 'auth_method.chosen', auth_method: 'pat' },
			{ type: 'auth_method.chosen', auth_method: 'oauth' },
			{ type: 'oauth.started' },
			{ type: 'attestation.changed', attestation: 'owns_server', value: true },
			{ type: 'attestation.changed', attestation: 'api_reachable', value: true },
			{ type: 'attestation.changed', attestation: 'scan_export_authorized', value: true },
			{ type: 'attestations.confirmed' },
			{ type: 'base_url.submitted', base_url: SERVER_URL },
			{ type: 'network.confirmed', allowlist_status: 'direct' },
			{ type: 'token.submitted', token: 't' },
			{ type: 'project.searched', name: 'Fabrikam Fiber' },
			{ type: 'project.chosen', project_id: 'p1' },
			{ type: 'scopes.acknowledged' },
			{ type: 'scopes.confirmed' },
			{ type: 'assignee.searched', query: 'alice' },
			{ type: 'mapping.submitted' },
			{ type: 'save.requested' },
			{ type: 'export.continued' },
			{ type: 'fallback.chosen' },
			{ type: 'blocked.fix' },
			done('checkBaseUrl', ok({ suggested_allowlist_status: 'direct' })),
			done('checkConnection', ok({})),
			done('listProjects', ok({ projects: [{ id: 'p1', name: 'Fabrikam Fiber', state: 'wellFormed' }], pages: 1, complete: true })),
			done('discoverProject', ok(discovery)),
			done('proveScopes', ok({})),
			done('lookUpAssignee', ok({ identities: [] })),
			done('runDryRunCreate', ok({})),
			done('evaluatePolicy', decision()),
			done('evaluatePolicy', decision([], true)),
			done('evaluatePolicy', decision([{ code: 'PROVIDER_BASE_URL_BLOCKED' }, { code: 'PROVIDER_AUTH_REQUIRED' }, { code: 'PROVIDER_CREDENTIAL_TOO_BROAD' }, { code: 'TICKET_EXPORT_MAPPING_REQUIRED' }, { code: 'PROVIDER_PROJECT_REQUIRED' }, { code: 'PROVIDER_BASE_URL_UNREACHABLE', step: 'network' }, { code: 'PROVIDER_API_VERSION_UNSUPPORTED' }])),
			done('signInWithEntra', { access_token: 'a', expires_at: '2026-11-26T11:00:00.000Z' }),
			done('saveTarget', { target_id: 't', credential_fingerprint: 'sha256:0123456789abcdef', saved_at: '2026-11-26T10:00:00.000Z' })
		];
		const paths = getShortestPaths(machine, {
			events,
			// Value plus the context the guards read; value alone would hide paths behind guards.
			serializeState: (s) => JSON.stringify([s.value, s.context.draft.attestations, s.context.draft.auth_method, s.context.token !== null, s.context.decision?.can_save, s.context.decision?.blocked.length, s.context.draft.project_id, s.context.draft.results['base-url']?.ok]),
			input: {}
		});
		const reached = new Set(paths.map((p) => JSON.stringify(p.state.value)));
		const all = leafStateValues(machine.root);
		const missing = all.filter((v) => !reached.has(v));
		expect(missing).toEqual([]);
		expect(all.length).toBeGreaterThan(25);
	});
});

/** Every atomic state of the chart as a serialized state value (the chart has no parallel states). */
function leafStateValues(node: { key: string; states: Record<string, unknown> }, path: string[] = []): string[] {
	const children = Object.values(node.states) as Array<{ key: string; states: Record<string, unknown> }>;
	if (children.length === 0) return path.length > 0 ? [JSON.stringify(rebuild(path))] : [];
	return children.flatMap((child) => (child.key === 'resuming' ? [] : leafStateValues(child, [...path, child.key])));
}

function rebuild(path: string[]): unknown {
	const [head, ...tail] = path;
	return tail.length === 0 ? head : { [head as string]: rebuild(tail) };
}
