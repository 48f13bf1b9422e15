import type { ProbeName } from '$lib/domain';

/**
 * The setup chart's probe actors, named once. Each row is the actor's name (also its invoke id),
 * the probe it calls (probe-requests.ts builds the request from the draft), the sentence the admin
 * reads while it runs, and its words on the statechart diagram. The live binding, the busy line,
 * the diagram and the chart's test doubles all read this table, so a new probe actor is one row
 * here plus its place in the chart.
 */
export const PROBE_ACTORS = {
	checkBaseUrl: {
		probe: 'base-url',
		busy: 'Checking the URL, DNS and network path…',
		words: 'URL safety check'
	},
	checkConnection: {
		probe: 'connection',
		busy: 'Asking Azure DevOps who this token belongs to…',
		words: 'Connection check'
	},
	listProjects: {
		probe: 'projects',
		busy: 'Loading the projects this credential can see…',
		words: 'Project list'
	},
	discoverProject: {
		probe: 'discovery',
		busy: "Discovering the project's process, work item types and required fields…",
		words: 'Process discovery'
	},
	proveScopes: {
		probe: 'capabilities',
		busy: 'Proving each permission export needs (nothing is created)…',
		words: 'Scope proof'
	},
	lookUpAssignee: {
		probe: 'identities',
		busy: 'Looking up people in Azure DevOps…',
		words: 'Assignee lookup'
	},
	runDryRunCreate: {
		probe: 'preflight',
		busy: 'Running a dry-run create (validateOnly, nothing is created)…',
		words: 'Dry-run create'
	}
} as const satisfies Record<string, { probe: ProbeName; busy: string; words: string }>;

export type ProbeActorName = keyof typeof PROBE_ACTORS;
/** The probe an actor calls: `ProbeOf<'checkBaseUrl'>` is `'base-url'`. */
export type ProbeOf<A extends ProbeActorName> = (typeof PROBE_ACTORS)[A]['probe'];

export const PROBE_ACTOR_NAMES = Object.keys(PROBE_ACTORS) as ProbeActorName[];

/** One column of the table keyed by actor name, e.g. the busy sentences. */
export function probeActorColumn(column: 'busy' | 'words'): Record<ProbeActorName, string> {
	return Object.fromEntries(
		PROBE_ACTOR_NAMES.map((name) => [name, PROBE_ACTORS[name][column]])
	) as Record<ProbeActorName, string>;
}
