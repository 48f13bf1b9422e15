import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { toDirectedGraph, type DirectedGraphEdge, type DirectedGraphNode } from '@xstate/graph';

/**
 * A pure walker from an XState v5 machine to Mermaid `stateDiagram-v2` and to a plain JSON graph.
 * It reads only the machine definition (no actor runs), so the output changes exactly when the
 * chart does. Order is the machine's definition order (XState keeps object key order), which is
 * the product order; nothing depends on Map iteration of runtime data, hashing or time.
 */

/** Words for everything the walker prints; the setup chart's words live in setup-words.ts. */
export interface DiagramWords {
	/** Title of a state node (full id, e.g. `setup.serverUrl.editing`). */
	state(id: string, key: string): string | undefined;
	/** A user event, e.g. `base_url.submitted`. */
	event(type: string): string | undefined;
	/** An invoked actor by its src/id, for `xstate.done.actor.*` / `xstate.error.actor.*`. */
	actor(src: string): string | undefined;
	/** A named guard, with its static params when it has any. */
	guard(type: string, params: Record<string, unknown> | undefined): string | undefined;
	/** A CSS class for a state's node (e.g. the wizard step it belongs to); none when undefined. */
	classOf?(id: string, tags: readonly string[]): string | undefined;
	/** What a root-level transition means (drawn as a note, since it applies from every state). */
	anywhere?(type: string): string | undefined;
}

/** One edge of the JSON graph: @xstate/graph's DirectedGraphEdge made plain, with words. */
interface GraphEdge {
	/** @xstate/graph's edge id (`source:transitionIndex:targetIndex`), or `source:always:i`. */
	id: string;
	source: string;
	target: string;
	event: string;
	label: string;
	/** A target-less transition: runs actions, stays in the state. */
	internal: boolean;
}

export interface GraphNode {
	id: string;
	key: string;
	label: string;
	type: string;
	initial: string | null;
	edges: GraphEdge[];
	children: GraphNode[];
}

export interface StatechartGraph {
	format: 'xstate-graph/directed-graph';
	machine: string;
	root: GraphNode;
}

interface Edge {
	source: AnyStateNode;
	targets: AnyStateNode[];
	eventType: string;
	label: string;
}

type GuardDef =
	string | { type: string; params?: unknown } | ((...args: never[]) => unknown) | undefined;

/**
 * Why a label fell back to raw machine words; the spec asserts this list is empty. A guard written
 * inline has no name to take words from, so it is always reported (`source event → target`).
 */
export interface Missing {
	kind: 'state' | 'event' | 'actor' | 'guard' | 'inlineGuard';
	key: string;
}

const DONE = 'xstate.done.actor.';
const ERROR = 'xstate.error.actor.';
const DONE_STATE = 'xstate.done.state.';
const AFTER = 'xstate.after.';

export function allStateNodes(node: AnyStateNode): AnyStateNode[] {
	return [
		node,
		...Object.values(node.states as Record<string, AnyStateNode>).flatMap((child) =>
			allStateNodes(child)
		)
	];
}

/** Every state id in the machine except the root, in definition order. */
export function machineStateIds(machine: AnyStateMachine): string[] {
	return allStateNodes(machine.root)
		.slice(1)
		.map((n) => n.id);
}

/** Mermaid ids cannot hold dots; the chart's keys are camelCase, so `_` is unambiguous. */
function mermaidId(machine: AnyStateMachine, stateId: string): string {
	return stateId.slice(machine.root.id.length + 1).replaceAll('.', '_');
}

export function stateIdFromMermaid(machine: AnyStateMachine, id: string): string {
	return `${machine.root.id}.${id.replaceAll('_', '.')}`;
}

