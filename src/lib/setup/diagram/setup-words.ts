import { STEPS, stepTitle } from '$lib/domain';
import { probeActorColumn } from '$lib/probe/probe-actors';
import type { SetupEventType } from '../setup.events';
import { guardWords } from '../setup.guards';
import type { DiagramWords } from './to-mermaid';

/**
 * The product's words for the setup statechart, so the generated diagram can go into the docs as
 * is. Step titles come from STEPS (defined once in the domain, with the state each step lives
 * in), guard words from the guards' own table in setup.guards.ts; only the chart's own sub-states,
 * events and actors are worded here. The spec fails when the chart gains a state, event, actor or
 * guard without words, so the diagram never falls back to identifiers silently.
 */

/** Top-level states by key; a wizard step's state (STEPS' `fix`) takes the step's title. */
const TOP: Record<string, string> = {
	resuming: 'Resuming a saved draft',
	integrationStatus: 'Integration status',
	choosingTarget: stepTitle('provider'),
	servicesAuthMethod: 'auth_method (Services)',
	...Object.fromEntries(STEPS.flatMap((s) => (s.fix ? [[s.fix, s.title]] : []))),
	servicesOrganization: `${stepTitle('organization')} (Services)`,
	saved: stepTitle('saved'),
	workManagementExport: 'Work management export',
	portableFallback: 'Portable export (fallback)'
};

/** Sub-states mean the same thing wherever they appear. */
const SUB: Record<string, string> = {
	editing: 'Editing',
	checking: 'Checking',
	evaluating: 'Policy decision',
	blocked: 'Blocked',
	reviewing: 'Reviewing',
	signingIn: 'Signing in with Microsoft Entra ID',
	loading: 'Listing projects',
	choosing: 'Choosing a project',
	searching: 'Looking up a project by name',
	discovering: 'Discovering process and fields',
	proving: 'Proving each capability',
	confirmed: 'Scopes proven',
	lookingUpAssignee: 'Looking up the assignee',
	dryRun: 'Dry-run create (validateOnly)',
	saving: 'Saving'
};

/** Sub-states whose words differ by parent. */
const SUB_IN: Record<string, string> = {
	'setup.serverUrl.checking': 'URL safety and private-network check',
	'setup.connectionCheck.checking': 'Checking who the credential is',
	'setup.networkPath.reviewing': 'Reviewing allowlist_status',
	'setup.review.reviewing': 'Reviewing the provider record',
	'setup.credential.editing': 'Entering the token'
};

const EVENT_WORDS: Record<SetupEventType, string> = {
	'setup.started': 'Set up Azure DevOps',
	'setup.cancelled': 'Cancel setup',
	'nav.back': 'Back',
	'provider.chosen': 'Choose Services or Server',
	'organization.submitted': 'Confirm organization',
	'auth_method.chosen': 'Choose auth_method',
	'attestation.changed': 'Tick a confirmation',
	'attestations.confirmed': 'Confirm',
	'base_url.submitted': 'Enter base_url',
	'network.confirmed': 'Confirm allowlist_status',
	'token.submitted': 'Paste token',
	'oauth.started': 'Sign in with Microsoft Entra ID',
	'project.searched': 'Find project by name',
	'project.chosen': 'Choose project',
	'scopes.acknowledged': 'Acknowledge the broad token',
	'scopes.confirmed': 'Continue',
	'mapping.changed': 'Change mapping',
	'assignee.searched': 'Find assignee',
	'mapping.submitted': 'Run dry-run create',
	'save.requested': 'Save',
	'blocked.retry': 'Retry',
	'blocked.fix': 'Fix',
	'export.continued': 'Continue to Work management export',
	'fallback.chosen': 'Use portable export'
};

/** Invoked actors (the probe actors' words are in their table); `done` / `failed` is appended for their completion events. */
const ACTOR_WORDS: Record<string, string> = {
	...probeActorColumn('words'),
	signInWithEntra: 'Entra ID sign-in',
	evaluatePolicy: 'Policy decision',
	saveTarget: 'Save'
};

/** The class the diagram gives every state of a wizard step: `step_base_url`. */
function stepClass(step: string | undefined): string | undefined {
	return step === undefined ? undefined : `step_${step}`;
}

export const setupWords: DiagramWords = {
	state: (id, key) => SUB_IN[id] ?? (id.split('.').length === 2 ? TOP[key] : SUB[key]),
	event: (type) => (EVENT_WORDS as Record<string, string>)[type],
	actor: (src) => ACTOR_WORDS[src],
	guard: guardWords,
	classOf: (_id, tags) =>
		stepClass(
			tags.find((t) => t.startsWith('step.'))?.slice(5) ??
				(tags.includes('status') ? 'status' : undefined)
		),
	anywhere: (type) =>
		type === 'setup.cancelled'
			? 'Cancel setup from any step returns here and clears the draft'
			: undefined
};
