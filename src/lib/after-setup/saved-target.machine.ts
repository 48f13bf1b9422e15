import { assign, fromPromise, setup } from 'xstate';
import type { ProviderRecord, SetupDraft } from '$lib/domain';
import type { VerifyOutcome } from './verify-target';

/**
 * The saved-target screen's own small chart. It is separate from the setup chart because it works
 * on a stored target (and its sealed token), not on a draft, and it lives on after the setup chart
 * reached its final state. The I/O stays out: `loadTarget` and `verifyTarget` are bound in
 * app/setup-app.ts (see after-setup.actors.ts).
 */
export interface SavedTargetInput {
	target_id: string;
	draft?: SetupDraft | null | undefined;
}

export interface SavedTargetContext {
	target_id: string;
	draft: SetupDraft | null;
	record: ProviderRecord | null;
	outcome: VerifyOutcome | null;
	failure: string | null;
}

export type SavedTargetEvent = { type: 'verify.requested' } | { type: 'reload.requested' };

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export const savedTargetMachine = setup({
	types: {
		context: {} as SavedTargetContext,
		events: {} as SavedTargetEvent,
		input: {} as SavedTargetInput
	},
	actors: {
		loadTarget: fromPromise<ProviderRecord | null, { target_id: string }>(async () => {
			throw new Error('loadTarget is not bound');
		}),
		verifyTarget: fromPromise<VerifyOutcome, { target_id: string; draft: SetupDraft | null }>(
			async () => {
				throw new Error('verifyTarget is not bound');
			}
		)
	}
}).createMachine({
	id: 'savedTarget',
	context: ({ input }) => ({
		target_id: input.target_id,
		draft: input.draft ?? null,
		record: null,
		outcome: null,
		failure: null
	}),
	initial: 'loading',
	states: {
		loading: {
			tags: ['busy'],
			invoke: {
				src: 'loadTarget',
				input: ({ context }) => ({ target_id: context.target_id }),
				onDone: [
					{ guard: ({ event }) => event.output === null, target: 'missing' },
					{ target: 'idle', actions: assign({ record: ({ event }) => event.output }) }
				],
				onError: {
					target: 'idle',
					actions: assign({ failure: ({ event }) => errorText(event.error) })
				}
			}
		},
		missing: { on: { 'reload.requested': 'loading' } },
		idle: {
			on: {
				'verify.requested': {
					guard: ({ context }) => context.record !== null,
					target: 'verifying'
				},
				'reload.requested': 'loading'
			}
		},
		verifying: {
			tags: ['busy'],
			entry: assign({ failure: null }),
			invoke: {
				src: 'verifyTarget',
				input: ({ context }) => ({ target_id: context.target_id, draft: context.draft }),
				onDone: {
					target: 'idle',
					actions: assign({
						outcome: ({ event }) => event.output,
						record: ({ event }) => event.output.record
					})
				},
				onError: {
					target: 'idle',
					actions: assign({ failure: ({ event }) => errorText(event.error) })
				}
			}
		}
	}
});