function humanize(s: string): string {
	return s.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

class Labeller {
	readonly missing: Missing[] = [];
	constructor(private readonly words: DiagramWords) {}

	private note(kind: Missing['kind'], key: string): void {
		if (!this.missing.some((m) => m.kind === kind && m.key === key))
			this.missing.push({ kind, key });
	}

	state(node: AnyStateNode): string {
		const w = this.words.state(node.id, node.key);
		if (w === undefined) this.note('state', node.id);
		return w ?? humanize(node.key);
	}

	event(type: string): string {
		for (const [prefix, suffix] of [
			[DONE, 'done'],
			[ERROR, 'failed']
		] as const) {
			if (type.startsWith(prefix)) {
				const src = type.slice(prefix.length);
				const w = this.words.actor(src);
				if (w === undefined) this.note('actor', src);
				return `${w ?? humanize(src)} ${suffix}`;
			}
		}
		if (type.startsWith(DONE_STATE)) return 'finished';
		if (type.startsWith(AFTER)) return `after ${type.slice(AFTER.length).split('.')[0] ?? '?'} ms`;
		if (type === '') return 'immediately';
		const w = this.words.event(type);
		if (w === undefined) this.note('event', type);
		return w ?? type;
	}

	guard(guard: GuardDef, inlineKey: string): string | null {
		if (guard === undefined) return null;
		if (typeof guard === 'function') {
			this.note('inlineGuard', inlineKey);
			return 'condition';
		}
		const type = typeof guard === 'string' ? guard : guard.type;
		const params =
			typeof guard === 'object' && typeof guard.params === 'object'
				? (guard.params as Record<string, unknown>)
				: undefined;
		const w = this.words.guard(type, params);
		if (w === undefined) this.note('guard', type);
		return w ?? humanize(type);
	}
}

interface RawTransition {
	target?: readonly AnyStateNode[] | undefined;
	guard?: GuardDef;
	eventType: string;
}

/** Transitions leaving `node` that change state (target-less ones only run actions and are left out). */
function edgesOf(node: AnyStateNode, labeller: Labeller): Edge[] {
	const groups: Array<[string, RawTransition[]]> = [
		...(node.transitions as Map<string, RawTransition[]>).entries()
	];
	if (node.always?.length) groups.push(['', node.always as unknown as RawTransition[]]);
	const edges: Edge[] = [];
	for (const [eventType, transitions] of groups) {
		const anyGuarded = transitions.some((t) => t.guard !== undefined);
		for (const t of transitions) {
			const targets = [...(t.target ?? [])];
			if (targets.length === 0) continue;
			const inlineKey = `${node.id} ${eventType || 'always'} → ${targets.map((x) => x.id).join(',')}`;
			const cond = labeller.guard(t.guard, inlineKey) ?? (anyGuarded ? 'otherwise' : null);
			const label = `${labeller.event(eventType)}${cond ? ` [${cond}]` : ''}`;
			edges.push({ source: node, targets, eventType, label });
		}
	}
	return edges;
}

/** Mermaid parses `:` `;` `#` `{` `}` and quotes in labels; keep words, drop syntax. */
function safe(text: string): string {
	return text
		.replace(/[;#{}"<>]/g, ' ')
		.replace(/:/g, ' -')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Guarded branches of one event from one state, at or above which a shared fan-out is collapsed. */
const FAN_OUT = 3;

function signature(group: Edge[]): string {
	return JSON.stringify(group.map((e) => [e.eventType, e.label, e.targets.map((t) => t.id)]));
}

export interface ToMermaidResult {
	text: string;
	missing: Missing[];
}

export function toMermaid(
	machine: AnyStateMachine,
	words: DiagramWords,
	header: string[] = []
): ToMermaidResult {
	const labeller = new Labeller(words);
	const id = (node: AnyStateNode) => mermaidId(machine, node.id);
	const lines: string[] = [...header.map((h) => `%% ${h}`), 'stateDiagram-v2', '  direction TB'];
	const edgeLines: string[] = [];

	const emit = (node: AnyStateNode, indent: string) => {
		const children = Object.values(node.states as Record<string, AnyStateNode>);
		if (node.type === 'parallel') {
			children.forEach((region, i) => {
				if (i > 0) lines.push(`${indent}--`);
				emitState(region, indent);
			});
		} else {
			const initial = (node.initial?.target as AnyStateNode[] | undefined)?.[0];
			if (initial) lines.push(`${indent}[*] --> ${id(initial)}`);
			for (const child of children) emitState(child, indent);
		}
	};
	const emitState = (node: AnyStateNode, indent: string) => {
		lines.push(`${indent}state "${safe(labeller.state(node))}" as ${id(node)}`);
		const children = Object.values(node.states as Record<string, AnyStateNode>);
		if (children.length > 0) {
			lines.push(`${indent}state ${id(node)} {`);
			emit(node, `${indent}  `);
			lines.push(`${indent}}`);
		}
		if (node.type === 'final') edgeLines.push(`  ${id(node)} --> [*]`);
		const edges = edgesOf(node, labeller);
		for (const eventType of new Set(edges.map((e) => e.eventType))) {
			const group = edges.filter((e) => e.eventType === eventType);
			const choice = sharedChoices.get(signature(group));
			if (choice) {
				edgeLines.push(`  ${id(node)} --> ${choice.id} : ${safe(labeller.event(eventType))}`);
				continue;
			}
			for (const e of group)
				for (const t of e.targets) edgeLines.push(`  ${id(node)} --> ${id(t)} : ${safe(e.label)}`);
		}
	};

	// The same guarded fan-out from several states (e.g. every Blocked state's "Fix") is drawn once,
	// through one choice pseudo-state, instead of as one edge per source and target.
	const sharedChoices = new Map<string, { id: string; group: Edge[] }>();
	const bySignature = new Map<string, { sources: number; group: Edge[] }>();
	for (const node of allStateNodes(machine.root).slice(1)) {
		const edges = edgesOf(node, new Labeller(words));
		for (const eventType of new Set(edges.map((e) => e.eventType))) {
			const group = edges.filter((e) => e.eventType === eventType);
			if (group.length < FAN_OUT || group.some((e) => e.label === labeller.event(eventType)))
				continue;
			const sig = signature(group);
			const seen = bySignature.get(sig);
			bySignature.set(sig, { sources: (seen?.sources ?? 0) + 1, group });
		}
	}
	for (const [sig, { sources, group }] of bySignature) {
		if (sources > 1) sharedChoices.set(sig, { id: `choice${sharedChoices.size + 1}`, group });
	}

	emit(machine.root, '  ');
	for (const { id: choiceId } of sharedChoices.values())
		lines.push(`  state ${choiceId} <<choice>>`);
	// Classes let a page or a docs site find every node of one step without knowing the chart.
	const classes = new Map<string, string[]>();
	for (const node of allStateNodes(machine.root).slice(1)) {
		if (Object.keys(node.states).length > 0) continue;
		const name = words.classOf?.(node.id, [...((node.tags as Iterable<string> | undefined) ?? [])]);
		if (name) classes.set(name, [...(classes.get(name) ?? []), id(node)]);
	}
	for (const [name, ids] of classes) lines.push(`  class ${ids.join(',')} ${name}`);
	lines.push(...edgeLines);
	for (const { id: choiceId, group } of sharedChoices.values()) {
		for (const e of group)
			for (const t of e.targets)
				lines.push(
					`  ${choiceId} --> ${id(t)} : ${safe(e.label.slice(labeller.event(e.eventType).length).trim())}`
				);
	}
	// Root transitions apply in every state: one note instead of an edge from each.
	for (const e of edgesOf(machine.root, labeller)) {
		for (const t of e.targets) {
			const what = words.anywhere?.(e.eventType) ?? `${e.label} from any step`;
			lines.push(`  note left of ${id(t)} : ${safe(what)}`);
		}
	}
	return { text: `${lines.join('\n')}\n`, missing: labeller.missing };
}

/**
 * The JSON graph: `toDirectedGraph` from @xstate/graph (nested nodes, edges per transition target),
 * stripped of live StateNode references and labelled with words. @xstate/graph leaves out eventless
 * (`always`) transitions, so they are added with ids `source:always:i`.
 */
export function toGraph(
	machine: AnyStateMachine,
	words: DiagramWords
): { graph: StatechartGraph; missing: Missing[] } {
	const labeller = new Labeller(words);
	const toNode = (d: DirectedGraphNode): GraphNode => {
		const node = d.stateNode as AnyStateNode;
		const byEvent = new Map<string, DirectedGraphEdge[]>();
		for (const e of d.edges)
			byEvent.set(e.transition.eventType, [...(byEvent.get(e.transition.eventType) ?? []), e]);
		const edges: GraphEdge[] = d.edges.map((e) => {
			const internal = (e.transition.target ?? []).length === 0;
			const anyGuarded = (byEvent.get(e.transition.eventType) ?? []).some(
				(x) => x.transition.guard !== undefined
			);
			const inlineKey = `${node.id} ${e.transition.eventType} → ${e.target.id}`;
			const cond =
				labeller.guard(e.transition.guard as GuardDef, inlineKey) ??
				(anyGuarded ? 'otherwise' : null);
			return {
				id: e.id,
				source: e.source.id,
				target: e.target.id,
				event: e.transition.eventType,
				label: `${labeller.event(e.transition.eventType)}${cond ? ` [${cond}]` : ''}`,
				internal
			};
		});
		const always = edgesOf(node, labeller).filter((e) => e.eventType === '');
		always.forEach((e, i) => {
			for (const t of e.targets)
				edges.push({
					id: `${node.id}:always:${i}`,
					source: node.id,
					target: t.id,
					event: '',
					label: e.label,
					internal: false
				});
		});
		return {
			id: node.id,
			key: node.key,
			label: node === machine.root ? node.id : labeller.state(node),
			type: node.type,
			initial:
				((node.initial?.target as AnyStateNode[] | undefined)?.[0]?.id as string | undefined) ??
				null,
			edges,
			children: d.children.map(toNode)
		};
	};
	return {
		graph: {
			format: 'xstate-graph/directed-graph',
			machine: machine.id,
			root: toNode(toDirectedGraph(machine))
		},
		missing: labeller.missing
	};
}
