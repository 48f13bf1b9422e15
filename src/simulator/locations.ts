/**
 * Route discovery: the resource locations an Azure DevOps server lists for `OPTIONS
 * {collection}/_apis/{area}` and the resource areas of `GET _apis/ResourceAreas`.
 *
 * Ids and route templates are the ones Microsoft's clients look up (azure-devops-node-api
 * `getVersioningData(…, area, locationId)`, azure-devops-extension-api `routeTemplate`); which
 * release has a resource only as preview comes from the `x-ms-docs-override-version` of the
 * matching spec folder in MicrosoftDocs/vsts-rest-api-specs (`tfs-4.1`, `azure-devops-server-5.0`,
 * `-6.0`, `-7.0`, `-7.1`, `7.1`, `7.2`).
 */
import { RELEASES, type ReleaseInfo } from './catalogue';

type ReleaseId = ReleaseInfo['id'];

export interface LocationDef {
	id: string;
	area: string;
	resourceName: string;
	routeTemplate: string;
	/** The `-preview.N` resource version the newest spec gives it. */
	resourceVersion: number;
	/** Releases where the resource exists only as preview (`releasedVersion` `0.0`). */
	previewOn?: readonly ReleaseId[];
	/** Resource version where a release's spec names another one. */
	resourceVersionOn?: Partial<Record<ReleaseId, number>>;
	/** Which host lists it: the collection (default) or, on Services, the identity host. */
	host?: 'collection' | 'identity';
}

/** An `ApiResourceLocation` as the server serialises it. */
export interface ApiResourceLocation {
	id: string;
	area: string;
	resourceName: string;
	routeTemplate: string;
	resourceVersion: number;
	minVersion: string;
	maxVersion: string;
	releasedVersion: string;
}

const ALL: readonly ReleaseId[] = ['services', 'ado', 'ado2022', 'ado2020', 'ado2019', 'tfs2018'];
/** Releases before REST 7.0: the process and state resources were still preview there. */
const BEFORE_7: readonly ReleaseId[] = ['ado2020', 'ado2019', 'tfs2018'];

