import { createActor, fromPromise } from 'xstate';
import {
	CODE_CATALOGUE,
	type BlockedCode,
	type ProbeName,
	type ProbeResponse,
	type StepId
} from '$lib/domain';
import type { SetupDecision } from '$lib/policy';
import { setupMachine, type SetupInput } from '$lib/setup/setup.machine';
import type { SetupEvent } from '$lib/setup/setup.events';
import type { InvokedActor } from '$lib/setup/setup.stubs';

/**
 * The real setup chart with its actors replaced by probe-shaped fakes, for component tests.
 * Components see real snapshots; nothing leaves the process.
 */

export interface TraceFake {
	rule_id: string;
	title: string;
	fired: boolean;
	conditions: Array<{ result: 'passed' | 'failed' | 'not_evaluated'; text: string }>;
}

export function decision(
	blocked: Array<{ code: BlockedCode; step?: StepId; rule_id?: string }> = [],
	options: {
		can_save?: boolean;
		trace?: TraceFake[];
		flags?: Partial<
			Record<
				| 'services_ready'
				| 'server_ready'
				| 'project_ready'
				| 'field_mapping_ready'
				| 'network_ready',
				boolean
			>
		>;
	} = {}
): SetupDecision {
	return {
		services_ready: false,
		server_ready: false,
		project_ready: false,
		field_mapping_ready: false,
		network_ready: false,
		...options.flags,
		can_save: options.can_save ?? false,
		blocked: blocked.map((b) => ({
			code: b.code,
			rule_id: b.rule_id ?? `test-${b.code.toLowerCase().replaceAll('_', '-')}`,
			message: CODE_CATALOGUE[b.code].message,
			fix: CODE_CATALOGUE[b.code].fix,
			step: b.step ?? CODE_CATALOGUE[b.code].step
		})),
		trace: (options.trace ?? []).map((t) => ({
			...t,
			outcome: 'blocked',
			conditions: t.conditions.map((c) => ({
				fact: 'f',
				operator: 'equal',
				value: true,
				fact_value: true,
				...c
			}))
		}))
	} as unknown as SetupDecision;
}

export const ok = <P extends ProbeName>(data: unknown): ProbeResponse<P> =>
	({ ok: true, data, diagnostics: { duration_ms: 1 } }) as ProbeResponse<P>;

export const SERVER_URL = 'https://devops.example.com/tfs/DefaultCollection';

const baseUrlData = {
	url: SERVER_URL,
	host: 'devops.example.com',
	address_class: 'private',
	allowlist_match: true,
	tls: 'trusted',
	reachable: true,
	suggested_allowlist_status: 'allowlisted',
	looks_like_azure_devops: true
};

const discoveryData = {
	project: { id: 'p1', name: 'Fabrikam Fiber' },
	process: {
		name: 'Agile',
		kind: 'inherited',
		template_type_id: 'adcc42ab-9882-485e-a3ed-7678f01f66bc'
	},
	work_item_types: [
		{
			name: 'Bug',
			reference_name: 'Microsoft.VSTS.WorkItemTypes.Bug',
			description_field: 'Microsoft.VSTS.TCM.ReproSteps',
			fields: [
				{
					reference_name: 'System.Title',
					name: 'Title',
					always_required: true,
					allowed_values: [],
					filled_by_server: false
				},
				{
					reference_name: 'Microsoft.VSTS.Common.Severity',
					name: 'Severity',
					always_required: false,
					allowed_values: ['1 - Critical', '2 - High', '3 - Medium', '4 - Low'],
					filled_by_server: false
				},
				{
					reference_name: 'Custom.Team',
					name: 'Owning team',
					always_required: true,
					allowed_values: ['Web', 'Platform'],
					filled_by_server: false
				}
			]
		},
		{
			name: 'Task',
			reference_name: 'Microsoft.VSTS.WorkItemTypes.Task',
			description_field: 'System.Description',
			fields: []
		}
	],
	recommended_type: 'Bug',
	areas: {
		id: 1,
		name: 'Fabrikam Fiber',
		path: 'Fabrikam Fiber',
		children: [{ id: 3, name: 'Web', path: 'Fabrikam Fiber\\Web' }]
	},
	iterations: {
		id: 2,
		name: 'Fabrikam Fiber',
		path: 'Fabrikam Fiber',
		children: [{ id: 4, name: 'Sprint 1', path: 'Fabrikam Fiber\\Sprint 1' }]
	},
	team_default_area: 'Fabrikam Fiber\\Web',
	team_default_iteration: 'Fabrikam Fiber\\Sprint 1',
	round_trips: 2
};

