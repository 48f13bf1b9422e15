import type { ClassificationNode } from '$lib/domain';

/**
 * A discovered area or iteration tree, indexed once into flat parallel arrays in tree order
 * (pre-order, as Azure DevOps lists it). Filtering then scans strings, never objects, so a
 * keystroke on 20,000 nodes allocates one typed array and nothing per node.
 */
export interface TreeIndex {
	readonly size: number;
	/** Field value form, `Project\Child`. */
	readonly paths: readonly string[];
	readonly names: readonly string[];
	/** 0 for the root. */
	readonly depths: Uint16Array;
	/** Index of the parent, -1 for the root. */
	readonly parents: Int32Array;
	/** Lower-cased paths: what the filter searches. */
	readonly searchText: readonly string[];
	/** Every index in tree order: the answer to an empty query, shared rather than rebuilt. */
	readonly all: Int32Array;
	/** Lower-cased path → first index with it (Azure DevOps paths are case-insensitive). */
	readonly byLowerPath: ReadonlyMap<string, number>;
}

const EMPTY: TreeIndex = {
	size: 0,
	paths: [],
	names: [],
	depths: new Uint16Array(0),
	parents: new Int32Array(0),
	searchText: [],
	all: new Int32Array(0),
	byLowerPath: new Map()
};

// The chart hands the same discovery object to every render; index it once per object.
const cache = new WeakMap<ClassificationNode, TreeIndex>();

/** Flattens a tree in O(n) without recursion (a degenerate deep tree must not blow the stack). */
export function indexTree(root: ClassificationNode | undefined): TreeIndex {
	if (!root) return EMPTY;
	const cached = cache.get(root);
	if (cached) return cached;

	const paths: string[] = [];
	const names: string[] = [];
	const depthList: number[] = [];
	const parentList: number[] = [];
	const searchText: string[] = [];
	const byLowerPath = new Map<string, number>();
	const stack: Array<{ node: ClassificationNode; depth: number; parent: number }> = [
		{ node: root, depth: 0, parent: -1 }
	];
	while (stack.length > 0) {
		const { node, depth, parent } = stack.pop() as {
			node: ClassificationNode;
			depth: number;
			parent: number;
		};
		const i = paths.length;
		const lower = node.path.toLowerCase();
		paths.push(node.path);
		names.push(node.name);
		depthList.push(depth);
		parentList.push(parent);
		searchText.push(lower);
		if (!byLowerPath.has(lower)) byLowerPath.set(lower, i);
		const children = node.children ?? [];
		// Pushed in reverse so the first child is visited first: pre-order, siblings in given order.
		for (let c = children.length - 1; c >= 0; c--)
			stack.push({ node: children[c] as ClassificationNode, depth: depth + 1, parent: i });
	}
	const all = new Int32Array(paths.length);
	for (let i = 0; i < all.length; i++) all[i] = i;
	const index: TreeIndex = {
		size: paths.length,
		paths,
		names,
		depths: Uint16Array.from(depthList),
		parents: Int32Array.from(parentList),
		searchText,
		all,
		byLowerPath
	};
	cache.set(root, index);
	return index;
}

/** Lower-cased, whitespace-separated terms of a query; every one must occur in a matching path. */
export function queryTerms(query: string): string[] {
	return query
		.toLowerCase()
		.split(/\s+/)
		.filter((t) => t !== '');
}

export interface TreeMatches {
	readonly source: TreeIndex;
	readonly terms: readonly string[];
	/** Matching node indices, in tree order. */
	readonly indices: Int32Array;
}

/**
 * The previous answer can be narrowed instead of scanning everything again when every old term
 * still sits inside some new term: then whatever matches the new query matched the old one.
 */
function refines(previous: TreeMatches, terms: readonly string[]): boolean {
	return previous.terms.every((old) => terms.some((t) => t.includes(old)));
}

/**
 * Nodes whose path contains every term of `query` (case-insensitive), in tree order. An empty
 * query matches the whole tree. Pass the previous answer to narrow it while the admin types on.
 */
export function filterTree(index: TreeIndex, query: string, previous?: TreeMatches): TreeMatches {
	const terms = queryTerms(query);
	if (terms.length === 0) return { source: index, terms, indices: index.all };
	const candidates =
		previous && previous.source === index && refines(previous, terms)
			? previous.indices
			: index.all;
	const out = new Int32Array(candidates.length);
	let count = 0;
	const text = index.searchText;
	const single = terms.length === 1 ? (terms[0] as string) : null;
	for (let k = 0; k < candidates.length; k++) {
		const i = candidates[k] as number;
		const path = text[i] as string;
		if (single !== null ? path.includes(single) : terms.every((t) => path.includes(t)))
			out[count++] = i;
	}
	return { source: index, terms, indices: out.slice(0, count) };
}

/** The node whose path is exactly `text` (trimmed, case-insensitive), or -1. */
export function findExact(index: TreeIndex, text: string): number {
	return index.byLowerPath.get(text.trim().toLowerCase()) ?? -1;
}

export interface Segment {
	text: string;
	mark: boolean;
}

/** Where the terms occur in a lower-cased text, as merged [start, end) ranges in order. */
export function matchRanges(lowerText: string, terms: readonly string[]): Array<[number, number]> {
	const ranges: Array<[number, number]> = [];
	for (const term of terms) {
		for (
			let at = lowerText.indexOf(term);
			at !== -1;
			at = lowerText.indexOf(term, at + term.length)
		)
			ranges.push([at, at + term.length]);
	}
	ranges.sort((a, b) => a[0] - b[0]);
	const merged: Array<[number, number]> = [];
	for (const r of ranges) {
		const last = merged.at(-1);
		if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
		else merged.push([r[0], r[1]]);
	}
	return merged;
}

/** `text.slice(from, to)` cut into plain and matched pieces, for showing what matched. */
export function segments(
	text: string,
	ranges: ReadonlyArray<readonly [number, number]>,
	from = 0,
	to = text.length
): Segment[] {
	const out: Segment[] = [];
	let at = from;
	for (const [s, e] of ranges) {
		const start = Math.max(s, from);
		const end = Math.min(e, to);
		if (end <= start) continue;
		if (start > at) out.push({ text: text.slice(at, start), mark: false });
		out.push({ text: text.slice(start, end), mark: true });
		at = end;
	}
	if (at < to) out.push({ text: text.slice(at, to), mark: false });
	return out;
}

export interface RowText {
	/** The node's own name. */
	name: Segment[];
	/** The parent's path, shown while filtering so a match out of its tree still says where it sits. */
	context: Segment[];
}

/** Name and parent path of one node with the query's terms marked (matching runs on the full path). */
export function rowText(index: TreeIndex, i: number, terms: readonly string[]): RowText {
	const path = index.paths[i] as string;
	const name = index.names[i] as string;
	const ranges = terms.length > 0 ? matchRanges(index.searchText[i] as string, terms) : [];
	// The name is the path's last segment; the root's path is its name.
	const nameStart =
		path.length >= name.length && path.endsWith(name) ? path.length - name.length : 0;
	const contextEnd = Math.max(0, nameStart - 1);
	return {
		name: segments(path, ranges, nameStart, path.length),
		context: terms.length > 0 && nameStart > 0 ? segments(path, ranges, 0, contextEnd) : []
	};
}
