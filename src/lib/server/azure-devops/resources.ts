/**
 * Which server resource each request of this client is, so its api-version can be negotiated
 * from the server's own resource locations (`OPTIONS {collection}/_apis/{area}`), the way
 * Microsoft's clients do. Areas and location ids are those of azure-devops-node-api
 * (`getVersioningData(version, area, locationId)`).
 */

export interface ResourceRef {
	name: string;
	area: string;
	/** Location id the server lists for the resource. */
	id: string;
	method: 'GET' | 'POST' | 'PATCH';
	/** Path relative to the collection (or identity host), as the probes build it. */
	pattern: RegExp;
}

const SEG = '[^/]+';
const path = (source: string): RegExp => new RegExp(`^${source}$`, 'i');

const RESOURCES: readonly ResourceRef[] = [
	{
		name: 'connectionData',
		area: 'Location',
		id: '00d9565f-ed9c-4a06-9a50-00e7896ccab4',
		method: 'GET',
		pattern: path('_apis/connectionData')
	},
	{
		name: 'projects',
		area: 'core',
		id: '603fe2ac-9723-48b9-88ad-09305aa6c6e1',
		method: 'GET',
		pattern: path(`_apis/projects(/${SEG})?`)
	},
	{
		name: 'members',
		area: 'core',
		id: '294c494c-2600-4d7e-b76c-3dd50c3c95be',
		method: 'GET',
		pattern: path(`_apis/projects/${SEG}/teams/${SEG}/members`)
	},
	{
		name: 'workItemTypes',
		area: 'wit',
		id: '7c8d7a76-4a09-43e8-b5df-bd792f4ac6aa',
		method: 'GET',
		pattern: path(`${SEG}/_apis/wit/workitemtypes(/${SEG})?`)
	},
	{
		name: 'workItemTypeFields',
		area: 'wit',
		id: 'bd293ce5-3d25-4192-8e67-e8092e879efb',
		method: 'GET',
		pattern: path(`${SEG}/_apis/wit/workitemtypes/${SEG}/fields(/${SEG})?`)
	},
	{
		name: 'workItemTypeCategories',
		area: 'wit',
		id: '9b9f5734-36c8-415e-ba67-f83b45c31408',
		method: 'GET',
		pattern: path(`${SEG}/_apis/wit/workitemtypecategories`)
	},
	{
		name: 'classificationNodes',
		area: 'wit',
		id: '5a172953-1b41-49d3-840a-33f79c3ce89f',
		method: 'GET',
		pattern: path(`${SEG}/_apis/wit/classificationnodes/(areas|iterations)(/.*)?`)
	},
	{
		name: 'workItemsCreate',
		area: 'wit',
		id: '62d3d110-0047-428c-ad3c-4fe872c91c74',
		method: 'POST',
		pattern: path(`${SEG}/_apis/wit/workitems/\\$${SEG}`)
	},
	{
		name: 'teamFieldValues',
		area: 'work',
		id: '07ced576-58ed-49e6-9c1e-5cb53ab8bf2a',
		method: 'GET',
		pattern: path(`${SEG}(/${SEG})?/_apis/work/teamsettings/teamfieldvalues`)
	},
	{
		name: 'teamIterations',
		area: 'work',
		id: 'c9175577-28a1-4b06-9197-8636af9f64ad',
		method: 'GET',
		pattern: path(`${SEG}(/${SEG})?/_apis/work/teamsettings/iterations`)
	},
	{
		name: 'workProcesses',
		area: 'processes',
		id: '02cc6a73-5cfb-427d-8c8e-b49fb086e8af',
		method: 'GET',
		pattern: path(`_apis/work/processes(/${SEG})?`)
	},
	{
		name: 'identities',
		area: 'IMS',
		id: '28010c54-d0c0-4c89-a5b0-1c9e188b9fb7',
		method: 'GET',
		pattern: path('_apis/identities')
	},
	{
		name: 'gitRepositories',
		area: 'git',
		id: '225f7195-f9c7-4d14-ab28-a83f7ff77e1f',
		method: 'GET',
		pattern: path(`(${SEG}/)?_apis/git/repositories(/${SEG})?`)
	},
	{
		name: 'builds',
		area: 'build',
		id: '0cd358e1-9217-4d94-8269-1c1ee6f93dcf',
		method: 'GET',
		pattern: path(`${SEG}/_apis/build/builds`)
	}
];

export function resourceOf(method: string, relativePath: string): ResourceRef | undefined {
	const m = method.toUpperCase();
	return RESOURCES.find((r) => r.method === m && r.pattern.test(relativePath));
}

/** The project resource, whose location names a server's version range at once. */
export const PROJECTS_RESOURCE = RESOURCES.find((r) => r.name === 'projects') as ResourceRef;
