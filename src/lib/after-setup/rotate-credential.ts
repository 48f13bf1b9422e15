import type { ProviderRecord, SetupDraft } from '$lib/domain';
import type { AuditEntryInput } from '$lib/storage';
import { verifyTarget, type VerifyDeps, type VerifyOutcome } from './verify-target';

export interface RotateDeps extends Pick<
	VerifyDeps,
	'loadTarget' | 'probe' | 'evaluate' | 'appendAudit' | 'now'
> {
	/** Seals the new token for the target and writes record + ciphertext + audit entry in one transaction; returns the new fingerprint. */
	sealAndSave(
		record: ProviderRecord,
		token: string,
		audit: (fingerprint: string) => AuditEntryInput
	): Promise<string>;
}

export interface RotateInput {
	target_id: string;
	/** The new PAT or Entra ID access token: memory only, sealed only after every check passed. */
	token: string;
	token_expires_at: string | null;
	draft?: SetupDraft | null | undefined;
	signal?: AbortSignal | undefined;
}

export type RotateOutcome =
	| (VerifyOutcome & { status: 'blocked' })
	| { status: 'rotated'; record: ProviderRecord; old_fingerprint: string; new_fingerprint: string };

/**
 * Reconnect / rotate: the new credential runs the same checks as "Verify again" against the
 * saved mapping. Only when all pass is it sealed in place of the old one (same target, same
 * mapping) and `credential.rotated` audited with both fingerprints. A failing credential is
 * audited as `check.blocked` and changes nothing: a blocked target stays blocked, a working one
 * keeps working with its old token.
 */
export async function rotateCredential(
	deps: RotateDeps,
	input: RotateInput
): Promise<RotateOutcome> {
	const current = await deps.loadTarget(input.target_id);
	if (!current) throw new Error('This target no longer exists in this browser.');
	const candidate: ProviderRecord = { ...current, token_expires_at: input.token_expires_at };
	let checked: ProviderRecord | null = null;
	const outcome = await verifyTarget(
		{
			loadTarget: async () => candidate,
			openToken: async () => input.token,
			probe: deps.probe,
			evaluate: deps.evaluate,
			now: deps.now,
			// Nothing is written while the new credential is on trial.
			saveRecord: async (record) => {
				checked = record;
			},
			appendAudit: async () => undefined
		},
		{ target_id: input.target_id, draft: input.draft, signal: input.signal }
	);
	if (outcome.status === 'blocked') {
		await deps.appendAudit({
			kind: 'check.blocked',
			at: deps.now().toISOString(),
			target_id: current.id,
			credential_fingerprint: current.credential_fingerprint,
			code: outcome.code,
			detail: { action: 'rotate', check: outcome.check }
		});
		return { ...outcome, record: current };
	}
	const at = deps.now().toISOString();
	const base = checked ?? outcome.record;
	const old_fingerprint = current.credential_fingerprint;
	let next: ProviderRecord = {
		...base,
		status: 'ready',
		blocked_code: null,
		updated_at: at,
		last_verified_at: at
	};
	const new_fingerprint = await deps.sealAndSave(next, input.token, (fingerprint) => ({
		kind: 'credential.rotated',
		at,
		target_id: current.id,
		credential_fingerprint: fingerprint,
		detail: {
			old_fingerprint,
			new_fingerprint: fingerprint,
			checks: 'connection,discovery,capabilities,preflight'
		}
	}));
	next = { ...next, credential_fingerprint: new_fingerprint };
	return { status: 'rotated', record: next, old_fingerprint, new_fingerprint };
}
