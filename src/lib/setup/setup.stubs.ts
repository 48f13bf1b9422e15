/**
 * Test fixtures for the setup statechart: the chart with its actors replaced and the event
 * alphabet for @xstate/graph path searches. Shared by the chart's spec and the path-coverage spec
 * so both drive the machine the same way. Probe answers and decisions come from the domain's and
 * the policy's fixtures. Test code only.
 */
import { createActor, fromPromise, type AnyActorRef, type AnyStateMachine } from 'xstate';
import { getShortestPaths } from '@xstate/graph';
import type { ProbeResponse } from '$lib/domain';
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
import type { SetupDecision } from '$lib/policy';
import { PROBE_ACTOR_NAMES } from '$lib/probe/probe-actors';
import { decision } from '$lib/policy/decision.stubs';
import { setupMachine, type SetupInput, type SetupSnapshot } from './setup.machine';
import type { SetupEvent } from './setup.events';

const savedOk = {
	target_id: 't1',
	credential_fingerprint: 'sha256:0123456789abcdef',
	saved_at: '2026-11-26T10:00:00.000Z'
};
const entraOk = { access_token: 'entra-access', expires_at: '2026-11-26T11:00:00.000Z' };

export interface Script {
	decisions?: SetupDecision[];
	baseUrl?: ProbeResponse<'base-url'>;
}

/** The chart with every actor replaced by an immediate fake; `calls` records what ran, in order. */
export function machineWith(script: Script = {}) {
	const decisions = [...(script.decisions ?? [])];
	const calls: string[] = [];
	const machine = setupMachine.provide({
		actors: {
			checkBaseUrl: fromPromise(async () => {
				calls.push('base-url');
				return script.baseUrl ?? baseUrlOk;
			}),
			checkConnection: fromPromise(async ({ input }) => {
				calls.push(`connection:${input.token === null ? 'no-token' : 'token'}`);
				return connectionOk;
			}),
			listProjects: fromPromise(async () => {
				calls.push('projects');
				return projectsOk;
			}),
			discoverProject: fromPromise(async () => {
				calls.push('discovery');
				return ok<'discovery'>(discovery);
			}),
			proveScopes: fromPromise(async () => {
				calls.push('capabilities');
				return capabilitiesOk;
			}),
			lookUpAssignee: fromPromise(async () => ok<'identities'>({ identities: [] })),
			runDryRunCreate: fromPromise(async () => {
				calls.push('preflight');
				return preflightOk;
			}),
			evaluatePolicy: fromPromise(async () => {
				calls.push('policy');
				return decisions.shift() ?? decision();
			}),
			saveTarget: fromPromise(async ({ input }) => {
				calls.push(`save:${input.token}`);
				return savedOk;
			}),
			signInWithEntra: fromPromise(async () => entraOk)
		}
	});
	return { machine, calls };
}

export function start(script: Script = {}, input: SetupInput = {}) {
	const { machine, calls } = machineWith(script);
	const actor = createActor(machine, { input }).start();
	return { actor, calls };
}

export async function settled(actor: AnyActorRef): Promise<SetupSnapshot> {
	// Invoked fake actors resolve in microtasks; wait until no busy state remains.
	for (let i = 0; i < 50; i++) {
		const snap = actor.getSnapshot() as SetupSnapshot;
		if (!snap.hasTag('busy')) return snap;
		await new Promise((r) => setTimeout(r, 0));
	}
	throw new Error('chart stayed busy');
}

export function send(actor: AnyActorRef, ...events: SetupEvent[]) {
	for (const e of events) actor.send(e);
}

// ---- path search: the event alphabet and the state key @xstate/graph groups paths by ----

/** The actors the chart invokes; the names are also the invoke ids. */
export const INVOKED = [
	...PROBE_ACTOR_NAMES,
	'signInWithEntra',
	'evaluatePolicy',
	'saveTarget'
] as const;
export type InvokedActor = (typeof INVOKED)[number];

/** Traversal does not run invoked actors: their completions are events of the alphabet. */
const doneEvent = (id: InvokedActor, output: unknown) =>
	({ type: `xstate.done.actor.${id}`, output }) as unknown as SetupEvent;

export const PATH_EVENTS: SetupEvent[] = [
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
	doneEvent('checkBaseUrl', baseUrlOk),
	doneEvent('checkConnection', connectionOk),
	doneEvent('listProjects', projectsOk),
	doneEvent('discoverProject', ok(discovery)),
	doneEvent('proveScopes', capabilitiesOk),
	doneEvent('lookUpAssignee', ok({ identities: [] })),
	doneEvent('runDryRunCreate', preflightOk),
	doneEvent('evaluatePolicy', decision()),
	doneEvent('evaluatePolicy', decision([], true)),
	doneEvent(
		'evaluatePolicy',
		decision([
			{ code: 'PROVIDER_BASE_URL_BLOCKED' },
			{ code: 'PROVIDER_AUTH_REQUIRED' },
			{ code: 'PROVIDER_CREDENTIAL_TOO_BROAD' },
			{ code: 'TICKET_EXPORT_MAPPING_REQUIRED' },
			{ code: 'PROVIDER_PROJECT_REQUIRED' },
			{ code: 'PROVIDER_BASE_URL_UNREACHABLE', step: 'network' },
			{ code: 'PROVIDER_API_VERSION_UNSUPPORTED' }
		])
	),
	doneEvent('signInWithEntra', entraOk),
	doneEvent('saveTarget', savedOk)
];

/** The state value plus the context the guards read; value alone would hide paths behind guards. */
function pathStateKey(s: SetupSnapshot): string {
	const c = s.context;
	return JSON.stringify([
		s.value,
		c.draft.attestations,
		c.draft.auth_method,
		c.token !== null,
		c.decision?.can_save,
		c.decision?.blocked.length,
		c.draft.project_id,
		c.draft.results['base-url']?.ok
	]);
}

export function shortestPaths(
	machine: AnyStateMachine = machineWith().machine,
	events: SetupEvent[] = PATH_EVENTS
) {
	return getShortestPaths(machine, {
		events,
		serializeState: (s) => pathStateKey(s as SetupSnapshot),
		input: {}
	});
}