const PROJECTS = [
	{ id: 'p1', name: 'Fabrikam Fiber', state: 'wellFormed' },
	{ id: 'p2', name: 'Contoso Web', state: 'wellFormed' },
	{ id: 'p3', name: 'Fabrikam Ops', state: 'wellFormed' }
];

type ActorName = Exclude<InvokedActor, 'signInWithEntra'>;

export interface Script {
	/** Decisions returned in order by the policy fake; afterwards an all-clear one (can_save true). */
	decisions?: SetupDecision[];
	baseUrl?: ProbeResponse<'base-url'>;
	connection?: ProbeResponse<'connection'>;
	capabilities?: ProbeResponse<'capabilities'>;
	preflight?: ProbeResponse<'preflight'>[];
	/** Actors that wait until the test calls `release(name)`. */
	hold?: ActorName[];
}

function scriptedMachine(script: Script = {}) {
	const decisions = [...(script.decisions ?? [])];
	const preflights = [...(script.preflight ?? [])];
	const gates = new Map<ActorName, () => void>();
	const calls: string[] = [];

	async function gate(name: ActorName) {
		calls.push(name);
		if (!script.hold?.includes(name)) return;
		await new Promise<void>((resolve) => gates.set(name, resolve));
	}

	const machine = setupMachine.provide({
		actors: {
			checkBaseUrl: fromPromise(async () => {
				await gate('checkBaseUrl');
				return script.baseUrl ?? ok<'base-url'>(baseUrlData);
			}),
			checkConnection: fromPromise(async () => {
				await gate('checkConnection');
				return (
					script.connection ??
					ok<'connection'>({
						user: { id: 'u1', display_name: 'Ada Admin', unique_name: 'ada@fabrikam.example' },
						deployment_type: 'hosted',
						instance_id: 'i1',
						api_version: '7.1',
						credential_global: false,
						credential_too_broad: false
					})
				);
			}),
			listProjects: fromPromise(async ({ input }) => {
				await gate('listProjects');
				const projects = input.query
					? [{ id: 'p9', name: input.query, state: 'wellFormed' }]
					: PROJECTS;
				return ok<'projects'>({ projects, pages: 1, complete: input.query !== undefined });
			}),
			discoverProject: fromPromise(async () => {
				await gate('discoverProject');
				return ok<'discovery'>(discoveryData);
			}),
			proveScopes: fromPromise(async () => {
				await gate('proveScopes');
				return (
					script.capabilities ??
					ok<'capabilities'>({
						granted: ['project_read', 'work_read', 'work_write'],
						missing: [],
						extra_access: [],
						recommended_scopes: []
					})
				);
			}),
			lookUpAssignee: fromPromise(async ({ input }) => {
				await gate('lookUpAssignee');
				return ok<'identities'>({
					identities: [
						{
							id: 'id-1',
							display_name: 'Jamal Hartnett',
							unique_name: `${input.query ?? ''}@fabrikam.example`
						}
					]
				});
			}),
			runDryRunCreate: fromPromise(async () => {
				await gate('runDryRunCreate');
				return preflights.shift() ?? ok<'preflight'>({ valid: true, problems: [], operations: [] });
			}),
			evaluatePolicy: fromPromise(async () => {
				await gate('evaluatePolicy');
				return (
					decisions.shift() ??
					decision([], {
						can_save: true,
						flags: {
							services_ready: true,
							project_ready: true,
							field_mapping_ready: true,
							network_ready: true
						}
					})
				);
			}),
			saveTarget: fromPromise(async () => {
				await gate('saveTarget');
				return {
					target_id: 't1',
					credential_fingerprint: 'sha256:0123456789abcdef',
					saved_at: '2026-11-26T10:00:00.000Z'
				};
			}),
			signInWithEntra: fromPromise<
				{ access_token: string; expires_at: string },
				{ organization: string }
			>(async () => {
				throw new Error(
					'Sign-in with Microsoft Entra ID is not configured on this WebRiskOps instance.'
				);
			})
		}
	});

	return {
		machine,
		calls,
		/** Lets a held actor finish. */
		release(name: ActorName) {
			const open = gates.get(name);
			if (!open) throw new Error(`${name} is not waiting`);
			gates.delete(name);
			open();
		},
		isWaiting: (name: ActorName) => gates.has(name)
	};
}

export function startActor(script: Script = {}, input: SetupInput = {}) {
	const scripted = scriptedMachine(script);
	const actor = createActor(scripted.machine, { input }).start();
	const events: SetupEvent[] = [];
	const send = (event: SetupEvent) => {
		events.push(event);
		actor.send(event);
	};
	return { ...scripted, actor, events, send };
}
