import { stepTitle, type StepId } from '$lib/domain';
import { probeActorColumn } from '$lib/probe/probe-actors';
import type { SetupEventType } from '../setup.events';
import type { DiagramWords } from './to-mermaid';

/**
 * The product's words for the setup statechart, so the generated diagram can go into the docs as
 * is. Step titles come from STEPS (defined once in the domain); only the chart's own sub-states,
 * events, actors and guards are worded here. The spec fails when the chart gains a state, event,
 * actor or guard without words, so the diagram never falls back to identifiers silently.
 */

/** Top-level states by key; those that are wizard steps reuse the step's title. */
const TOP: Record<string, string> = {
	resuming: 'Resuming a saved draft',
	integrationStatus: 'Integration status',
	choosingTarget: stepTitle('provider'),
	servicesOrganization: `${stepTitle('organization')} (Services)`,
	servicesAuthMethod: 'auth_method (Services)',
	serverConfirmations: stepTitle('attestations'),
	serverUrl: stepTitle('base_url'),
	networkPath: stepTitle('network'),
	credential: stepTitle('credential'),
	connectionCheck: stepTitle('connection'),
	projectCheck: stepTitle('project'),
	scopeProof: stepTitle('scopes'),
	workItemMapping: stepTitle('mapping'),
	review: stepTitle('review'),
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

export const EVENT_WORDS: Record<SetupEventType, string> = {
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
export const ACTOR_WORDS: Record<string, string> = {
	...probeActorColumn('words'),
	signInWithEntra: 'Entra ID sign-in',
	evaluatePolicy: 'Policy decision',
	saveTarget: 'Save'
};

const step = (params: Record<string, unknown> | undefined) =>
	stepTitle((params?.step ?? '') as StepId);

export const GUARD_WORDS: Record<string, (params: Record<string, unknown> | undefined) => string> =
	{
		isServices: () => 'Services',
		isServer: () => 'Server',
		isOAuth: () => 'auth_method is oauth',
		hasValidOrganization: () => 'valid organization name',
		hasAllAttestations: () => 'all three confirmed',
		hasValidBaseUrlShape: () => 'valid base_url shape',
		hasSafeBaseUrl: () => 'URL safety passed',
		hasToken: () => 'token in memory',
		isBlockedHere: () => 'blocked at this step',
		canSave: () => 'policy says can_save',
		fixIsAt: (p) => `fix is at ${step(p)}`,
		resumeAt: (p) => `draft was at ${step(p)}`,
		probeFailedWith: (p) => `${String(p?.probe)} failed with ${String(p?.code)}`,
		hasProjectChosen: () => 'project chosen',
		decisionBlocksHere: () => 'blocked at this step'
	};

/**
 * Guards written inline in the chart, keyed `source event → target`. Naming them in the chart
 * would make this table unnecessary (proposed to the lead).
 */
export const INLINE_GUARD_WORDS: Record<string, string> = {
	'setup.resuming always → setup.saved': 'a target is saved',
	'setup.resuming always → setup.integrationStatus': 'no provider chosen',
	'setup.choosingTarget provider.chosen → setup.servicesOrganization': 'Services',
	'setup.serverUrl.editing always → setup.serverConfirmations': 'a confirmation is missing',
	'setup.networkPath.reviewing always → setup.serverUrl': 'URL safety not passed',
	'setup.credential.editing token.submitted → setup.connectionCheck': 'token not empty',
	'setup.credential.editing always → setup.serverUrl': 'Server without URL safety',
	'setup.connectionCheck.checking always → setup.credential': 'no token in memory',
	'setup.projectCheck.discovering always → setup.projectCheck.choosing': 'no project chosen',
	'setup.workItemMapping.editing mapping.submitted → setup.workItemMapping.dryRun':
		'mapping complete'
};

/** The class the diagram gives every state of a wizard step: `step_base_url`. */
export function stepClass(step: string | undefined): string | undefined {
	return step === undefined ? undefined : `step_${step}`;
}

export const setupWords: DiagramWords = {
	state: (id, key) => SUB_IN[id] ?? (id.split('.').length === 2 ? TOP[key] : SUB[key]),
	event: (type) => (EVENT_WORDS as Record<string, string>)[type],
	actor: (src) => ACTOR_WORDS[src],
	guard: (type, params) => GUARD_WORDS[type]?.(params),
	inlineGuard: (key) => INLINE_GUARD_WORDS[key],
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
