import { useActorRef, useSelector } from '@xstate/svelte';
import { fromStore } from 'svelte/store';
import type { setupMachine, SetupActor, SetupInput, SetupSnapshot } from './setup.machine';
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
 * One setup actor for the page: @xstate/svelte starts it (and stops it when the component that
 * created the session is destroyed, so call this during component initialisation); its snapshot
 * store is read through runes. The session writes the persisted draft after every transition that
 * changed it. Writes are serialized so versions stay in order; a write from another tab is never
 * silently overwritten.
 */
export function createSetupSession(
	machine: typeof setupMachine,
	input: SetupInput,
	slot: DraftSlot,
	version: number | null
) {
	const actor: SetupActor = useActorRef(machine, { input });
	const snapshot = fromStore(useSelector(actor, (s) => s));
	let notice = $state<SessionNotice | null>(null);
	let currentVersion = version;
	let lastWritten = JSON.stringify(toPersisted(actor.getSnapshot()));
	let queue: Promise<void> = Promise.resolve();
	/** Set after a conflict: the version another tab wrote, which "keep mine" overwrites on purpose. */
	let conflictVersion: number | null = null;

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
			return snapshot.current;
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
