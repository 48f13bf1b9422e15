import type { ClassificationNode } from '$lib/domain/probe.schema';
import { budgetExceeded, PROBE_LIMITS } from '../budget';
import { obj, str } from './json';

/**
 * Levels below the root asked for: Azure DevOps allows area and iteration trees 14 levels deep
 * (naming restrictions: area and iteration paths), so one request brings a whole tree.
 */
export const TREE_DEPTH = 14;

/**
 * Refuses a tree Azure DevOps could not have sent, before anything else walks it: more levels
 * than it allows, longer names or paths, or more nodes than one probe reads. Iterative, so a
 * hostile depth cannot exhaust the stack; every later walk is then bounded by these limits.
 */
export function checkTree(raw: unknown, limits = PROBE_LIMITS): void {
	const stack: { node: unknown; depth: number }[] = [{ node: raw, depth: 0 }];
	let count = 0;
	while (stack.length > 0) {
		const { node, depth } = stack.pop() as { node: unknown; depth: number };
		if (++count > limits.treeNodes) throw budgetExceeded(`more than ${limits.treeNodes} nodes`);
		if (depth > limits.treeDepth) throw budgetExceeded(`deeper than ${limits.treeDepth} levels`);
		const n = obj(node);
		if ((str(n.name)?.length ?? 0) > limits.nodeName)
			throw budgetExceeded(`a node name over ${limits.nodeName} characters`);
		if ((str(n.path)?.length ?? 0) > limits.nodePath)
			throw budgetExceeded(`a node path over ${limits.nodePath} characters`);
		if (Array.isArray(n.children))
			for (const child of n.children) stack.push({ node: child, depth: depth + 1 });
	}
}

/**
 * Paths (node names below the root) of nodes that say they have children but came without
 * them: the server stopped short of the tree's depth.
 */
export function truncatedPaths(raw: unknown, path: readonly string[] = []): string[][] {
	const n = obj(raw);
	const children = Array.isArray(n.children) ? n.children : undefined;
	if (!children) return n.hasChildren === true && path.length > 0 ? [[...path]] : [];
	return children.flatMap((c) => truncatedPaths(c, [...path, str(obj(c).name) ?? '']));
}

/** Puts the subtree fetched for `path` in place of the childless node in `root` (raw JSON). */
export function graft(root: unknown, path: readonly string[], subtree: unknown): void {
	let node = obj(root);
	for (const name of path) {
		const children = Array.isArray(node.children) ? node.children : [];
		const next = children.find((c) => str(obj(c).name) === name);
		if (!next) return;
		node = obj(next);
	}
	const sub = obj(subtree);
	if (Array.isArray(sub.children)) node.children = sub.children;
}

/** `\Project\Area\Child` (node path) → `Project\Child` (field value). */
export function nodeFieldPath(nodePath: string, structure: 'Area' | 'Iteration'): string {
	const parts = nodePath.split('\\').filter(Boolean);
	if (parts.length >= 2 && parts[1]?.toLowerCase() === structure.toLowerCase()) parts.splice(1, 1);
	return parts.join('\\');
}

/**
 * A `WorkItemClassificationNode` tree (`GET …/classificationnodes/{areas|iterations}?$depth=N`)
 * with field-value paths. A node without `path` gets its parent's path and its own name.
 */
export function toNode(
	raw: unknown,
	structure: 'Area' | 'Iteration',
	parentPath?: string
): ClassificationNode {
	const n = obj(raw);
	const name = str(n.name) ?? '';
	const nodePath = str(n.path);
	const path = nodePath
		? nodeFieldPath(nodePath, structure)
		: parentPath
			? `${parentPath}\\${name}`
			: name;
	const identifier = str(n.identifier);
	const children = Array.isArray(n.children)
		? n.children.map((c) => toNode(c, structure, path))
		: undefined;
	return {
		id: typeof n.id === 'number' ? n.id : 0,
		...(identifier ? { identifier } : {}),
		name,
		path,
		...(children && children.length ? { children } : {})
	};
}
