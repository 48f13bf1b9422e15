/**
 * What the embedded Azure DevOps simulator serves: instances (Services organizations and Server
 * virtual directories with their release behaviour), projects, processes and demo tokens. Clients,
 * tests and the README read this module; keep names stable.
 *
 * URL shapes on the simulator origin (one port):
 * - Services organization        `{origin}/{organization}`        (stands in for https://dev.azure.com/{organization})
 * - Services identity host       `{origin}/_vssps/{organization}` (stands in for https://vssps.dev.azure.com/{organization})
 * - Server collection            `{origin}/{vdir}/{collection}`   (e.g. http://127.0.0.1:8081/ado2022/DefaultCollection)
 */

export type ProcessName = 'Agile' | 'Scrum' | 'Basic' | 'CMMI' | 'Fabrikam Security Agile';

/** api-version ceiling of one instance: highest accepted (with -preview) and highest released (GA). */
export interface ReleaseInfo {
	id: 'services' | 'ado' | 'ado2022' | 'ado2020' | 'ado2019' | 'tfs2018';
	/** Product name as an admin would say it. */
	product: string;
	deploymentType: 'hosted' | 'onPremises';
	/** Highest version accepted at all; higher → VssVersionOutOfRangeException naming this value. */
	maxVersion: string;
	/** Highest GA version; between released and max only `-preview` is accepted. */
	releasedVersion: string;
	/** Whether inherited processes and the Basic process exist on this release. */
	inheritance: boolean;
	basicProcess: boolean;
}

export const RELEASES: Record<ReleaseInfo['id'], ReleaseInfo> = {
	services: {
		id: 'services',
		product: 'Azure DevOps Services',
		deploymentType: 'hosted',
		maxVersion: '7.2',
		releasedVersion: '7.1',
		inheritance: true,
		basicProcess: true
	},
	ado: {
		id: 'ado',
		product: 'Azure DevOps Server',
		deploymentType: 'onPremises',
		maxVersion: '7.1',
		releasedVersion: '7.1',
		inheritance: true,
		basicProcess: true
	},
	ado2022: {
		id: 'ado2022',
		product: 'Azure DevOps Server 2022',
		deploymentType: 'onPremises',
		maxVersion: '7.0',
		releasedVersion: '7.0',
		inheritance: true,
		basicProcess: true
	},
	ado2020: {
		id: 'ado2020',
		product: 'Azure DevOps Server 2020',
		deploymentType: 'onPremises',
		maxVersion: '6.1',
		releasedVersion: '6.0',
		inheritance: true,
		basicProcess: true
	},
	ado2019: {
		id: 'ado2019',
		product: 'Azure DevOps Server 2019',
		deploymentType: 'onPremises',
		maxVersion: '5.1',
		releasedVersion: '5.0',
		inheritance: true,
		basicProcess: false
	},
	tfs2018: {
		id: 'tfs2018',
		product: 'Team Foundation Server 2018',
		deploymentType: 'onPremises',
		maxVersion: '4.1',
		releasedVersion: '4.1',
		inheritance: false,
		basicProcess: false
	}
};

export interface ProjectFixture {
	name: string;
	process: ProcessName;
	description: string;
	/** Paths added below the standard areas and iterations (relative to the root). */
	extraAreas?: readonly string[];
	extraIterations?: readonly string[];
}

/** A collection (Server) or an organization (Services): the unit a PAT is limited to. */
export interface CollectionFixture {
	/** Key used by tokens: the organization name, or `{vdir}/{collection}` on Server. */
	key: string;
	release: ReleaseInfo['id'];
	/** Path prefix on the simulator origin, without trailing slash: `/fabrikam`, `/ado2022/DefaultCollection`. */
	basePath: string;
	/** Identity host prefix (Services only): `/_vssps/fabrikam`. */
	identityBasePath?: string;
	name: string;
	/** Small hand-written projects; large fixtures add generated ones (see `generated`). */
	projects: ProjectFixture[];
	/** Deterministic, lazily built bulk content. */
	generated?: {
		projects: number;
		areaNodesProject?: string;
		/** Nodes below the root of that project's area tree: the product of `areaLevels` counts. */
		areaNodes?: number;
		/** Generated area levels, outermost first: `count` nodes named `{label} NN` under each parent. */
		areaLevels?: readonly { label: string; count: number }[];
		identities: number;
	};
}