export const LOCATIONS = {
	connectionData: {
		id: '00d9565f-ed9c-4a06-9a50-00e7896ccab4',
		area: 'Location',
		resourceName: 'ConnectionData',
		routeTemplate: '_apis/{resource}',
		resourceVersion: 1,
		// Not in the specs; reported to refuse GA versions (reference §2 P1).
		previewOn: ALL
	},
	resourceAreas: {
		id: 'e81700f7-3be2-46de-8624-2eb35882fcaa',
		area: 'Location',
		resourceName: 'ResourceAreas',
		routeTemplate: '_apis/{resource}/{areaId}',
		resourceVersion: 1,
		previewOn: ALL
	},
	projects: {
		id: '603fe2ac-9723-48b9-88ad-09305aa6c6e1',
		area: 'core',
		resourceName: 'projects',
		routeTemplate: '_apis/{resource}/{*projectId}',
		resourceVersion: 4
	},
	projectProperties: {
		id: '4976a71a-4487-49aa-8aab-a1eda469037a',
		area: 'core',
		resourceName: 'properties',
		routeTemplate: '_apis/projects/{projectId}/{resource}',
		resourceVersion: 1,
		previewOn: ALL
	},
	coreProcesses: {
		id: '93878975-88c5-4e6a-8abb-7ddd77a8a7d8',
		area: 'core',
		resourceName: 'processes',
		routeTemplate: '_apis/process/{resource}/{*processId}',
		resourceVersion: 1
	},
	teams: {
		id: 'd30a3dd1-f8ba-442a-b86a-bd0c0c383e59',
		area: 'core',
		resourceName: 'teams',
		routeTemplate: '_apis/projects/{projectId}/{resource}/{*teamId}',
		resourceVersion: 3
	},
	members: {
		id: '294c494c-2600-4d7e-b76c-3dd50c3c95be',
		area: 'core',
		resourceName: 'members',
		routeTemplate: '_apis/projects/{projectId}/teams/{teamId}/{resource}',
		resourceVersion: 2
	},
	classificationNodesRoots: {
		id: 'a70579d1-f53a-48ee-a5be-7be8659023b9',
		area: 'wit',
		resourceName: 'classificationNodes',
		routeTemplate: '{project}/_apis/{area}/{resource}',
		resourceVersion: 2
	},
	classificationNodes: {
		id: '5a172953-1b41-49d3-840a-33f79c3ce89f',
		area: 'wit',
		resourceName: 'classificationNodes',
		routeTemplate: '{project}/_apis/{area}/{resource}/{structureGroup}/{*path}',
		resourceVersion: 2
	},
	workItemTypes: {
		id: '7c8d7a76-4a09-43e8-b5df-bd792f4ac6aa',
		area: 'wit',
		resourceName: 'workItemTypes',
		routeTemplate: '{project}/_apis/{area}/{resource}/{type}',
		resourceVersion: 2
	},
	workItemTypeFields: {
		id: 'bd293ce5-3d25-4192-8e67-e8092e879efb',
		area: 'wit',
		resourceName: 'fields',
		routeTemplate: '{project}/_apis/{area}/workitemtypes/{type}/{resource}/{field}',
		resourceVersion: 3
	},
	workItemTypeStates: {
		id: '7c9d7a76-4a09-43e8-b5df-bd792f4ac6aa',
		area: 'wit',
		resourceName: 'states',
		routeTemplate: '{project}/_apis/{area}/workitemtypes/{type}/{resource}',
		resourceVersion: 1,
		previewOn: BEFORE_7
	},
	workItemTypeCategories: {
		id: '9b9f5734-36c8-415e-ba67-f83b45c31408',
		area: 'wit',
		resourceName: 'workItemTypeCategories',
		routeTemplate: '{project}/_apis/{area}/{resource}/{category}',
		resourceVersion: 2
	},
	workItemsCreate: {
		id: '62d3d110-0047-428c-ad3c-4fe872c91c74',
		area: 'wit',
		resourceName: 'workItems',
		routeTemplate: '{project}/_apis/{area}/{resource}/${type}',
		resourceVersion: 3
	},
	workItems: {
		id: '72c7ddf8-2cdc-4f60-90cd-ab71c14a399b',
		area: 'wit',
		resourceName: 'workItems',
		routeTemplate: '{project}/_apis/{area}/{resource}/{id}',
		resourceVersion: 3
	},
	teamSettings: {
		id: 'c3c1012b-bea7-49d7-b45e-1664e566f84c',
		area: 'work',
		resourceName: 'teamsettings',
		routeTemplate: '{project}/{team}/_apis/{area}/{resource}',
		resourceVersion: 1
	},
	teamFieldValues: {
		id: '07ced576-58ed-49e6-9c1e-5cb53ab8bf2a',
		area: 'work',
		resourceName: 'teamfieldvalues',
		routeTemplate: '{project}/{team}/_apis/{area}/teamsettings/{resource}',
		resourceVersion: 1
	},
	teamIterations: {
		id: 'c9175577-28a1-4b06-9197-8636af9f64ad',
		area: 'work',
		resourceName: 'iterations',
		routeTemplate: '{project}/{team}/_apis/{area}/teamsettings/{resource}/{id}',
		resourceVersion: 1
	},
	workProcesses: {
		id: '02cc6a73-5cfb-427d-8c8e-b49fb086e8af',
		area: 'processes',
		resourceName: 'processes',
		routeTemplate: '_apis/work/{resource}/{processTypeId}',
		resourceVersion: 2,
		previewOn: BEFORE_7,
		resourceVersionOn: { tfs2018: 1 }
	},
	workProcessTypes: {
		id: 'e2e9d1a6-432d-4062-8870-bfcb8c324ad7',
		area: 'processes',
		resourceName: 'workItemTypes',
		routeTemplate: '_apis/work/processes/{processId}/{resource}/{witRefName}',
		resourceVersion: 2,
		previewOn: BEFORE_7,
		resourceVersionOn: { tfs2018: 1 }
	},
	workProcessFields: {
		id: 'bc0ad8dc-e3f3-46b0-b06c-5bf861793196',
		area: 'processes',
		resourceName: 'fields',
		routeTemplate:
			'_apis/work/processes/{processId}/workItemTypes/{witRefName}/{resource}/{fieldRefName}',
		resourceVersion: 2,
		previewOn: BEFORE_7,
		resourceVersionOn: { tfs2018: 1 }
	},
	identities: {
		id: '28010c54-d0c0-4c89-a5b0-1c9e188b9fb7',
		area: 'IMS',
		resourceName: 'Identities',
		routeTemplate: '_apis/{resource}/{identityId}',
		resourceVersion: 1,
		host: 'identity'
	},
	gitRepositories: {
		id: '225f7195-f9c7-4d14-ab28-a83f7ff77e1f',
		area: 'git',
		resourceName: 'repositories',
		routeTemplate: '{project}/_apis/{area}/{resource}/{repositoryId}',
		resourceVersion: 2
	},
	builds: {
		id: '0cd358e1-9217-4d94-8269-1c1ee6f93dcf',
		area: 'build',
		resourceName: 'builds',
		routeTemplate: '{project}/_apis/{area}/{resource}/{buildId}',
		resourceVersion: 8
	}
} as const satisfies Record<string, LocationDef>;

