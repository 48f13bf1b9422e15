import { describe, expect, it } from 'vitest';
import { CODE_CATALOGUE, EMPTY_DRAFT, type SetupDraft } from '$lib/domain';
import { inputFromPersisted, toPersisted } from './setup-persistence';
import { SERVER_URL } from '$lib/domain/probe-responses.stubs';
import { decision } from '$lib/policy/decision.stubs';
import { send, settled, start, type Script } from './setup.stubs';

// The chart's actors are replaced by the fakes of setup.stubs.ts, as they are bound in the app.
// Reachability of every state is proven in diagram/path-coverage.spec.ts.

async function toServerCredential(script: Script = {}) {
	const { actor, calls } = start(script);
	send(
		actor,
		{ type: 'setup.started' },
		{ type: 'provider.chosen', provider_key: 'azure_devops_server' }
	);
	for (const attestation of ['owns_server', 'api_reachable', 'scan_export_authorized'] as const)
		send(actor, { type: 'attestation.changed', attestation, value: true });
	send(
		actor,
		{ type: 'attestations.confirmed' },
		{ type: 'base_url.submitted', base_url: SERVER_URL }
	);
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
		send(
			actor,
			{ type: 'setup.started' },
			{ type: 'organization.submitted', organization: 'fabrikam' },
			{ type: 'base_url.submitted', base_url: SERVER_URL },
			{ type: 'project.chosen', project_id: 'p1' }
		);
		const snap = actor.getSnapshot();
		expect(snap.value).toBe('choosingTarget');
		expect(snap.context.draft).toEqual(EMPTY_DRAFT);
	});

	it('records provider_key and deployment_mode for Services before the organization is asked', () => {
		const { actor } = start();
		send(
			actor,
			{ type: 'setup.started' },
			{ type: 'provider.chosen', provider_key: 'azure_devops_services' }
		);
		const snap = actor.getSnapshot();
		expect(snap.value).toBe('servicesOrganization');
		expect(snap.context.draft.provider_key).toBe('azure_devops_services');
		expect(snap.context.draft.deployment_mode).toBe('cloud');
		expect(snap.context.draft.allowlist_status).toBe('not_required');
	});

	it('keeps a mistyped organization and says what is wrong beside the field', () => {
		const { actor } = start();
		send(
			actor,
			{ type: 'setup.started' },
			{ type: 'provider.chosen', provider_key: 'azure_devops_services' },
			{ type: 'organization.submitted', organization: 'fabrikam inc' }
		);
		const snap = actor.getSnapshot();
		expect(snap.value).toBe('servicesOrganization');
		expect(snap.context.draft.organization).toBe('fabrikam inc');
		expect(snap.context.field_errors.organization).toMatch(/letters, digits and hyphens/);
	});

	it('records self-hosted and PAT for Server, and keeps base_url closed until all three confirmations', () => {
		const { actor } = start();
		send(
			actor,
			{ type: 'setup.started' },
			{ type: 'provider.chosen', provider_key: 'azure_devops_server' }
		);
		expect(actor.getSnapshot().context.draft.deployment_mode).toBe('self-hosted');
		expect(actor.getSnapshot().context.draft.auth_method).toBe('pat');
		send(
			actor,
			{ type: 'attestation.changed', attestation: 'owns_server', value: true },
			{ type: 'attestation.changed', attestation: 'api_reachable', value: true },
			{ type: 'attestations.confirmed' }
		);
		expect(actor.getSnapshot().value).toBe('serverConfirmations');
		expect(actor.getSnapshot().context.field_errors.attestations).toMatch(/all three/);
		send(actor, { type: 'base_url.submitted', base_url: SERVER_URL });
		expect(actor.getSnapshot().context.draft.base_url).toBeUndefined();
		send(
			actor,
			{ type: 'attestation.changed', attestation: 'scan_export_authorized', value: true },
			{ type: 'attestations.confirmed' }
		);
		expect(actor.getSnapshot().value).toEqual({ serverUrl: 'editing' });
	});

	it('accepts no token before URL safety passed', async () => {
		const { actor, calls } = start();
		send(
			actor,
			{ type: 'setup.started' },
			{ type: 'provider.chosen', provider_key: 'azure_devops_server' }
		);
		for (const attestation of ['owns_server', 'api_reachable', 'scan_export_authorized'] as const)
			send(actor, { type: 'attestation.changed', attestation, value: true });
		send(
			actor,
			{ type: 'attestations.confirmed' },
			{ type: 'token.submitted', token: 'canary-pat' }
		);
		expect(actor.getSnapshot().context.token).toBeNull();
		expect(calls).toEqual([]);
	});

	it('shows a blocked base_url with its code and lets the admin fix the URL', async () => {
		const failure = {
			ok: false as const,
			code: 'PROVIDER_BASE_URL_BLOCKED' as const,
			message: CODE_CATALOGUE.PROVIDER_BASE_URL_BLOCKED.message,
			fix: CODE_CATALOGUE.PROVIDER_BASE_URL_BLOCKED.fix,
			check: 'private-network'
		};
		const { actor } = start({
			baseUrl: failure,
			decisions: [decision([{ code: 'PROVIDER_BASE_URL_BLOCKED' }])]
		});
		send(
			actor,
			{ type: 'setup.started' },
			{ type: 'provider.chosen', provider_key: 'azure_devops_server' }
		);
		for (const attestation of ['owns_server', 'api_reachable', 'scan_export_authorized'] as const)
			send(actor, { type: 'attestation.changed', attestation, value: true });
		send(
			actor,
			{ type: 'attestations.confirmed' },
			{ type: 'base_url.submitted', base_url: 'https://10.0.0.5/tfs/DefaultCollection' }
		);
		const snap = await settled(actor);
		expect(snap.value).toEqual({ serverUrl: 'blocked' });
		expect(snap.hasTag('blocked')).toBe(true);
		expect(snap.context.decision?.blocked[0]?.code).toBe('PROVIDER_BASE_URL_BLOCKED');
		expect(snap.context.draft.results['base-url']).toMatchObject({
			ok: false,
			check: 'private-network'
		});
		actor.send({ type: 'blocked.fix' });
		expect(actor.getSnapshot().value).toEqual({ serverUrl: 'editing' });
		expect(actor.getSnapshot().context.draft.base_url).toBe(
			'https://10.0.0.5/tfs/DefaultCollection'
		);
	});

	it('Back from a blocked base_url returns to the URL form without checking again', async () => {
		const failure = {
			ok: false as const,
			code: 'PROVIDER_BASE_URL_BLOCKED' as const,
			message: CODE_CATALOGUE.PROVIDER_BASE_URL_BLOCKED.message,
			fix: CODE_CATALOGUE.PROVIDER_BASE_URL_BLOCKED.fix,
			check: 'private-network'
		};
		const { actor, calls } = start({
			baseUrl: failure,
			decisions: [decision([{ code: 'PROVIDER_BASE_URL_BLOCKED' }])]
		});
		send(
			actor,
			{ type: 'setup.started' },
			{ type: 'provider.chosen', provider_key: 'azure_devops_server' }
		);
		for (const attestation of ['owns_server', 'api_reachable', 'scan_export_authorized'] as const)
			send(actor, { type: 'attestation.changed', attestation, value: true });
		send(
			actor,
			{ type: 'attestations.confirmed' },
			{ type: 'base_url.submitted', base_url: 'https://10.0.0.5/tfs/DefaultCollection' }
		);
		expect((await settled(actor)).value).toEqual({ serverUrl: 'blocked' });
		const before = calls.length;
		actor.send({ type: 'nav.back' });
		const snap = await settled(actor);
		expect(snap.value).toEqual({ serverUrl: 'editing' });
		expect(calls.length).toBe(before);
	});

	it('Back from a blocked network path returns to the review of the path; Back from a blocked mapping to the form', async () => {
		const { actor, calls } = start({
			decisions: [
				decision(),
				decision([{ code: 'PROVIDER_BASE_URL_UNREACHABLE', step: 'network' }])
			]
		});
		send(
			actor,
			{ type: 'setup.started' },
			{ type: 'provider.chosen', provider_key: 'azure_devops_server' }
		);
		for (const attestation of ['owns_server', 'api_reachable', 'scan_export_authorized'] as const)
			send(actor, { type: 'attestation.changed', attestation, value: true });
		send(
			actor,
			{ type: 'attestations.confirmed' },
			{ type: 'base_url.submitted', base_url: SERVER_URL }
		);
		await settled(actor);
		actor.send({ type: 'network.confirmed', allowlist_status: 'pending' });
		expect((await settled(actor)).value).toEqual({ networkPath: 'blocked' });
		const before = calls.length;
		actor.send({ type: 'nav.back' });
		expect((await settled(actor)).value).toEqual({ networkPath: 'reviewing' });
		expect(calls.length).toBe(before);

		const refused = decision([{ code: 'TICKET_EXPORT_MAPPING_REQUIRED' }]);
		const m = await toServerCredential({
			decisions: [decision(), decision(), decision(), decision(), decision(), refused]
		});
		m.actor.send({ type: 'token.submitted', token: 'pat-value' });
		await settled(m.actor);
		m.actor.send({ type: 'project.chosen', project_id: 'p1' });
		await settled(m.actor);
		send(
			m.actor,
			{ type: 'scopes.confirmed' },
			{ type: 'mapping.changed', mapping: { area_path: 'Fabrikam Fiber\\Restricted' } },
			{ type: 'mapping.submitted' }
		);
		expect((await settled(m.actor)).value).toEqual({ workItemMapping: 'blocked' });
		const dryRuns = m.calls.filter((c) => c === 'preflight').length;
		m.actor.send({ type: 'nav.back' });
		const snap = await settled(m.actor);
		expect(snap.value).toEqual({ workItemMapping: 'editing' });
		expect(m.calls.filter((c) => c === 'preflight').length).toBe(dryRuns);
		expect(snap.context.draft.mapping.area_path).toBe('Fabrikam Fiber\\Restricted');
	});

	it('shows the network path before any authenticated call and blocks a pending path', async () => {
		const { actor, calls } = start({
			decisions: [
				decision(),
				decision([{ code: 'PROVIDER_BASE_URL_UNREACHABLE', step: 'network' }])
			]
		});
		send(
			actor,
			{ type: 'setup.started' },
			{ type: 'provider.chosen', provider_key: 'azure_devops_server' }
		);
		for (const attestation of ['owns_server', 'api_reachable', 'scan_export_authorized'] as const)
			send(actor, { type: 'attestation.changed', attestation, value: true });
		send(
			actor,
			{ type: 'attestations.confirmed' },
			{ type: 'base_url.submitted', base_url: SERVER_URL }
		);
		expect((await settled(actor)).value).toEqual({ networkPath: 'reviewing' });
		expect(calls).toEqual(['base-url', 'policy']);
		actor.send({ type: 'network.confirmed', allowlist_status: 'pending' });
		const snap = await settled(actor);
		expect(snap.value).toEqual({ networkPath: 'blocked' });
		expect(snap.context.draft.allowlist_status).toBe('pending');
	});

	it('walks the Server path to a saved target only when the policy says can_save', async () => {
		const ready = decision([], true);
		const { actor, calls } = await toServerCredential({
			decisions: [decision(), decision(), decision(), decision(), decision(), decision(), ready]
		});
		expect(actor.getSnapshot().value).toEqual({ credential: 'editing' });
		actor.send({
			type: 'token.submitted',
			token: 'pat-value',
			token_expires_at: '2027-01-01T00:00:00.000Z'
		});
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
			decisions: [
				decision(),
				decision(),
				decision(),
				decision(),
				decision([{ code: 'PROVIDER_CREDENTIAL_TOO_BROAD' }]),
				decision()
			]
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

	it('on a scope block, Fix it opens the credential and Back the project; a new token keeps the mapping', async () => {
		const scopeBlock = decision([{ code: 'PROVIDER_SCOPE_UNAVAILABLE' }]);
		const broad = decision([{ code: 'PROVIDER_CREDENTIAL_TOO_BROAD' }]);
		const { actor } = await toServerCredential({
			decisions: [
				decision(),
				decision(),
				decision(),
				decision(),
				decision(),
				decision(),
				decision(),
				scopeBlock,
				decision(),
				decision(),
				broad
			]
		});
		actor.send({ type: 'token.submitted', token: 'least-privilege' });
		await settled(actor);
		actor.send({ type: 'project.chosen', project_id: 'p1' });
		await settled(actor);
		const chosen = {
			area_path: 'Fabrikam Fiber\\Security',
			iteration_path: 'Fabrikam Fiber\\Sprint 3',
			priority_mapping: { critical: 1, high: 1, medium: 2, low: 4 }
		};
		send(actor, { type: 'scopes.confirmed' }, { type: 'mapping.changed', mapping: chosen });
		const mapping = actor.getSnapshot().context.draft.mapping;
		send(actor, { type: 'nav.back' }, { type: 'nav.back' });
		await settled(actor);
		actor.send({ type: 'nav.back' });
		expect(actor.getSnapshot().value).toEqual({ credential: 'editing' });

		actor.send({ type: 'token.submitted', token: 'read-only' });
		await settled(actor);
		actor.send({ type: 'project.chosen', project_id: 'p1' });
		let snap = await settled(actor);
		expect(snap.value).toEqual({ scopeProof: 'blocked' });
		// Re-proving the same token would only block again: the fix is another token.
		actor.send({ type: 'blocked.fix' });
		snap = actor.getSnapshot();
		expect(snap.value).toEqual({ credential: 'editing' });
		expect(snap.context.draft.mapping).toEqual(mapping);

		actor.send({ type: 'token.submitted', token: 'full-access' });
		await settled(actor);
		actor.send({ type: 'project.chosen', project_id: 'p1' });
		snap = await settled(actor);
		expect(snap.value).toEqual({ scopeProof: 'blocked' });
		actor.send({ type: 'nav.back' });
		snap = await settled(actor);
		expect(snap.value).toEqual({ projectCheck: 'choosing' });
		expect(snap.context.draft.project_id).toBe('p1');
		expect(snap.context.draft.mapping).toEqual(mapping);
	});

	it('a refused assignee can be replaced by looking up another person from the blocked mapping', async () => {
		const refused = decision([{ code: 'TICKET_EXPORT_MAPPING_REQUIRED' }]);
		const { actor } = await toServerCredential({
			decisions: [
				decision(),
				decision(),
				decision(),
				decision(),
				decision(),
				refused,
				decision([], true)
			]
		});
		actor.send({ type: 'token.submitted', token: 'pat-value' });
		await settled(actor);
		actor.send({ type: 'project.chosen', project_id: 'p1' });
		await settled(actor);
		const gone = {
			mode: 'identity' as const,
			id: 'u-gone',
			display_name: 'Alice Ahmed',
			unique_name: 'alice@fabrikam.example'
		};
		send(
			actor,
			{ type: 'scopes.confirmed' },
			{
				type: 'mapping.changed',
				mapping: { area_path: 'Fabrikam Fiber\\Security', assignee_mapping: gone }
			},
			{ type: 'mapping.submitted' }
		);
		let snap = await settled(actor);
		expect(snap.value).toEqual({ workItemMapping: 'blocked' });
		actor.send({ type: 'assignee.searched', query: 'bob@fabrikam.example' });
		snap = await settled(actor);
		expect(snap.value).toEqual({ workItemMapping: 'editing' });
		// The refusal stays on screen until another person is picked; nothing else changed.
		expect(snap.context.draft.results.preflight).toBeDefined();
		expect(snap.context.draft.mapping.area_path).toBe('Fabrikam Fiber\\Security');
		const bob = {
			mode: 'identity' as const,
			id: 'u-bob',
			display_name: 'Bob Brennan',
			unique_name: 'bob@fabrikam.example'
		};
		send(
			actor,
			{ type: 'mapping.changed', mapping: { assignee_mapping: bob } },
			{ type: 'mapping.submitted' }
		);
		snap = await settled(actor);
		expect(snap.value).toEqual({ review: 'reviewing' });
		expect(snap.context.draft.mapping.assignee_mapping).toEqual(bob);
		expect(snap.context.draft.mapping.area_path).toBe('Fabrikam Fiber\\Security');
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
		const draft: SetupDraft = {
			...EMPTY_DRAFT,
			provider_key: 'azure_devops_server',
			deployment_mode: 'self-hosted',
			auth_method: 'pat',
			attestations: { owns_server: true, api_reachable: true, scan_export_authorized: true },
			base_url: SERVER_URL
		};
		const { actor } = start({}, { draft, resume_step: 'base_url' });
		expect(actor.getSnapshot().value).toEqual({ serverUrl: 'editing' });
		expect(actor.getSnapshot().context.draft.base_url).toBe(SERVER_URL);
	});

	it('refuses to persist a draft carrying an unknown secret-looking field', () => {
		const { actor } = start();
		const snap = actor.getSnapshot();
		const tampered = {
			context: { ...snap.context, draft: { ...snap.context.draft, token: 'x' } as SetupDraft }
		};
		expect(JSON.stringify(toPersisted(tampered))).not.toContain('"token"');
	});
});