/** Areas every hand-written project has (relative to the project root). */
export const STANDARD_AREAS = [
	'Web',
	'Web\\Login',
	'Web\\Checkout',
	'Security',
	'Restricted'
] as const;
/** The demo user may read but not create work items under this area (TF237111 on save). */
export const RESTRICTED_AREA = 'Restricted';
export const STANDARD_ITERATIONS = ['Sprint 1', 'Sprint 2', 'Sprint 3'] as const;
/** Current iteration (team `$timeframe=current`). */
export const CURRENT_ITERATION = 'Sprint 2';

/** Published limits of Azure DevOps Services that fixtures are sized against. */
export const SERVICES_LIMITS = {
	projectsPerOrganization: 1000,
	areaPathsPerProject: 10000,
	/** Levels below the root of an area or iteration tree. */
	treeDepth: 14,
	nodeNameLength: 255
} as const;

/** A node name at the 255-character limit (letters and spaces only: no forbidden characters). */
export const LONG_NODE_NAME = `Level 07 ${'n'.repeat(SERVICES_LIMITS.nodeNameLength - 9)}`;

/** One chain `Level 01\…\Level 14` (level 7 named {@link LONG_NODE_NAME}), as cumulative paths. */
const DEEP_PATHS: readonly string[] = Array.from(
	{ length: SERVICES_LIMITS.treeDepth },
	(_, i) => i
).map((i) =>
	Array.from({ length: i + 1 }, (_, j) =>
		j === 6 ? LONG_NODE_NAME : `Level ${String(j + 1).padStart(2, '0')}`
	).join('\\')
);

const FABRIKAM_PROJECTS: ProjectFixture[] = [
	{ name: 'Fabrikam Fiber', process: 'Agile', description: 'Customer web portal (Agile).' },
	{
		name: 'Fabrikam Security',
		process: 'Fabrikam Security Agile',
		description: 'Inherited process: Bug requires Custom.SecurityTeam.'
	},
	{ name: 'Fabrikam Scrum', process: 'Scrum', description: 'Scrum team.' },
	{
		name: 'Fabrikam Basic',
		process: 'Basic',
		description: 'Basic process: Issue, Task, Epic; no Bug.'
	},
	{ name: 'Fabrikam CMMI', process: 'CMMI', description: 'CMMI process.' }
];

const SERVER_PROJECTS = (release: ReleaseInfo): ProjectFixture[] =>
	FABRIKAM_PROJECTS.filter((p) =>
		p.process === 'Basic'
			? release.basicProcess
			: p.process === 'Fabrikam Security Agile'
				? release.inheritance
				: true
	);

function services(
	name: string,
	projects: ProjectFixture[],
	generated?: CollectionFixture['generated']
): CollectionFixture {
	return {
		key: name,
		release: 'services',
		basePath: `/${name}`,
		identityBasePath: `/_vssps/${name}`,
		name,
		projects,
		...(generated ? { generated } : {})
	};
}

function server(
	vdir: ReleaseInfo['id'],
	collection: string,
	projects: ProjectFixture[],
	generated?: CollectionFixture['generated']
): CollectionFixture {
	return {
		key: `${vdir}/${collection}`,
		release: vdir,
		basePath: `/${vdir}/${collection}`,
		name: collection,
		projects,
		...(generated ? { generated } : {})
	};
}

