import type { ClassificationNode } from '$lib/domain/probe.schema';
import { obj, str } from './json';

/**
 * Levels below the root asked for: Azure DevOps allows area and iteration trees 14 levels deep
 * (naming restrictions: area and iteration paths), so one request brings a whole tree.
 */
export const TREE_DEPTH = 14;

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
