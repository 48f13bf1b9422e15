import {
	assign,
	fromPromise,
	setup,
	type ActorRefFrom,
	type DoneActorEvent,
	type ErrorActorEvent,
	type SnapshotFrom
} from 'xstate';
import {
	attestationsSchema,
	classificationPathSchema,
	collectionFromBaseUrl,
	DEPLOYMENT_MODE_OF,
	EMPTY_DRAFT,
	firstIssue,
	organizationSchema,
	serverBaseUrlSchema,
	STEPS,
	type ProbeName,
	type ProbeResponse,
	type ProbeResults,
	type SetupDraft,
	type StepId
} from '$lib/domain';
import type { SetupDecision } from '$lib/policy';
import type { SetupEvent } from './setup.events';

/**
 * The Azure DevOps target setup flow: Cloud and self-hosted integrations → Azure DevOps target →
 * Organization and project check → Work item mapping → Work management export or fallback.
 *
 * The chart is pure: every request, policy evaluation and storage write is an invoked actor
 * declared below and bound to real code in setup.actors.ts (tests replace them with .provide()).
 * It never decides readiness itself: after a step changes facts it invokes `evaluatePolicy` and
 * branches only on the decision.
 */

export type FieldName =
	| 'organization'
	| 'attestations'
	| 'base_url'
	| 'token'
	| 'token_expires_at'
	| 'project'
	| 'mapping';

export interface SetupContext {
	draft: SetupDraft;
	/** Memory only: never persisted, never in the draft. */
	token: string | null;
	/** Why the credential step is shown again ('reload': tokens are not kept across reloads). */
	token_notice: 'reload' | null;
	decision: SetupDecision | null;
	/** The step the admin is on; blocked entries at or before it stop the flow. */
	current_step: StepId;
	field_errors: Partial<Record<FieldName, string>>;
	saved: { target_id: string; credential_fingerprint: string; saved_at: string } | null;
	/** An actor failed for a reason that is not an Azure DevOps outcome (storage, policy load). */
	failure: string | null;
}

export interface SetupInput {
	draft?: SetupDraft | undefined;
	resume_step?: StepId | undefined;
	saved?: SetupContext['saved'] | undefined;
}

export interface ProbeInput {
	draft: SetupDraft;
	token: string | null;
	/** Extra probe parameters (project name lookup, identity query). */
	query?: string | undefined;
}

export interface SaveOutput {
	target_id: string;
	credential_fingerprint: string;
	saved_at: string;
}

const STEP_INDEX = new Map<StepId, number>(STEPS.map((s, i) => [s.id, i]));

/** Blocked entries that stop the admin at `step`: those whose fix is at this step or earlier. */
export function blockersAt(decision: SetupDecision | null, step: StepId) {
	const here = STEP_INDEX.get(step) ?? 0;
	return (decision?.blocked ?? []).filter((b) => (STEP_INDEX.get(b.step) ?? 0) <= here);
}

/** Steps that need the in-memory token; a resumed draft without it goes back to the credential. */
const NEEDS_TOKEN: ReadonlySet<StepId> = new Set([
	'connection',
	'project',
	'scopes',
	'mapping',
	'review'
]);

function withResult<P extends ProbeName>(
	draft: SetupDraft,
	probe: P,
	response: ProbeResponse<P>
): SetupDraft {
	const at = new Date().toISOString();
	const outcome = response.ok
		? { ok: true as const, data: response.data, at }
		: {
				ok: false as const,
				code: response.code,
				message: response.message,
				fix: response.fix,
				check: response.check,
				retry_after: response.retry_after,
				at
			};
	return { ...draft, results: { ...draft.results, [probe]: outcome } as ProbeResults };
}

/** Results that depend on an input become stale when the input changes. */
function clearResults(draft: SetupDraft, probes: ProbeName[]): SetupDraft {
	const results = { ...draft.results };
	for (const p of probes) delete results[p];
	return { ...draft, results };
}