export type LocationKey = keyof typeof LOCATIONS;

/** Whether a resource has no released (GA) version on this release. */
export function isPreviewOn(key: LocationKey, release: ReleaseId): boolean {
	const def: LocationDef = LOCATIONS[key];
	return def.previewOn?.includes(release) ?? false;
}

function locationJson(def: LocationDef, r: ReleaseInfo): ApiResourceLocation {
	return {
		id: def.id,
		area: def.area,
		resourceName: def.resourceName,
		routeTemplate: def.routeTemplate,
		resourceVersion: def.resourceVersionOn?.[r.id] ?? def.resourceVersion,
		minVersion: '1.0',
		maxVersion: r.maxVersion,
		releasedVersion: def.previewOn?.includes(r.id) ? '0.0' : r.releasedVersion
	};
}

/**
 * The answer to `OPTIONS _apis/{area}` (area name case-insensitive; an unknown area lists
 * nothing). `host` says which host was asked: on Services identities live on the identity host
 * only, on Server under the collection.
 */
export function locationsOf(
	releaseId: ReleaseId,
	area: string,
	host: 'collection' | 'identity'
): ApiResourceLocation[] {
	const r = RELEASES[releaseId];
	const a = area.toLowerCase();
	return Object.values(LOCATIONS as Record<string, LocationDef>)
		.filter((d) => d.area.toLowerCase() === a)
		.filter((d) => {
			const where = d.host ?? 'collection';
			if (host === 'identity') return where === 'identity' || d.area === 'Location';
			return where === 'collection' || r.deploymentType === 'onPremises';
		})
		.map((d) => locationJson(d, r));
}

/**
 * Resource area ids (azure-devops-node-api `RESOURCE_AREA_ID`s; the process API shares `wit`'s).
 * IMS is left out: no source here gives its area id.
 */
export const RESOURCE_AREAS: readonly {
	id: string;
	name: string;
	host: 'collection' | 'identity';
}[] = [
	{ id: '79134c72-4a58-4b42-976c-04e7115f32bf', name: 'core', host: 'collection' },
	{ id: '5264459e-e5e0-4bd8-b118-0985e68a4ec5', name: 'wit', host: 'collection' },
	{ id: '1d4f49f9-02b9-4e26-b826-2cdb6195f2a9', name: 'work', host: 'collection' },
	{ id: '4e080c62-fa21-4fbc-8fef-2a10a2b38049', name: 'git', host: 'collection' },
	{ id: '965220d5-5bb9-42cf-8d67-9b146df2a5a4', name: 'build', host: 'collection' }
];
