/**
 * The operations this client may send, with the query parameters the public REST specs document
 * for them, per api-version. Written from MicrosoftDocs/vsts-rest-api-specs (commit adb28786;
 * folders tfs-4.1, azure-devops-server-5.0/6.0/7.0/7.1, 7.1 and 7.2; `paths` and their `query`
 * parameters). `since` is the first spec version that lists a parameter; every later one keeps
 * it. documented-requests.spec.ts checks each request the probes send against this table.
 *
 * Paths are relative to the collection (`{organization}` on Services, `{collection}` on Server)
 * or, for identities on Services, to the identity host. Segments in brackets are optional in the
 * route templates the servers publish (`OPTIONS _apis/{area}`), though the swagger files write
 * them as required path parameters: `{team}` (the default team) and a git `{project}`.
 */

interface DocumentedOperation {
	method: 'GET' | 'POST' | 'OPTIONS';
	path: string;
	/** Query parameter → first api-version whose spec lists it. `api-version` is implied. */
	params: Readonly<Record<string, string>>;
	/** Where the operation is not in the specs, the source that documents it. */
	source?: string;
}

const DOCUMENTED_OPERATIONS: readonly DocumentedOperation[] = [
	{
		method: 'OPTIONS',
		path: '_apis/{area}',
		params: {},
		source:
			'Not in the specs: route discovery as azure-devops-node-api VsoClient.beginGetAreaLocations sends it'
	},
	{
		method: 'GET',
		path: '_apis/connectionData',
		params: { connectOptions: '1.0', lastChangeId: '1.0', lastChangeId64: '1.0' },
		source:
			'Not in the specs: azure-devops-node-api LocationsApi.getConnectionData (location 00d9565f)'
	},
	{
		method: 'GET',
		path: '_apis/projects',
		params: {
			stateFilter: '4.1',
			$top: '4.1',
			$skip: '4.1',
			continuationToken: '4.1',
			getDefaultTeamImageUrl: '5.0'
		}
	},
	{
		method: 'GET',
		path: '_apis/projects/{projectId}',
		params: { includeCapabilities: '4.1', includeHistory: '4.1' }
	},
	{
		method: 'GET',
		path: '_apis/projects/{projectId}/teams/{teamId}/members',
		params: { $top: '4.1', $skip: '4.1' }
	},
	{ method: 'GET', path: '_apis/work/processes/{processTypeId}', params: { $expand: '4.1' } },
	{ method: 'GET', path: '{project}/_apis/wit/workitemtypes', params: {} },
	{ method: 'GET', path: '{project}/_apis/wit/workitemtypes/{type}', params: {} },
	{
		method: 'GET',
		path: '{project}/_apis/wit/workitemtypes/{type}/fields',
		params: { $expand: '4.1' }
	},
	{ method: 'GET', path: '{project}/_apis/wit/workitemtypecategories', params: {} },
	{
		method: 'GET',
		path: '{project}/_apis/wit/classificationnodes/{structureGroup}[/{*path}]',
		params: { $depth: '4.1' }
	},
	{
		method: 'GET',
		path: '{project}/[{team}/]_apis/work/teamsettings/teamfieldvalues',
		params: {}
	},
	{
		method: 'GET',
		path: '{project}/[{team}/]_apis/work/teamsettings/iterations',
		params: { $timeframe: '4.1' }
	},
	{
		method: 'POST',
		path: '{project}/_apis/wit/workitems/${type}',
		params: {
			validateOnly: '4.1',
			bypassRules: '4.1',
			suppressNotifications: '4.1',
			$expand: '6.0'
		}
	},
	{
		method: 'GET',
		path: '_apis/identities',
		params: {
			descriptors: '5.0',
			identityIds: '5.0',
			subjectDescriptors: '5.0',
			searchFilter: '5.0',
			filterValue: '5.0',
			queryMembership: '5.0'
		},
		source:
			'specs ims/6.0 and later (on-premises from azure-devops-server-6.0); no 5.x ims spec exists, so 5.0 is taken as 6.0'
	},
	{ method: 'GET', path: '[{project}/]_apis/git/repositories/{repositoryId}', params: {} },
	{
		method: 'GET',
		path: '{project}/_apis/build/builds',
		params: { $top: '4.1', continuationToken: '4.1', queryOrder: '4.1' }
	}
];

function compare(a: string, b: string): number {
	const [am = 0, an = 0] = a.split('.').map(Number);
	const [bm = 0, bn = 0] = b.split('.').map(Number);
	return am !== bm ? am - bm : an - bn;
}

/** Regular expression for a table path: `{x}` one segment, `{*x}` the rest, `[…]` optional. */
function pattern(path: string): RegExp {
	let source = '';
	for (let i = 0; i < path.length; i++) {
		const c = path[i] as string;
		if (c === '{') {
			const end = path.indexOf('}', i);
			const name = path.slice(i + 1, end);
			source += name.startsWith('*') ? '.*' : '[^/]+';
			i = end;
		} else if (c === '[') source += '(?:';
		else if (c === ']') source += ')?';
		else source += c.replace(/[.*+?^$()|\\]/g, '\\$&');
	}
	return new RegExp(`^${source}$`, 'i');
}

export interface RequestCheck {
	operation?: DocumentedOperation;
	/** Query parameters the spec for this api-version does not list. */
	undocumented: string[];
}

/** Checks one request (path relative to its base, raw query) against the table. */
export function checkRequest(
	method: string,
	relativePath: string,
	query: URLSearchParams
): RequestCheck {
	const operation = DOCUMENTED_OPERATIONS.find(
		(o) => o.method === method.toUpperCase() && pattern(o.path).test(relativePath)
	);
	if (!operation) return { undocumented: [...query.keys()] };
	const version = /^(\d+\.\d+)/.exec(query.get('api-version') ?? '')?.[1];
	const undocumented = [...query.keys()].filter((k) => {
		if (k === 'api-version') return false;
		const since = operation.params[k];
		return since === undefined || (version !== undefined && compare(version, since) < 0);
	});
	return { operation, undocumented };
}
