import { assign, fromPromise, setup, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import type { ProbeName, ProbeResponse } from '$lib/domain';
import type { SetupDecision } from '$lib/policy';
import type { SetupEvent } from './setup.events';
import {
	initialContext,
	type EntraToken,
	type ProbeInput,
	type SaveOutput,
	type SetupContext,
	type SetupInput
} from './setup.context';
import { setupGuards } from './setup.guards';
import { updates } from './setup.actions';
import {
	blockedHandlers,
	blockedState,
	evaluatingState,
	failed,
	fromEvent,
	probing,
	resumeTransitions,
	SCOPE_FIX_TARGETS,
	type StepTag
} from './setup.states';

export type { ProbeInput, SaveOutput, SetupInput } from './setup.context';
export { blockersAt } from './setup.guards';

/**
 * The Azure DevOps target setup flow: Cloud and self-hosted integrations → Azure DevOps target →
 * Organization and project check → Work item mapping → Work management export or fallback.
 *
 * The chart is pure: every request, policy evaluation and storage write is an invoked actor
 * declared below and bound to real code in setup.actors.ts (tests replace them with .provide()).
 * It never decides readiness itself: after a step changes facts it invokes `evaluatePolicy` and
 * branches only on the decision. Guards live in setup.guards.ts (with their diagram words),
 * context updates in setup.actions.ts, the draft rules in draft-reshaping.ts, the repeated state
 * shapes (probing, policy decision, blocked) in setup.states.ts.
 */

/** Placeholders: setup.actors.ts provides the real actors, tests provide fakes. */
const notProvided = (what: string) => async (): Promise<never> => {
	throw new Error(`${what} not provided`);
};
const probeActor = <P extends ProbeName>() =>
	fromPromise<ProbeResponse<P>, ProbeInput>(notProvided('probe actor'));
type Draft = SetupContext['draft'];

const chart = setup({
	types: {
		context: {} as SetupContext,
		events: {} as SetupEvent,
		input: {} as SetupInput,
		tags: {} as 'busy' | 'blocked' | StepTag | 'status'
	},
	actors: {
		checkBaseUrl: probeActor<'base-url'>(),
		checkConnection: probeActor<'connection'>(),
		listProjects: probeActor<'projects'>(),
		discoverProject: probeActor<'discovery'>(),
		proveScopes: probeActor<'capabilities'>(),
		lookUpAssignee: probeActor<'identities'>(),
		runDryRunCreate: probeActor<'preflight'>(),
		signInWithEntra: fromPromise<EntraToken, { organization: string }>(
			notProvided('Entra ID sign-in')
		),
		evaluatePolicy: fromPromise<SetupDecision, { draft: Draft }>(notProvided('policy')),
		saveTarget: fromPromise<SaveOutput, { draft: Draft; token: string; decision: SetupDecision }>(
			notProvided('storage')
		)
	},
	guards: setupGuards,
	actions: {
		resetSetup: assign(updates.resetSetup),
		enterStep: assign(updates.enterStep),
		clearFailure: assign(updates.clearFailure),
		recordFailure: assign(updates.recordFailure),
		recordDecision: assign(updates.recordDecision),
		recordProbe: assign(updates.recordProbe),
		chooseProvider: assign(updates.chooseProvider),
		acceptOrganization: assign(updates.acceptOrganization),
		refuseOrganization: assign(updates.refuseOrganization),
		chooseAuthMethod: assign(updates.chooseAuthMethod),
		changeAttestation: assign(updates.changeAttestation),
		requireAttestations: assign(updates.requireAttestations),
		acceptBaseUrl: assign(updates.acceptBaseUrl),
		refuseBaseUrl: assign(updates.refuseBaseUrl),
		confirmNetwork: assign(updates.confirmNetwork),
		acceptToken: assign(updates.acceptToken),
		requireToken: assign(updates.requireToken),
		acceptEntraToken: assign(updates.acceptEntraToken),
		refuseEntraSignIn: assign(updates.refuseEntraSignIn),
		chooseProject: assign(updates.chooseProject),
		acknowledgeBroadScopes: assign(updates.acknowledgeBroadScopes),
		changeMapping: assign(updates.changeMapping),
		requireCompleteMapping: assign(updates.requireCompleteMapping),
		recordSaved: assign(updates.recordSaved)
	}
});

export const setupMachine = chart.createMachine({
	id: 'setup',
	context: ({ input }) => initialContext(input),
	initial: 'resuming',
	on: { 'setup.cancelled': { target: '.integrationStatus', actions: 'resetSetup' } },
	states: {
		/** Picks the state for a persisted draft; a fresh start lands on Integration status. */
		resuming: {
			always: [
				{ guard: 'hasSavedTarget', target: 'saved' },
				{ guard: 'hasNoProvider', target: 'integrationStatus' },
				...resumeTransitions(),
				{ target: 'choosingTarget' }
			]
		},

		integrationStatus: { tags: ['status'], on: { 'setup.started': 'choosingTarget' } },

		/** Step 1: Services or Server, recorded before any other field is asked for. */
		choosingTarget: {
			tags: ['step.provider'],
			entry: { type: 'enterStep', params: { step: 'provider' } },
			on: {
				'provider.chosen': [
					{
						guard: { type: 'choseServices', params: fromEvent },
						target: 'servicesOrganization',
						actions: { type: 'chooseProvider', params: fromEvent }
					},
					{ target: 'serverConfirmations', actions: { type: 'chooseProvider', params: fromEvent } }
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
						guard: { type: 'hasValidOrganization', params: fromEvent },
						target: 'servicesAuthMethod',
						actions: { type: 'acceptOrganization', params: fromEvent }
					},
					{ actions: { type: 'refuseOrganization', params: fromEvent } }
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
					actions: { type: 'chooseAuthMethod', params: fromEvent }
				},
				'nav.back': 'servicesOrganization'
			}
		},

		/** Server: three confirmations unlock the base_url field. */
		serverConfirmations: {
			tags: ['step.attestations'],
			entry: { type: 'enterStep', params: { step: 'attestations' } },
			on: {
				'attestation.changed': { actions: { type: 'changeAttestation', params: fromEvent } },
				'attestations.confirmed': [
					{ guard: 'hasAllAttestations', target: 'serverUrl' },
					{ actions: 'requireAttestations' }
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
					always: { guard: 'lacksAttestation', target: '#setup.serverConfirmations' },
					on: {
						'base_url.submitted': [
							{
								guard: { type: 'hasValidBaseUrlShape', params: fromEvent },
								target: 'checking',
								actions: { type: 'acceptBaseUrl', params: fromEvent }
							},
							{ actions: { type: 'refuseBaseUrl', params: fromEvent } }
						],
						'nav.back': '#setup.serverConfirmations'
					}
				},
				checking: probing('base_url', 'checkBaseUrl', {
					done: 'evaluating',
					failed: 'editing',
					back: 'editing'
				}),
				evaluating: evaluatingState('base_url', '#setup.networkPath'),
				blocked: blockedState('base_url', 'checking', 'editing')
			}
		},

		/** Server: allowlist_status is reviewed before any authenticated call. */
		networkPath: {
			initial: 'reviewing',
			entry: { type: 'enterStep', params: { step: 'network' } },
			states: {
				reviewing: {
					tags: ['step.network'],
					always: { guard: 'lacksSafeBaseUrl', target: '#setup.serverUrl' },
					on: {
						'network.confirmed': {
							target: 'evaluating',
							actions: { type: 'confirmNetwork', params: fromEvent }
						},
						'nav.back': '#setup.serverUrl'
					}
				},
				evaluating: evaluatingState('network', '#setup.credential'),
				blocked: blockedState('network', 'evaluating', 'reviewing')
			}
		},

		/** The token field; for Server it accepts nothing before URL safety passed. */
		credential: {
			initial: 'editing',
			entry: { type: 'enterStep', params: { step: 'credential' } },
			states: {
				editing: {
					tags: ['step.credential'],
					always: { guard: 'isServerWithoutSafeUrl', target: '#setup.serverUrl' },
					on: {
						'token.submitted': [
							{
								guard: { type: 'hasTokenText', params: fromEvent },
								target: '#setup.connectionCheck',
								actions: { type: 'acceptToken', params: fromEvent }
							},
							{ actions: 'requireToken' }
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
							actions: { type: 'acceptEntraToken', params: ({ event }) => event.output }
						},
						onError: {
							target: 'editing',
							actions: { type: 'refuseEntraSignIn', params: ({ event }) => event }
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
				checking: probing(
					'connection',
					'checkConnection',
					{ done: 'evaluating', failed: '#setup.credential', back: '#setup.credential' },
					{ guard: 'hasNoToken', target: '#setup.credential' }
				),
				evaluating: evaluatingState('connection', '#setup.projectCheck'),
				blocked: blockedState('connection', 'checking', '#setup.credential')
			}
		},

		/** Organization and project check, part 2: choose the project, then discover its process. */
		projectCheck: {
			initial: 'loading',
			entry: { type: 'enterStep', params: { step: 'project' } },
			states: {
				loading: probing('project', 'listProjects', {
					done: 'choosing',
					failed: 'choosing',
					back: '#setup.credential'
				}),
				choosing: {
					tags: ['step.project'],
					on: {
						'project.searched': { target: 'searching' },
						'project.chosen': {
							target: 'discovering',
							actions: { type: 'chooseProject', params: fromEvent }
						},
						'nav.back': '#setup.credential'
					}
				},
				searching: probing('project', 'listProjects', {
					done: 'choosing',
					failed: 'choosing',
					lookup: true
				}),
				discovering: probing(
					'project',
					'discoverProject',
					{ done: 'evaluating', failed: 'choosing', back: 'choosing' },
					{ guard: 'hasNoProject', target: 'choosing' }
				),
				evaluating: evaluatingState('project', '#setup.scopeProof'),
				blocked: blockedState('project', 'discovering', 'choosing')
			}
		},

		/** Scope confirmation: prove each capability export needs, and flag anything more. */
		scopeProof: {
			initial: 'proving',
			entry: { type: 'enterStep', params: { step: 'scopes' } },
			states: {
				proving: probing('scopes', 'proveScopes', {
					done: 'evaluating',
					failed: '#setup.projectCheck',
					back: '#setup.projectCheck'
				}),
				evaluating: evaluatingState('scopes', 'confirmed'),
				blocked: {
					tags: ['step.scopes', 'blocked'],
					on: {
						'scopes.acknowledged': { target: 'evaluating', actions: 'acknowledgeBroadScopes' },
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
						'mapping.changed': { actions: { type: 'changeMapping', params: fromEvent } },
						'assignee.searched': 'lookingUpAssignee',
						'mapping.submitted': [
							{ guard: 'hasCompleteMapping', target: 'dryRun' },
							{ actions: 'requireCompleteMapping' }
						],
						'nav.back': '#setup.scopeProof.confirmed'
					}
				},
				lookingUpAssignee: probing('mapping', 'lookUpAssignee', {
					done: 'editing',
					failed: 'editing'
				}),
				dryRun: probing('mapping', 'runDryRunCreate', {
					done: 'evaluating',
					failed: 'editing',
					back: 'editing'
				}),
				evaluating: evaluatingState('mapping', '#setup.review'),
				blocked: {
					tags: ['step.mapping', 'blocked'],
					on: {
						// Fixing a mapping field returns to the form with everything else kept.
						'mapping.changed': {
							target: 'editing',
							actions: { type: 'changeMapping', params: fromEvent }
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
				evaluating: evaluatingState('review', 'reviewing'),
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
							actions: { type: 'recordSaved', params: ({ event }) => ({ saved: event.output }) }
						},
						onError: { target: 'reviewing', actions: failed }
					}
				},
				blocked: blockedState('review', 'evaluating', '#setup.workItemMapping')
			}
		},

		/** Saved: the provider record is available to Work management export. */
		saved: {
			tags: ['step.saved'],
			entry: { type: 'enterStep', params: { step: 'saved' } },
			on: { 'export.continued': 'workManagementExport', 'fallback.chosen': 'portableFallback' }
		},
		workManagementExport: { type: 'final', tags: ['step.saved'] },
		portableFallback: { type: 'final', tags: ['step.saved'] }
	}
});

export type SetupActor = ActorRefFrom<typeof setupMachine>;
export type SetupSnapshot = SnapshotFrom<typeof setupMachine>;
