/**
 * Deterministic fixture data built lazily from the catalogue: project records, classification
 * trees and identities. Large fixtures are built on first use and cached (startup stays fast).
 */
import { createHash } from 'node:crypto';
import {
	DEMO_PEOPLE,
	DEMO_USER,
	STANDARD_AREAS,
	STANDARD_ITERATIONS,
	generatedProjectName,
	type CollectionFixture,
	type ProcessName
} from './catalogue';

/** A stable GUID derived from a name (same input → same id across runs). */
export function guidOf(...parts: string[]): string {
	const h = createHash('sha1').update(parts.join('|')).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface ProjectRecord {
	id: string;
	name: string;
	description: string;
	process: ProcessName;
	revision: number;
	lastUpdateTime: string;
	defaultTeamId: string;
}

const projectCache = new Map<
	string,
	{ list: ProjectRecord[]; byKey: Map<string, ProjectRecord> }
>();

const ROTATION: ProcessName[] = ['Agile', 'Scrum', 'Basic', 'CMMI'];

function record(
	collection: CollectionFixture,
	name: string,
	description: string,
	process: ProcessName,
	i: number
): ProjectRecord {
	return {
		id: guidOf(collection.key, 'project', name),
		name,
		description,
		process,
		revision: 400 + i,
		lastUpdateTime: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
		defaultTeamId: guidOf(collection.key, 'team', name)
	};
}

/** All projects of a collection, sorted by name (how Azure DevOps pages them). */
export function projectsOf(collection: CollectionFixture): {
	list: ProjectRecord[];
	byKey: Map<string, ProjectRecord>;
} {
	const cached = projectCache.get(collection.key);
	if (cached) return cached;
	const list = collection.projects.map((p, i) =>
		record(collection, p.name, p.description, p.process, i)
	);
	const generated = collection.generated?.projects ?? 0;
	for (let i = 0; i < generated; i++) {
		const process = ROTATION[i % ROTATION.length] as ProcessName;
		list.push(
			record(
				collection,
				generatedProjectName(i),
				`Generated project ${i + 1}.`,
				process,
				list.length
			)
		);
	}
	list.sort((a, b) => a.name.localeCompare(b.name, 'en'));
	const byKey = new Map<string, ProjectRecord>();
	for (const p of list) {
		byKey.set(p.name.toLowerCase(), p);
		byKey.set(p.id, p);
	}
	const entry = { list, byKey };
	projectCache.set(collection.key, entry);
	return entry;
}

export function findProject(
	collection: CollectionFixture,
	nameOrId: string
): ProjectRecord | undefined {
	return projectsOf(collection).byKey.get(nameOrId.toLowerCase());
}

// ---- classification trees ----------------------------------------------------------------------

export interface TreeNode {
	id: number;
	identifier: string;
	name: string;
	structureType: 'area' | 'iteration';
	children: TreeNode[];
	attributes?: { startDate: string; finishDate: string };
	/** Relative path below the root, backslash-joined ('' for the root). */
	rel: string;
}

export interface AreaRename {
	project: string;
	/** Relative path of the node to rename, e.g. `Web\\Login`. */
	path: string;
	to: string;
}

function nodeIdBase(collectionKey: string, project: string): number {
	return (
		1000 +
		(parseInt(
			createHash('sha1').update(`${collectionKey}|${project}`).digest('hex').slice(0, 6),
			16
		) %
			900_000) *
			10
	);
}

function buildFromPaths(
	collectionKey: string,
	project: string,
	type: 'area' | 'iteration',
	paths: readonly string[],
	startId: number
): TreeNode {
	let next = startId;
	const root: TreeNode = {
		id: next++,
		identifier: guidOf(collectionKey, project, type, ''),
		name: project,
		structureType: type,
		children: [],
		rel: ''
	};
	for (const p of paths) {
		const parts = p.split('\\');
		let cur = root;
		for (let i = 0; i < parts.length; i++) {
			const rel = parts.slice(0, i + 1).join('\\');
			let child = cur.children.find((c) => c.name === parts[i]);
			if (!child) {
				child = {
					id: next++,
					identifier: guidOf(collectionKey, project, type, rel),
					name: parts[i] as string,
					structureType: type,
					children: [],
					rel
				};
				cur.children.push(child);
			}
			cur = child;
		}
	}
	return root;
}

const bigAreaCache = new Map<string, TreeNode>();

/**
 * Generated area tree: `levels` counts nested depth-first (big-org: 20 areas × 25 teams × 39
 * components = 20,020 nodes below the root; limits-org: 100 × 99 + 100 = 10,000).
 */
function generatedAreaTree(
	collectionKey: string,
	project: string,
	levels: readonly { label: string; count: number }[]
): TreeNode {
	const key = `${collectionKey}|${project}`;
	const cached = bigAreaCache.get(key);
	if (cached) return cached;
	let next = 100_000;
	const mk = (name: string, rel: string): TreeNode => ({
		id: next++,
		// Cheap deterministic identifiers: hashing 20k names is avoidable work.
		identifier: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
		name,
		structureType: 'area',
		children: [],
		rel
	});
	const fill = (parent: TreeNode, depth: number): void => {
		const level = levels[depth];
		if (!level) return;
		for (let i = 1; i <= level.count; i++) {
			const name = `${level.label} ${String(i).padStart(2, '0')}`;
			const child = mk(name, parent.rel ? `${parent.rel}\\${name}` : name);
			fill(child, depth + 1);
			parent.children.push(child);
		}
	};
	const root = mk(project, '');
	fill(root, 0);
	bigAreaCache.set(key, root);
	return root;
}

const SPRINT_DATES: Record<string, { startDate: string; finishDate: string }> = {
	'Sprint 1': { startDate: '2026-10-05T00:00:00Z', finishDate: '2026-10-16T00:00:00Z' },
	'Sprint 2': { startDate: '2026-10-19T00:00:00Z', finishDate: '2026-10-30T00:00:00Z' },
	'Sprint 3': { startDate: '2026-11-02T00:00:00Z', finishDate: '2026-11-13T00:00:00Z' }
};

export function iterationDates(
	name: string
): { startDate: string; finishDate: string } | undefined {
	return SPRINT_DATES[name];
}

function cloneRenamed(node: TreeNode, renames: readonly AreaRename[], parentRel: string): TreeNode {
	const rename = renames.find((r) => r.path.toLowerCase() === node.rel.toLowerCase());
	const name = node.rel === '' ? node.name : (rename?.to ?? node.name);
	const rel = node.rel === '' ? '' : parentRel ? `${parentRel}\\${name}` : name;
	return { ...node, name, rel, children: node.children.map((c) => cloneRenamed(c, renames, rel)) };
}

export function treeOf(
	collection: CollectionFixture,
	project: ProjectRecord,
	type: 'area' | 'iteration',
	renames: readonly AreaRename[] = []
): TreeNode {
	let root: TreeNode;
	const g = collection.generated;
	if (type === 'area' && g?.areaNodesProject === project.name && g.areaLevels)
		root = generatedAreaTree(collection.key, project.name, g.areaLevels);
	else {
		const base = nodeIdBase(collection.key, project.name);
		const fixture = collection.projects.find((x) => x.name === project.name);
		root =
			type === 'area'
				? buildFromPaths(
						collection.key,
						project.name,
						'area',
						[...STANDARD_AREAS, ...(fixture?.extraAreas ?? [])],
						base
					)
				: buildFromPaths(
						collection.key,
						project.name,
						'iteration',
						[...STANDARD_ITERATIONS, ...(fixture?.extraIterations ?? [])],
						base + 50
					);
		if (type === 'iteration')
			for (const c of root.children) {
				const dates = SPRINT_DATES[c.name];
				if (dates) c.attributes = dates;
			}
	}
	const mine = renames.filter((r) => r.project.toLowerCase() === project.name.toLowerCase());
	return type === 'area' && mine.length > 0 ? cloneRenamed(root, mine, '') : root;
}

/** Finds a node by relative path (case-insensitive); '' is the root. */
export function findNode(root: TreeNode, rel: string): TreeNode | undefined {
	if (rel === '') return root;
	let cur: TreeNode | undefined = root;
	for (const part of rel.split('\\')) {
		const lower = part.toLowerCase();
		cur = cur?.children.find((c) => c.name.toLowerCase() === lower);
		if (!cur) return undefined;
	}
	return cur;
}

export function walk(root: TreeNode, visit: (n: TreeNode) => void): void {
	const stack = [root];
	while (stack.length > 0) {
		const n = stack.pop() as TreeNode;
		visit(n);
		for (const c of n.children) stack.push(c);
	}
}

// ---- identities ------------------------------------------------------------------------------

export interface Person {
	id: string;
	displayName: string;
	uniqueName: string;
	active: boolean;
}

const peopleCache = new Map<string, Person[]>();

export function peopleOf(collection: CollectionFixture): Person[] {
	const cached = peopleCache.get(collection.key);
	if (cached) return cached;
	const list: Person[] = [{ ...DEMO_USER, active: true }, ...DEMO_PEOPLE.map((p) => ({ ...p }))];
	const n = collection.generated?.identities ?? 0;
	const domain = `${collection.name.toLowerCase()}.example`;
	for (let i = 1; i <= n; i++) {
		const num = String(i).padStart(4, '0');
		list.push({
			id: guidOf(collection.key, 'person', num),
			displayName: `Big User ${num}`,
			uniqueName: `user${num}@${domain}`,
			active: true
		});
	}
	peopleCache.set(collection.key, list);
	return list;
}

/** Resolves an assignee the way the work item API accepts it: e-mail, display name, `Name <email>`, or id. */
export function resolvePerson(collection: CollectionFixture, value: unknown): Person | undefined {
	const people = peopleOf(collection);
	let keys: string[] = [];
	if (typeof value === 'string') {
		const m = /^(.*)<([^>]+)>\s*$/.exec(value);
		keys = m ? [(m[2] as string).trim()] : [value.trim()];
	} else if (value && typeof value === 'object') {
		const o = value as Record<string, unknown>;
		keys = ['id', 'uniqueName', 'displayName']
			.map((k) => o[k])
			.filter((v): v is string => typeof v === 'string');
	}
	for (const k of keys) {
		const lower = k.toLowerCase();
		const found = people.find(
			(p) =>
				p.id === lower ||
				p.uniqueName.toLowerCase() === lower ||
				p.displayName.toLowerCase() === lower
		);
		if (found) return found.active ? found : undefined;
	}
	return undefined;
}
