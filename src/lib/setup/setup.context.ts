import { EMPTY_DRAFT, type SetupDraft, type StepId } from '$lib/domain';
import type { SetupDecision } from '$lib/policy';

/** The statechart's context and I/O shapes, apart from the chart so its guards and actions can use them. */

type FieldName =
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

export interface EntraToken {
	access_token: string;
	expires_at: string;
}

export interface SaveOutput {
	target_id: string;
	credential_fingerprint: string;
	saved_at: string;
}

/** Steps that need the in-memory token; a resumed draft without it goes back to the credential. */
const NEEDS_TOKEN: ReadonlySet<StepId> = new Set([
	'connection',
	'project',
	'scopes',
	'mapping',
	'review'
]);

/** The context a chart starts with: a fresh start, or a persisted draft resumed without its token. */
export function initialContext(input: SetupInput): SetupContext {
	let step = input.resume_step ?? 'provider';
	const tokenLost = NEEDS_TOKEN.has(step);
	if (tokenLost) step = 'credential';
	return {
		draft: input.draft ?? EMPTY_DRAFT,
		token: null,
		token_notice: tokenLost ? 'reload' : null,
		decision: null,
		current_step: step,
		field_errors: {},
		saved: input.saved ?? null,
		failure: null
	};
}
