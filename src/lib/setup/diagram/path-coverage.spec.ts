import { describe, expect, it } from 'vitest';
import { createActor, createMachine, fromPromise, type AnyStateMachine } from 'xstate';
import { setupMachine, type SetupSnapshot } from '../setup.machine';
import { INVOKED, PATH_EVENTS, shortestPaths, type InvokedActor } from '../setup.stubs';
import type { SetupEvent } from '../setup.events';
import { machineStateIds } from './to-mermaid';

/**
 * Path coverage: @xstate/graph's shortest path to every state of the setup chart is replayed on
 * the real machine, with its actors `.provide()`d as fakes the replay resolves or rejects exactly
 * when the path says the invoked work finished. A state nobody can reach, or a change that
 * orphans one, fails here.
 */

/** Entered and left in the same macrostep (eventless transitions only), so no path ends there. */
const TRANSIENT = ['setup.resuming'];

interface Pending {
	resolve(output: unknown): void;
	reject(error: unknown): void;
}

/** The chart whose invoked actors wait for the replay; a cancelled invocation drops out. */
function controlledMachine() {
	const pending = new Map<InvokedActor, Pending>();
	const fake = (id: InvokedActor) =>
		fromPromise<never, unknown>(
			({ signal }) =>
				new Promise((resolve, reject) => {
					const entry: Pending = { resolve: resolve as (o: unknown) => void, reject };
					pending.set(id, entry);
					signal.addEventListener('abort', () => {
						if (pending.get(id) === entry) pending.delete(id);
					});
				})
		);
	const actors = Object.fromEntries(INVOKED.map((id) => [id, fake(id)]));
	return { machine: setupMachine.provide({ actors: actors as never }), pending };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

const ACTOR_EVENT = /^xstate\.(done|error)\.actor\.(\w+)$/;

/** Shortest path per state id (the shortest among paths whose end state is in that state). */
function shortestPerState(machine: AnyStateMachine, paths: ReturnType<typeof shortestPaths>) {
	const best = new Map<string, (typeof paths)[number]>();
	for (const id of machineStateIds(machine)) {
		for (const p of paths) {
			if (!(p.state as SetupSnapshot).matches(valueOf(id) as never)) continue;
			const prev = best.get(id);
			if (!prev || p.steps.length < prev.steps.length) best.set(id, p);
		}
	}
	return best;
}

/** `setup.serverUrl.editing` → `{ serverUrl: 'editing' }`. */
function valueOf(id: string): unknown {
	const [, ...keys] = id.split('.');
	return keys.reduceRight<unknown>(
		(inner, key) => (inner === undefined ? key : { [key]: inner }),
		undefined
	);
}

const paths = shortestPaths();
const perState = shortestPerState(setupMachine, paths);

describe('setup statechart: path coverage', () => {
	it('has a shortest path to every state except the transient one', () => {
		const unreached = machineStateIds(setupMachine).filter(
			(id) => !perState.has(id) && !TRANSIENT.includes(id)
		);
		expect(unreached).toEqual([]);
		expect(perState.size).toBe(machineStateIds(setupMachine).length - TRANSIENT.length);
	});

	it('exempts only states that really are transient (eventless exits, no events)', () => {
		for (const id of TRANSIENT) {
			const node = setupMachine.getStateNodeById(id);
			expect(node.always?.length ?? 0).toBeGreaterThan(0);
			expect(node.always?.some((t) => t.guard === undefined)).toBe(true);
			expect([...node.transitions.keys()]).toEqual([]);
		}
	});

	it('fails when a change orphans a state', () => {
		const orphaning = createMachine(
			{
				...setupMachine.config,
				states: { ...setupMachine.config.states, orphan: { tags: ['step.review'] } }
			} as typeof setupMachine.config,
			setupMachine.implementations
		);
		const found = shortestPerState(orphaning, shortestPaths(orphaning));
		const unreached = machineStateIds(orphaning).filter(
			(id) => !found.has(id) && !TRANSIENT.includes(id)
		);
		expect(unreached).toEqual(['setup.orphan']);
	});

	it.each([...perState.entries()].map(([id, path]) => [id, path] as const))(
		'replays the shortest path to %s on the real machine',
		async (id, path) => {
			const { machine, pending } = controlledMachine();
			const actor = createActor(machine, { input: {} }).start();
			try {
				for (const step of path.steps) {
					const event = step.event as unknown as {
						type: string;
						output?: unknown;
						error?: unknown;
					};
					if (event.type === 'xstate.init') continue;
					const actorEvent = ACTOR_EVENT.exec(event.type);
					if (actorEvent) {
						const [, kind, src] = actorEvent as unknown as [string, 'done' | 'error', InvokedActor];
						const running = pending.get(src);
						// The path says this work finished here: it must be running on the real machine.
						expect(running, `${src} is running before ${event.type}`).toBeDefined();
						pending.delete(src);
						if (kind === 'done') running?.resolve(event.output);
						else running?.reject(event.error);
					} else {
						actor.send(event as SetupEvent);
					}
					await tick();
					await tick();
					expect(actor.getSnapshot().value, `after ${event.type}`).toEqual(step.state.value);
				}
				const end = actor.getSnapshot();
				expect(end.matches(valueOf(id) as never)).toBe(true);
				expect(end.value).toEqual(path.state.value);
				expect(end.status).toBe(
					setupMachine.getStateNodeById(id).type === 'final' ? 'done' : 'active'
				);
			} finally {
				actor.stop();
			}
		}
	);

	it('uses the same event alphabet as the chart accepts', () => {
		const accepted = new Set(setupMachine.events);
		const unknown = PATH_EVENTS.map((e) => e.type).filter(
			(t) => !accepted.has(t) && !t.startsWith('xstate.')
		);
		expect(unknown).toEqual([]);
	});
});