export const ORGANIZATIONS = {
	/** Least-privilege demo organization. */
	fabrikam: services('fabrikam', FABRIKAM_PROJECTS),
	/** Second organization: a global or foreign token reaching it is detectable. */
	'contoso-security': services('contoso-security', [
		{ name: 'Contoso Web', process: 'Agile', description: 'Contoso public sites.' },
		{ name: 'Contoso AppSec', process: 'Scrum', description: 'Application security backlog.' }
	]),
	/**
	 * BEYOND Services' published limits (1,000 projects per organization, 10,000 area paths per
	 * project): 5,000 projects (+1 hand-written), 20,020 area nodes in "Big Project", 2,000
	 * identities. For paging and robustness, not what a real organization can hold.
	 */
	'big-org': services(
		'big-org',
		[{ name: 'Big Project', process: 'Agile', description: 'Holds the large area tree.' }],
		{
			projects: 5000,
			areaNodesProject: 'Big Project',
			areaNodes: 20020,
			areaLevels: [
				{ label: 'Area', count: 20 },
				{ label: 'Team', count: 25 },
				{ label: 'Component', count: 39 }
			],
			identities: 2000
		}
	),
	/**
	 * AT Services' published limits: exactly 1,000 projects, exactly 10,000 area nodes in "Limits
	 * Project", and "Deep Project" with areas and iterations 14 levels deep and a node name of
	 * 255 characters (the naming limits).
	 */
	'limits-org': services(
		'limits-org',
		[
			{
				name: 'Deep Project',
				process: 'Agile',
				description: 'Areas and iterations 14 levels deep; one node name of 255 characters.',
				extraAreas: DEEP_PATHS,
				extraIterations: DEEP_PATHS
			},
			{ name: 'Limits Project', process: 'Agile', description: 'Holds 10,000 area nodes.' }
		],
		{
			projects: 998,
			areaNodesProject: 'Limits Project',
			areaNodes: 10000,
			areaLevels: [
				{ label: 'Area', count: 100 },
				{ label: 'Team', count: 99 }
			],
			identities: 100
		}
	)
} as const satisfies Record<string, CollectionFixture>;

/** Server virtual directories, one per release; every one has `DefaultCollection`. */
export const SERVER_VDIRS = ['ado', 'ado2022', 'ado2020', 'ado2019', 'tfs2018'] as const;

export const SERVER_COLLECTIONS: CollectionFixture[] = [
	...SERVER_VDIRS.map((v) => server(v, 'DefaultCollection', SERVER_PROJECTS(RELEASES[v]))),
	/** More than 100 projects: paging with `$top` (default 100) and `x-ms-continuationtoken`. */
	server(
		'ado2022',
		'BigCollection',
		[{ name: 'Big Project', process: 'Agile', description: 'Holds the large area tree.' }],
		{ projects: 250, identities: 200 }
	)
];

export const ALL_COLLECTIONS: CollectionFixture[] = [
	...Object.values(ORGANIZATIONS),
	...SERVER_COLLECTIONS
];

/**
 * The organization-less Services host `{origin}/_app_vssps` (stands in for
 * https://app.vssps.visualstudio.com): `_apis/profile/profiles/me` and `_apis/accounts`. Only
 * global PATs are valid there, so an organization-scoped PAT gets 401: a global PAT is detectable
 * without knowing a second organization's name.
 */
export const ORGLESS_HOST: CollectionFixture = {
	key: '*',
	release: 'services',
	basePath: '/_app_vssps',
	name: 'app.vssps',
	projects: []
};

/** Name pattern of generated projects: `Project 00001` … */
export function generatedProjectName(i: number): string {
	return `Project ${String(i + 1).padStart(5, '0')}`;
}

/** The user every demo token belongs to (identity of connectionData). */
export const DEMO_USER = {
	id: 'a1d0e5b2-7c3f-4e8a-9b61-0d2f3c4e5a01',
	displayName: 'WebRiskOps Demo',
	uniqueName: 'webriskops-demo@fabrikam.example'
} as const;

/** People that can be assigned; `Dana Departed` is inactive (unknown identity when assigned). */
export const DEMO_PEOPLE = [
	{
		id: 'b2e1f6c3-8d40-4f9b-8c72-1e3f4d5f6b02',
		displayName: 'Alice Ahmed',
		uniqueName: 'alice@fabrikam.example',
		active: true
	},
	{
		id: 'c3f2a7d4-9e51-4a0c-9d83-2f4a5e6a7c03',
		displayName: 'Bob Brennan',
		uniqueName: 'bob@fabrikam.example',
		active: true
	},
	{
		id: 'd4a3b8e5-af62-4b1d-ae94-3a5b6f7b8d04',
		displayName: 'Carol Chen',
		uniqueName: 'carol@fabrikam.example',
		active: true
	},
	{
		id: 'e5b4c9f6-b073-4c2e-bfa5-4b6c7a8c9e05',
		displayName: 'Dana Departed',
		uniqueName: 'dana@fabrikam.example',
		active: false
	}
] as const;

/** Services origin path → collection; Server path prefix → collection. */
export function findCollection(key: string): CollectionFixture | undefined {
	return ALL_COLLECTIONS.find((c) => c.key.toLowerCase() === key.toLowerCase());
}
