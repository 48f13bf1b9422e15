import { createActor, type AnyStateMachine } from 'xstate';
import { createSubscriber } from 'svelte/reactivity';
import type { SetupActor, SetupInput, SetupSnapshot } from './setup.machine';
import { toPersisted, type PersistedSetup } from './setup-persistence';

/** What the session needs from storage: a versioned draft slot (see $lib/storage). */
export interface DraftSlot {
	save(
		persisted: PersistedSetup,
		expectedVersion: number | null
	): Promise<
		| { status: 'saved'; version: number }
		| { status: 'conflict'; current_version: number; updated_at: string }
	>;
	onExternalChange(cb: (version: number) => void): () => void;
	/** The token currently held in memory, so storage can refuse any write that contains it. */
	setLiveSecret(token: string | null): void;
}

export type SessionNotice =
	| { kind: 'conflict'; updated_at: string }
	| { kind: 'changed-elsewhere' }
	| { kind: 'save-failed'; message: string };

/**
 * Runes adapter around one setup actor: exposes its snapshot reactively and writes the persisted
 * draft after every transition that changed it. Writes are serialized so versions stay in order;
 * a write from another tab is never silently overwritten.
 */
export function createSetupSession(
	machine: AnyStateMachine,
	input: SetupInput,
	slot: DraftSlot,
	version: number | null
) {
	const actor = createActor(machine, { input }).start() as unknown as SetupActor;
	let notice = $state<SessionNotice | null>(null);
	let currentVersion = version;
	let lastWritten = JSON.stringify(toPersisted(actor.getSnapshot()));
	let queue: Promise<void> = Promise.resolve();
	/** Set after a conflict: the version another tab wrote, which "keep mine" overwrites on purpose. */
	let conflictVersion: number | null = null;

	const subscribe = createSubscriber((update) => {
		const sub = actor.subscribe(update);
		return () => sub.unsubscribe();
	});

	function persist(snapshot: SetupSnapshot) {
		slot.setLiveSecret(snapshot.context.token);
		const persisted = toPersisted(snapshot);
		const json = JSON.stringify(persisted);
		if (json === lastWritten || notice?.kind === 'conflict') return;
		queue = queue.then(async () => {
			try {
				const result = await slot.save(persisted, currentVersion);
				if (result.status === 'saved') {
					currentVersion = result.version;
					lastWritten = json;
					if (notice?.kind !== 'conflict') notice = null;
				} else {
					conflictVersion = result.current_version;
					notice = { kind: 'conflict', updated_at: result.updated_at };
				}
			} catch (error) {
				notice = {
					kind: 'save-failed',
					message: error instanceof Error ? error.message : String(error)
				};
			}
		});
	}

	const sub = actor.subscribe((s) => persist(s));
	const stopWatching = slot.onExternalChange((v) => {
		if (currentVersion === null || v > currentVersion) {
			conflictVersion = v;
			if (notice?.kind !== 'conflict') notice = { kind: 'changed-elsewhere' };
		}
	});

	return {
		get snapshot(): SetupSnapshot {
			subscribe();
			return actor.getSnapshot();
		},
		get notice() {
			return notice;
		},
		send: actor.send.bind(actor) as SetupActor['send'],
		/** The admin chose to keep this tab's draft over the other tab's. */
		keepMine() {
			if (conflictVersion !== null) currentVersion = conflictVersion;
			conflictVersion = null;
			notice = null;
			lastWritten = '';
			persist(actor.getSnapshot());
		},
		/** Resolves when every queued write has finished (tests, unload). */
		flushed: () => queue,
		stop() {
			sub.unsubscribe();
			stopWatching();
			actor.stop();
		}
	};
}

export type SetupSession = ReturnType<typeof createSetupSession>;