const AFTER_CREDENTIAL: ProbeName[] = [
	'connection',
	'projects',
	'discovery',
	'identities',
	'capabilities',
	'preflight'
];
const AFTER_PROJECT: ProbeName[] = ['discovery', 'identities', 'capabilities', 'preflight'];

function probeActor<P extends ProbeName>() {
	return fromPromise<ProbeResponse<P>, ProbeInput>(async () => {
		throw new Error('probe actor not provided');
	});
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** What the form still lacks before a dry run makes sense (shape only; fit is proven by Azure DevOps). */
export function mappingProblem(draft: SetupDraft): string | null {
	const m = draft.mapping;
	if (!m.work_item_type) return 'Choose a work item type.';
	const area = classificationPathSchema.safeParse(m.area_path ?? '');
	if (!area.success) return `Area path: ${firstIssue(area)}`;
	const iteration = classificationPathSchema.safeParse(m.iteration_path ?? '');
	if (!iteration.success) return `Iteration path: ${firstIssue(iteration)}`;
	return null;
}

/** Every probing step ends by asking the policy and branching on its decision. */
function evaluatingState(stepTag: `step.${StepId}`, next: string) {
	return {
		tags: [stepTag, 'busy' as const],
		entry: 'clearFailure' as const,
		invoke: {
			id: 'evaluatePolicy',
			src: 'evaluatePolicy' as const,
			input: ({ context }: { context: SetupContext }) => ({ draft: context.draft }),
			onDone: [
				{
					guard: 'decisionBlocksHere' as const,
					target: 'blocked',
					actions: 'recordDecision' as const
				},
				{ target: next, actions: 'recordDecision' as const }
			],
			onError: { target: 'blocked', actions: 'recordFailure' as const }
		}
	};
}

/** Blocked: shows code, message and fix; retry re-runs the check, fix goes to the step that fixes it. */
function blockedState(stepTag: `step.${StepId}`, retryTarget: string, backTarget: string) {
	return { tags: [stepTag, 'blocked' as const], on: blockedHandlers(retryTarget, backTarget) };
}

const FIX_TARGETS: ReadonlyArray<[StepId, string]> = [
	['organization', '#setup.servicesOrganization'],
	['attestations', '#setup.serverConfirmations'],
	['base_url', '#setup.serverUrl'],
	['network', '#setup.networkPath'],
	['credential', '#setup.credential'],
	['connection', '#setup.connectionCheck'],
	['project', '#setup.projectCheck'],
	['scopes', '#setup.scopeProof'],
	['mapping', '#setup.workItemMapping'],
	['review', '#setup.review']
];

function fixTransitions(targets: ReadonlyArray<readonly [StepId, string]>) {
	return targets.map(([step, target]) => ({
		guard: { type: 'fixIsAt' as const, params: { step } },
		target
	}));
}

/** Back from a block goes to where the admin entered what was checked; it never re-runs the check. */
function blockedHandlers(
	retryTarget: string,
	backTarget: string,
	fixTargets: ReadonlyArray<readonly [StepId, string]> = FIX_TARGETS
) {
	return {
		'blocked.retry': { target: retryTarget },
		'blocked.fix': fixTransitions(fixTargets),
		'nav.back': { target: backTarget }
	};
}

/**
 * On Scopes the step's own fixes are the acknowledgement and a different token; re-proving the same
 * token could only block again, so Fix it opens the credential and Back returns to the project.
 */
const SCOPE_FIX_TARGETS = FIX_TARGETS.map(
	([step, target]) => [step, step === 'scopes' ? '#setup.credential' : target] as const
);

export const setupMachine = setup({
	types: {
		context: {} as SetupContext,
		events: {} as SetupEvent,
		input: {} as SetupInput,
		tags: {} as 'busy' | 'blocked' | `step.${StepId}` | 'status'
	},
	actors: {
		checkBaseUrl: probeActor<'base-url'>(),
		checkConnection: probeActor<'connection'>(),
		listProjects: probeActor<'projects'>(),
		discoverProject: probeActor<'discovery'>(),
		proveScopes: probeActor<'capabilities'>(),
		lookUpAssignee: probeActor<'identities'>(),
		runDryRunCreate: probeActor<'preflight'>(),
		signInWithEntra: fromPromise<
			{ access_token: string; expires_at: string },
			{ organization: string }
		>(async () => {
			throw new Error('Entra ID sign-in not provided');
		}),
		evaluatePolicy: fromPromise<SetupDecision, { draft: SetupDraft }>(async () => {
			throw new Error('policy not provided');
		}),
		saveTarget: fromPromise<
			SaveOutput,
			{ draft: SetupDraft; token: string; decision: SetupDecision }
		>(async () => {
			throw new Error('storage not provided');
		})
	},
	guards: {
		isServices: ({ context }) => context.draft.provider_key === 'azure_devops_services',
		isOAuth: ({ context }) => context.draft.auth_method === 'oauth',
		hasValidOrganization: (_, params: { organization: string }) =>
			organizationSchema.safeParse(params.organization).success,
		hasAllAttestations: ({ context }) =>
			Object.values(attestationsSchema.parse(context.draft.attestations)).every(Boolean),
		hasValidBaseUrlShape: (_, params: { base_url: string }) =>
			serverBaseUrlSchema.safeParse(params.base_url).success,
		canSave: ({ context }) => context.decision?.can_save === true && context.token !== null,
		fixIsAt: ({ context }, params: { step: StepId }) =>
			blockersAt(context.decision, context.current_step)[0]?.step === params.step,
		resumeAt: ({ context }, params: { step: StepId }) => context.current_step === params.step,
		decisionBlocksHere: ({ context, event }) =>
			blockersAt((event as unknown as DoneActorEvent<SetupDecision>).output, context.current_step)
				.length > 0
	},
	actions: {
		recordDecision: assign(({ event }) => ({
			decision: (event as unknown as DoneActorEvent<SetupDecision>).output
		})),
		recordFailure: assign(({ event }) => ({
			failure: errorText((event as unknown as ErrorActorEvent).error)
		})),
		enterStep: assign((_, params: { step: StepId }) => ({
			current_step: params.step,
			field_errors: {}
		})),
		clearFailure: assign({ failure: null })
	}
}).createMachine({
	id: 'setup',
	context: ({ input }) => {
		const draft = input.draft ?? EMPTY_DRAFT;
		let step = input.resume_step ?? 'provider';
		const tokenLost = NEEDS_TOKEN.has(step);
		if (tokenLost) step = 'credential';
		return {
			draft,
			token: null,
			token_notice: tokenLost ? 'reload' : null,
			decision: null,
			current_step: step,
			field_errors: {},
			saved: input.saved ?? null,
			failure: null
		};
	},
	initial: 'resuming',
	on: {
		'setup.cancelled': {
			target: '.integrationStatus',
			actions: assign({
				draft: EMPTY_DRAFT,
				token: null,
				token_notice: null,
				decision: null,
				current_step: 'provider',
				field_errors: {}
			})
		}
	},
	states: {
		/** Picks the state for a persisted draft; a fresh start lands on Integration status. */
		resuming: {
			always: [
				{ guard: ({ context }) => context.saved !== null, target: 'saved' },
				{
					guard: ({ context }) => context.draft.provider_key === undefined,
					target: 'integrationStatus'
				},
				{
					guard: { type: 'resumeAt', params: { step: 'organization' } },
					target: 'servicesOrganization'
				},
				{
					guard: { type: 'resumeAt', params: { step: 'attestations' } },
					target: 'serverConfirmations'
				},
				{ guard: { type: 'resumeAt', params: { step: 'base_url' } }, target: 'serverUrl' },
				{ guard: { type: 'resumeAt', params: { step: 'network' } }, target: 'networkPath' },
				{ guard: { type: 'resumeAt', params: { step: 'credential' } }, target: 'credential' },
				{ target: 'choosingTarget' }
			]
		},

		integrationStatus: {
			tags: ['status'],
			on: { 'setup.started': 'choosingTarget' }
		},

		/** Step 1: Services or Server, recorded before any other field is asked for. */
		choosingTarget: {
			tags: ['step.provider'],
			entry: { type: 'enterStep', params: { step: 'provider' } },
			on: {
				'provider.chosen': [
					{
						guard: ({ event }) => event.provider_key === 'azure_devops_services',
						target: 'servicesOrganization',
						actions: assign(({ context, event }) => ({
							draft: {
								...EMPTY_DRAFT,
								organization:
									context.draft.provider_key === event.provider_key
										? context.draft.organization
										: undefined,
								provider_key: event.provider_key,
								deployment_mode: DEPLOYMENT_MODE_OF[event.provider_key],
								allowlist_status: 'not_required' as const
							}
						}))
					},
					{
						target: 'serverConfirmations',
						actions: assign(({ context, event }) => ({
							draft: {
								...EMPTY_DRAFT,
								attestations:
									context.draft.provider_key === event.provider_key
										? context.draft.attestations
										: EMPTY_DRAFT.attestations,
								base_url:
									context.draft.provider_key === event.provider_key
										? context.draft.base_url
										: undefined,
								provider_key: event.provider_key,
								deployment_mode: DEPLOYMENT_MODE_OF[event.provider_key],
								// Server has no OAuth.
								auth_method: 'pat' as const
							}
						}))
					}
				],
				'nav.back': 'integrationStatus'
			}
		},

		/** Services: the customer-owned dev.azure.com organization. */
		servicesOrganization: {
			tags: ['step.organization'],
			entry: { type: 'enterStep', params: { step: 'organization' } },
			on: {
				'organization.submitted': [
					{
						guard: {
							type: 'hasValidOrganization',
							params: ({ event }) => ({ organization: event.organization })
						},
						target: 'servicesAuthMethod',
						actions: assign(({ context, event }) => ({
							draft:
								context.draft.organization === event.organization.trim()
									? context.draft
									: {
											...clearResults(context.draft, AFTER_CREDENTIAL),
											organization: event.organization.trim(),
											project: undefined,
											project_id: undefined
										}
						}))
					},
					{
						// Keep what was typed so nothing is lost; say what is wrong beside the field.
						actions: assign(({ context, event }) => ({
							draft: { ...context.draft, organization: event.organization },
							field_errors: {
								organization:
									firstIssue(organizationSchema.safeParse(event.organization)) ?? undefined
							}
						}))
					}
				],
				'nav.back': 'choosingTarget'
			}
		},

		/** Services: OAuth (Microsoft Entra ID) or a personal access token. */
		servicesAuthMethod: {
			tags: ['step.organization'],
			on: {
				'auth_method.chosen': {
					target: 'credential',
					actions: assign(({ context, event }) => ({
						draft: { ...context.draft, auth_method: event.auth_method }
					}))
				},
				'nav.back': 'servicesOrganization'
			}
		},

		/** Server: three confirmations unlock the base_url field. */
		serverConfirmations: {
			tags: ['step.attestations'],
			entry: { type: 'enterStep', params: { step: 'attestations' } },
			on: {
				'attestation.changed': {
					actions: assign(({ context, event }) => ({
						draft: {
							...context.draft,
							attestations: { ...context.draft.attestations, [event.attestation]: event.value }
						},
						field_errors: {}
					}))
				},
				'attestations.confirmed': [
					{ guard: 'hasAllAttestations', target: 'serverUrl' },
					{
						actions: assign({
							field_errors: {
								attestations: 'Confirm all three statements before entering the server URL.'
							}
						})
					}
				],
				'nav.back': 'choosingTarget'
			}
		},

		/** Server: base_url, then URL safety and private-network checks before any token is accepted. */
		serverUrl: {
			initial: 'editing',
			entry: { type: 'enterStep', params: { step: 'base_url' } },
			states: {
				editing: {
					tags: ['step.base_url'],
					always: {
						guard: ({ context }) => !Object.values(context.draft.attestations).every(Boolean),
						target: '#setup.serverConfirmations'
					},
					on: {
						'base_url.submitted': [
							{
								guard: {
									type: 'hasValidBaseUrlShape',
									params: ({ event }) => ({ base_url: event.base_url })
								},
								target: 'checking',
								actions: assign(({ context, event }) => {
									// The canonical serialisation that was checked, not the typed string.
									const base_url = serverBaseUrlSchema.parse(event.base_url);
									const changed = base_url !== context.draft.base_url;
									const draft = changed
										? {
												...clearResults(context.draft, ['base-url', ...AFTER_CREDENTIAL]),
												project: undefined,
												project_id: undefined
											}
										: context.draft;
									return {
										draft: {
											...draft,
											base_url,
											organization: collectionFromBaseUrl(base_url) ?? undefined
										},
										field_errors: {}
									};
								})
							},
							{
								actions: assign(({ context, event }) => ({
									draft: { ...context.draft, base_url: event.base_url },
									field_errors: {
										base_url: firstIssue(serverBaseUrlSchema.safeParse(event.base_url)) ?? undefined
									}
								}))
							}
						],
						'nav.back': '#setup.serverConfirmations'
					}
				},
				checking: {
					tags: ['step.base_url', 'busy'],
					entry: 'clearFailure',
					invoke: {
						id: 'checkBaseUrl',
						src: 'checkBaseUrl',
						input: ({ context }) => ({ draft: context.draft, token: null }),
						onDone: {
							target: 'evaluating',
							actions: assign(({ context, event }) => ({
								draft: withResult(context.draft, 'base-url', event.output)
							}))
						},
						onError: {
							target: 'editing',
							actions: assign(({ event }) => ({ failure: String(event.error) }))
						}
					},
					on: { 'nav.back': 'editing' }
				},
				evaluating: evaluatingState('step.base_url', '#setup.networkPath'),
				blocked: blockedState('step.base_url', 'checking', 'editing')
			}
		},

		/** Server: allowlist_status is reviewed before any authenticated call. */
		networkPath: {
			initial: 'reviewing',
			entry: { type: 'enterStep', params: { step: 'network' } },
			states: {
				reviewing: {
					tags: ['step.network'],
					always: {
						guard: ({ context }) => context.draft.results['base-url']?.ok !== true,
						target: '#setup.serverUrl'
					},
					on: {
						'network.confirmed': {
							target: 'evaluating',
							actions: assign(({ context, event }) => ({
								draft: { ...context.draft, allowlist_status: event.allowlist_status }
							}))
						},
						'nav.back': '#setup.serverUrl'
					}
				},
				evaluating: evaluatingState('step.network', '#setup.credential'),
				blocked: blockedState('step.network', 'evaluating', 'reviewing')
			}
		},

		/** The token field; for Server it accepts nothing before URL safety passed. */
		credential: {
			initial: 'editing',
			entry: { type: 'enterStep', params: { step: 'credential' } },
			states: {
				editing: {
					tags: ['step.credential'],
					always: {
						guard: ({ context }) =>
							context.draft.provider_key === 'azure_devops_server' &&
							context.draft.results['base-url']?.ok !== true,
						target: '#setup.serverUrl'
					},
					on: {
						'token.submitted': [
							{
								guard: ({ event }) => event.token.trim().length > 0,
								target: '#setup.connectionCheck',
								actions: assign(({ context, event }) => ({
									token: event.token.trim(),
									token_notice: null,
									draft: {
										...clearResults(context.draft, AFTER_CREDENTIAL),
										token_expires_at: event.token_expires_at,
										broad_scopes_acknowledged: false
									}
								}))
							},
							{ actions: assign({ field_errors: { token: 'Paste the personal access token.' } }) }
						],
						'oauth.started': { guard: 'isOAuth', target: 'signingIn' },
						'nav.back': [
							{ guard: 'isServices', target: '#setup.servicesAuthMethod' },
							{ target: '#setup.networkPath' }
						]
					}
				},
				signingIn: {
					tags: ['step.credential', 'busy'],
					entry: 'clearFailure',
					invoke: {
						id: 'signInWithEntra',
						src: 'signInWithEntra',
						input: ({ context }) => ({ organization: context.draft.organization ?? '' }),
						onDone: {
							target: '#setup.connectionCheck',
							actions: assign(({ context, event }) => ({
								token: event.output.access_token,
								token_notice: null,
								draft: {
									...clearResults(context.draft, AFTER_CREDENTIAL),
									token_expires_at: event.output.expires_at
								}
							}))
						},
						onError: {
							target: 'editing',
							actions: assign(({ event }) => ({ field_errors: { token: errorText(event.error) } }))
						}
					},
					on: { 'nav.back': 'editing' }
				}
			}
		},

		/** Organization and project check, part 1: who am I, which deployment, which API version. */
		connectionCheck: {
			initial: 'checking',
			entry: { type: 'enterStep', params: { step: 'connection' } },
			states: {
				checking: {
					tags: ['step.connection', 'busy'],
					always: { guard: ({ context }) => context.token === null, target: '#setup.credential' },
					entry: 'clearFailure',
					invoke: {
						id: 'checkConnection',
						src: 'checkConnection',
						input: ({ context }) => ({ draft: context.draft, token: context.token }),
						onDone: {
							target: 'evaluating',
							actions: assign(({ context, event }) => ({
								draft: withResult(context.draft, 'connection', event.output)
							}))
						},
						onError: {
							target: '#setup.credential',
							actions: assign(({ event }) => ({ failure: errorText(event.error) }))
						}
					},
					on: { 'nav.back': '#setup.credential' }
				},
				evaluating: evaluatingState('step.connection', '#setup.projectCheck'),
				blocked: blockedState('step.connection', 'checking', '#setup.credential')
			}
		},

		/** Organization and project check, part 2: choose the project, then discover its process. */
		projectCheck: {
			initial: 'loading',
			entry: { type: 'enterStep', params: { step: 'project' } },
			states: {
				loading: {
					tags: ['step.project', 'busy'],
					entry: 'clearFailure',
					invoke: {
						id: 'listProjects',
						src: 'listProjects',
						input: ({ context }) => ({ draft: context.draft, token: context.token }),
						onDone: {
							target: 'choosing',
							actions: assign(({ context, event }) => ({
								draft: withResult(context.draft, 'projects', event.output)
							}))
						},
						onError: {
							target: 'choosing',
							actions: assign(({ event }) => ({ failure: errorText(event.error) }))
						}
					},
					on: { 'nav.back': '#setup.credential' }
				},
				choosing: {
					tags: ['step.project'],
					on: {
						'project.searched': { target: 'searching' },
						'project.chosen': {
							target: 'discovering',
							actions: assign(({ context, event }) => {
								const list = context.draft.results.projects;
								const found = list?.ok
									? list.data.projects.find((p) => p.id === event.project_id)
									: undefined;
								if (!found) return { field_errors: { project: 'Choose a project from the list.' } };
								const same = context.draft.project_id === found.id;
								const draft = same
									? context.draft
									: {
											...clearResults(context.draft, AFTER_PROJECT),
											mapping: {
												...context.draft.mapping,
												work_item_type: undefined,
												area_path: undefined,
												iteration_path: undefined,
												custom_fields: {}
											}
										};
								return {
									draft: { ...draft, project: found.name, project_id: found.id },
									field_errors: {}
								};
							})
						},
						'nav.back': '#setup.credential'
					}
				},
				searching: {
					tags: ['step.project', 'busy'],
					entry: 'clearFailure',
					invoke: {
						id: 'listProjects',
						src: 'listProjects',
						input: ({ context, event }) => ({
							draft: context.draft,
							token: context.token,
							query: event.type === 'project.searched' ? event.name : undefined
						}),
						onDone: {
							target: 'choosing',
							actions: assign(({ context, event }) => {
								// An exact-name lookup adds its hit to the list rather than replacing it.
								const previous = context.draft.results.projects;
								if (!event.output.ok || !previous?.ok)
									return { draft: withResult(context.draft, 'projects', event.output) };
								const known = new Set(previous.data.projects.map((p) => p.id));
								const merged = {
									...previous.data,
									projects: [
										...previous.data.projects,
										...event.output.data.projects.filter((p) => !known.has(p.id))
									]
								};
								return {
									draft: withResult(context.draft, 'projects', {
										ok: true,
										data: merged,
										diagnostics: event.output.diagnostics
									}),
									field_errors:
										event.output.data.projects.length === 0
											? {
													project: 'No project with that exact name is visible to this credential.'
												}
											: {}
								};
							})
						},
						onError: {
							target: 'choosing',
							actions: assign(({ event }) => ({ failure: errorText(event.error) }))
						}
					}
				},
				discovering: {
					tags: ['step.project', 'busy'],
					always: {
						guard: ({ context }) => context.draft.project_id === undefined,
						target: 'choosing'
					},
					entry: 'clearFailure',
					invoke: {
						id: 'discoverProject',
						src: 'discoverProject',
						input: ({ context }) => ({ draft: context.draft, token: context.token }),
						onDone: {
							target: 'evaluating',
							actions: assign(({ context, event }) => {
								const draft = withResult(context.draft, 'discovery', event.output);
								if (!event.output.ok) return { draft };
								// Start the mapping from the process's own recommendations; keep earlier choices.
								const d = event.output.data;
								const mapping = {
									...draft.mapping,
									work_item_type: draft.mapping.work_item_type ?? d.recommended_type,
									area_path: draft.mapping.area_path ?? d.team_default_area ?? d.areas.path,
									iteration_path:
										draft.mapping.iteration_path ?? d.team_default_iteration ?? d.iterations.path
								};
								return { draft: { ...draft, mapping } };
							})
						},
						onError: {
							target: 'choosing',
							actions: assign(({ event }) => ({ failure: errorText(event.error) }))
						}
					},
					on: { 'nav.back': 'choosing' }
				},
				evaluating: evaluatingState('step.project', '#setup.scopeProof'),
				blocked: blockedState('step.project', 'discovering', 'choosing')
			}
		},

		/** Scope confirmation: prove each capability export needs, and flag anything more. */
		scopeProof: {
			initial: 'proving',
			entry: { type: 'enterStep', params: { step: 'scopes' } },
			states: {
				proving: {
					tags: ['step.scopes', 'busy'],
					entry: 'clearFailure',
					invoke: {
						id: 'proveScopes',
						src: 'proveScopes',
						input: ({ context }) => ({ draft: context.draft, token: context.token }),
						onDone: {
							target: 'evaluating',
							actions: assign(({ context, event }) => ({
								draft: withResult(context.draft, 'capabilities', event.output)
							}))
						},
						onError: {
							target: '#setup.projectCheck',
							actions: assign(({ event }) => ({ failure: errorText(event.error) }))
						}
					},
					on: { 'nav.back': '#setup.projectCheck' }
				},
				evaluating: evaluatingState('step.scopes', 'confirmed'),
				blocked: {
					tags: ['step.scopes', 'blocked'],
					on: {
						'scopes.acknowledged': {
							target: 'evaluating',
							actions: assign(({ context }) => ({
								draft: { ...context.draft, broad_scopes_acknowledged: true }
							}))
						},
						...blockedHandlers('proving', '#setup.projectCheck', SCOPE_FIX_TARGETS)
					}
				},
				confirmed: {
					tags: ['step.scopes'],
					on: { 'scopes.confirmed': '#setup.workItemMapping', 'nav.back': '#setup.projectCheck' }
				}
			}
		},

		/** Work item mapping, proven by a validateOnly create. */
		workItemMapping: {
			initial: 'editing',
			entry: { type: 'enterStep', params: { step: 'mapping' } },
			states: {
				editing: {
					tags: ['step.mapping'],
					on: {
						'mapping.changed': {
							actions: assign(({ context, event }) => ({
								draft: {
									...clearResults(context.draft, ['preflight']),
									mapping: { ...context.draft.mapping, ...event.mapping }
								},
								field_errors: {}
							}))
						},
						'assignee.searched': 'lookingUpAssignee',
						'mapping.submitted': [
							{
								guard: ({ context }) => mappingProblem(context.draft) === null,
								target: 'dryRun'
							},
							{
								actions: assign(({ context }) => ({
									field_errors: { mapping: mappingProblem(context.draft) ?? undefined }
								}))
							}
						],
						'nav.back': '#setup.scopeProof.confirmed'
					}
				},
				lookingUpAssignee: {
					tags: ['step.mapping', 'busy'],
					entry: 'clearFailure',
					invoke: {
						id: 'lookUpAssignee',
						src: 'lookUpAssignee',
						input: ({ context, event }) => ({
							draft: context.draft,
							token: context.token,
							query: event.type === 'assignee.searched' ? event.query : undefined
						}),
						onDone: {
							target: 'editing',
							actions: assign(({ context, event }) => ({
								draft: withResult(context.draft, 'identities', event.output)
							}))
						},
						onError: {
							target: 'editing',
							actions: assign(({ event }) => ({ failure: errorText(event.error) }))
						}
					}
				},
				dryRun: {
					tags: ['step.mapping', 'busy'],
					entry: 'clearFailure',
					invoke: {
						id: 'runDryRunCreate',
						src: 'runDryRunCreate',
						input: ({ context }) => ({ draft: context.draft, token: context.token }),
						onDone: {
							target: 'evaluating',
							actions: assign(({ context, event }) => ({
								draft: withResult(context.draft, 'preflight', event.output)
							}))
						},
						onError: {
							target: 'editing',
							actions: assign(({ event }) => ({ failure: errorText(event.error) }))
						}
					},
					on: { 'nav.back': 'editing' }
				},
				evaluating: evaluatingState('step.mapping', '#setup.review'),
				blocked: {
					tags: ['step.mapping', 'blocked'],
					on: {
						// Fixing a mapping field returns to the form with everything else kept.
						'mapping.changed': {
							target: 'editing',
							actions: assign(({ context, event }) => ({
								draft: {
									...clearResults(context.draft, ['preflight']),
									mapping: { ...context.draft.mapping, ...event.mapping }
								}
							}))
						},
						// A refused assignee is fixed by finding another person; the refusal stays shown until one is picked.
						'assignee.searched': 'lookingUpAssignee',
						...blockedHandlers('dryRun', 'editing')
					}
				}
			}
		},

		/** Review and save: reachable only when the policy says can_save. */
		review: {
			initial: 'evaluating',
			entry: { type: 'enterStep', params: { step: 'review' } },
			states: {
				evaluating: evaluatingState('step.review', 'reviewing'),
				reviewing: {
					tags: ['step.review'],
					on: {
						'save.requested': { guard: 'canSave', target: 'saving' },
						'nav.back': '#setup.workItemMapping'
					}
				},
				saving: {
					tags: ['step.review', 'busy'],
					entry: 'clearFailure',
					invoke: {
						id: 'saveTarget',
						src: 'saveTarget',
						input: ({ context }) => ({
							draft: context.draft,
							token: context.token ?? '',
							decision: context.decision as SetupDecision
						}),
						onDone: {
							target: '#setup.saved',
							actions: assign(({ event }) => ({ saved: event.output, token: null }))
						},
						onError: {
							target: 'reviewing',
							actions: assign(({ event }) => ({ failure: errorText(event.error) }))
						}
					}
				},
				blocked: blockedState('step.review', 'evaluating', '#setup.workItemMapping')
			}
		},

		/** Saved: the provider record is available to Work management export. */
		saved: {
			tags: ['step.saved'],
			entry: { type: 'enterStep', params: { step: 'saved' } },
			on: {
				'export.continued': 'workManagementExport',
				'fallback.chosen': 'portableFallback'
			}
		},
		workManagementExport: { type: 'final', tags: ['step.saved'] },
		portableFallback: { type: 'final', tags: ['step.saved'] }
	}
});

export type SetupActor = ActorRefFrom<typeof setupMachine>;
export type SetupSnapshot = SnapshotFrom<typeof setupMachine>;
