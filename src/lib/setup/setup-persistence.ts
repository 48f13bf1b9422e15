import { z } from '$lib/domain/zod-mini';
import { setupDraftSchema, stepIdSchema } from '$lib/domain';
import type { SetupInput, SetupSnapshot } from './setup.machine';

/**
 * What survives a reload: the step and the draft (inputs and probe outcomes), never the token and
 * never XState internals, so a changed chart still resumes old drafts at the right step.
 */
export const PERSISTED_SETUP_VERSION = 1;

export const persistedSetupSchema = z.strictObject({
	schema: z.literal(PERSISTED_SETUP_VERSION),
	step: stepIdSchema,
	draft: setupDraftSchema,
	saved: z.nullable(
		z.object({
			target_id: z.string(),
			credential_fingerprint: z.string(),
			saved_at: z.iso.datetime()
		})
	)
});
export type PersistedSetup = z.infer<typeof persistedSetupSchema>;

export const DRAFT_ID = 'azure-devops';

export function toPersisted(snapshot: Pick<SetupSnapshot, 'context'>): PersistedSetup {
	const { draft, current_step, saved } = snapshot.context;
	// Parse on the way out too: a secret or a stray field can never reach storage unnoticed.
	return persistedSetupSchema.parse({
		schema: PERSISTED_SETUP_VERSION,
		step: current_step,
		draft,
		saved
	});
}

export function inputFromPersisted(persisted: PersistedSetup): SetupInput {
	return { draft: persisted.draft, resume_step: persisted.step, saved: persisted.saved };
}
