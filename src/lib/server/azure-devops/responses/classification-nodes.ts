import type { ClassificationNode } from '$lib/domain/probe.schema';
import { obj, str } from './json';

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
