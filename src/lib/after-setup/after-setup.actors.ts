import { fromPromise } from 'xstate';
import type { ProviderRecord, SetupDraft } from '$lib/domain';
import { savedTargetMachine } from './saved-target.machine';
import { verifyTarget, type VerifyDeps, type VerifyOutcome } from './verify-target';

/** Binds the saved-target chart's actors to storage, the vault, the probe endpoint and the policy. */
export function createLiveSavedTargetMachine(deps: VerifyDeps) {
	return savedTargetMachine.provide({
		actors: {
			loadTarget: fromPromise<ProviderRecord | null, { target_id: string }>(async ({ input }) =>
				deps.loadTarget(input.target_id)
			),
			verifyTarget: fromPromise<VerifyOutcome, { target_id: string; draft: SetupDraft | null }>(
				async ({ input, signal }) =>
					verifyTarget(deps, { target_id: input.target_id, draft: input.draft, signal })
			)
		}
	});
}
