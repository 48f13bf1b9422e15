/**
 * Microsoft's own Node client (azure-devops-node-api, pinned in package.json) against the
 * simulator over loopback HTTP, for every call the setup flow makes. The client finds each
 * resource through `OPTIONS _apis/{area}` (and `_apis/ResourceAreas` on Services) and negotiates
 * its api-version from the answer, so these tests fail if route discovery or a release's version
 * rules stop matching what real servers say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as azdev from 'azure-devops-node-api';
import {
	TreeNodeStructureType,
	TreeStructureGroup,
	WorkItemTypeFieldsExpandLevel
} from 'azure-devops-node-api/interfaces/WorkItemTrackingInterfaces';
import { GetProcessExpandLevel } from 'azure-devops-node-api/interfaces/WorkItemTrackingProcessInterfaces';
import { SERVICES_LIMITS, LONG_NODE_NAME } from './catalogue';
import { demoToken } from './demo-tokens';
import { LOCATIONS } from './locations';
import { startSimulator, type Simulator } from './simulator';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => {
	await sim.close();
});

const LP = demoToken('least-privilege').token;
const FULL = demoToken('full-access').token;

/** Base path, the host identities live on, and the api-version the client should end up with. */
const TARGETS = [
	{ name: 'Services', path: '/fabrikam', identity: '/_vssps/fabrikam', projects: '7.2-preview.4' },
	{ name: 'newest Server', path: '/ado/DefaultCollection', projects: '7.1' },
	{ name: 'Server 2022', path: '/ado2022/DefaultCollection', projects: '7.0' },
	{ name: 'Server 2020', path: '/ado2020/DefaultCollection', projects: '6.1-preview.4' },
	{ name: 'Server 2019', path: '/ado2019/DefaultCollection', projects: '5.1-preview.4' }
] as const;

const PROJECT = 'Fabrikam Fiber';
const TEAM = 'Fabrikam Fiber Team';

function connect(path: string, token = LP): azdev.WebApi {
	return new azdev.WebApi(`${sim.origin}${path}`, azdev.getPersonalAccessTokenHandler(token));
}

describe.each(TARGETS)('azure-devops-node-api against $name', (t) => {
	it('reads connection data (no api-version, as WebApi.connect sends it)', async () => {
		const data = await connect(t.path).connect();
		expect(data.authenticatedUser?.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(data.instanceId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('pages projects and reads one by name with its process', async () => {
		sim.requests.reset();
		const core = await connect(t.path).getCoreApi();
		const first = await core.getProjects(undefined, 2, 0);
		const second = await core.getProjects(undefined, 2, 2);
		expect(first).toHaveLength(2);
		expect(second.length).toBeGreaterThan(0);
		expect(second.map((p) => p.name)).not.toContain(first[0]?.name);
		const p = await core.getProject(PROJECT, true);
		expect(p.name).toBe(PROJECT);
		expect(p.capabilities?.processTemplate?.templateTypeId).toBe(
			'adcc42ab-9882-485e-a3ed-7678f01f66bc'
		);
		// The client asked the server which versions `core` has before calling it.
		expect(
			sim.requests.log().some((r) => r.method === 'OPTIONS' && /_apis\/core$/.test(r.path))
		).toBe(true);
	});

	it('negotiates the version each release allows (released, or the newest preview)', async () => {
		const res = await fetch(`${sim.origin}${t.path}/_apis/core`, {
			method: 'OPTIONS',
			headers: { Authorization: `Basic ${Buffer.from(`:${LP}`).toString('base64')}` }
		});
		const body = (await res.json()) as { value: { id: string; maxVersion: string }[] };
		const projects = body.value.find((l) => l.id === LOCATIONS.projects.id);
		expect(projects).toBeDefined();
		const core = await connect(t.path).getCoreApi();
		const { apiVersion } = await core.vsoClient.getVersioningData(
			'7.2-preview.4',
			'core',
			LOCATIONS.projects.id,
			{}
		);
		expect(apiVersion).toBe(t.projects);
	});

	it('reads processes (core and work; work is preview before 7.0)', async () => {
		const api = connect(t.path);
		const core = await api.getCoreApi();
		const processes = await core.getProcesses();
		expect(processes.map((p) => p.name)).toContain('Agile');
		const wp = await api.getWorkItemTrackingProcessApi();
		const agile = await wp.getProcessByItsId(
			'adcc42ab-9882-485e-a3ed-7678f01f66bc',
			GetProcessExpandLevel.Projects
		);
		expect(agile.name).toBe('Agile');
		expect(agile.projects?.map((p) => p.name)).toContain(PROJECT);
		const list = await wp.getListOfProcesses();
		expect(list.length).toBeGreaterThan(2);
	});

	it('reads work item types and fields with allowed values (numeric $expand)', async () => {
		const wit = await connect(t.path).getWorkItemTrackingApi();
		const types = await wit.getWorkItemTypes(PROJECT);
		expect(types.map((x) => x.name)).toContain('Bug');
		const fields = await wit.getWorkItemTypeFieldsWithReferences(
			PROJECT,
			'Bug',
			WorkItemTypeFieldsExpandLevel.AllowedValues
		);
		const priority = fields.find((f) => f.referenceName === 'Microsoft.VSTS.Common.Priority');
		expect(priority?.allowedValues).toEqual(['1', '2', '3', '4']);
		const states = await wit.getWorkItemTypeStates(PROJECT, 'Bug');
		expect(states.map((s) => s.name)).toContain('Active');
	});

	it('reads the area and iteration trees (numeric structure group)', async () => {
		const wit = await connect(t.path).getWorkItemTrackingApi();
		// TreeStructureGroup.Areas is 0, which the client's route filling drops as empty: areas come
		// through the root-nodes call, iterations (1) through `classificationNodes/1`.
		const roots = await wit.getRootNodes(PROJECT, 14);
		expect(roots).toHaveLength(2);
		const areas = roots.find((n) => n.structureType === TreeNodeStructureType.Area);
		expect(areas?.children?.map((c) => c.name)).toEqual(['Web', 'Security', 'Restricted']);
		expect(areas?.children?.[0]?.children?.map((c) => c.name)).toEqual(['Login', 'Checkout']);
		const iterations = await wit.getClassificationNode(
			PROJECT,
			TreeStructureGroup.Iterations,
			undefined,
			2
		);
		expect(iterations.children?.map((c) => c.name)).toContain('Sprint 2');
		const sprint = await wit.getClassificationNode(
			PROJECT,
			TreeStructureGroup.Iterations,
			'Sprint 2'
		);
		expect(sprint.name).toBe('Sprint 2');
	});

	it('reads the team settings, field values and current iteration', async () => {
		const work = await connect(t.path).getWorkApi();
		const ctx = { project: PROJECT, team: TEAM };
		const settings = await work.getTeamSettings(ctx);
		expect(settings.backlogIteration?.name).toBe(PROJECT);
		const values = await work.getTeamFieldValues(ctx);
		expect(values.field?.referenceName).toBe('System.AreaPath');
		expect(values.values?.length).toBeGreaterThan(0);
		const current = await work.getTeamIterations(ctx, 'current');
		expect(current.map((i) => i.name)).toEqual(['Sprint 2']);
	});

	it('runs a validateOnly create (JSON Patch, version in the Accept header): no id', async () => {
		const wit = await connect(t.path).getWorkItemTrackingApi();
		const item = await wit.createWorkItem(
			{},
			[
				{ op: 'add', path: '/fields/System.Title', value: 'SQL injection in /login' },
				{ op: 'add', path: '/fields/System.AreaPath', value: `${PROJECT}\\Security` },
				{ op: 'add', path: '/fields/Microsoft.VSTS.Common.Priority', value: 1 }
			],
			PROJECT,
			'Bug',
			true
		);
		expect(item.id).toBeUndefined();
		expect(item.fields?.['System.Title']).toBe('SQL injection in /login');
	});

	it('searches identities through the IMS area, with the client negotiating', async () => {
		// A token with vso.identity; identities live on the identity host on Services.
		const api = connect('identity' in t ? t.identity : t.path, FULL);
		const { requestUrl, apiVersion } = await api.vsoClient.getVersioningData(
			'7.1',
			'IMS',
			LOCATIONS.identities.id,
			{},
			{ searchFilter: 'General', filterValue: 'alice@fabrikam.example', queryMembership: 'None' }
		);
		expect(requestUrl).toBeDefined();
		const res = await api.rest.get<{ count: number; value: { providerDisplayName: string }[] }>(
			requestUrl as string,
			{ acceptHeader: `application/json;api-version=${apiVersion}` }
		);
		expect(res.statusCode).toBe(200);
		expect(res.result?.value.map((i) => i.providerDisplayName)).toEqual(['Alice Ahmed']);
	});
});

describe('azure-devops-node-api against the size limits (limits-org)', () => {
	const BIG = demoToken('least-privilege-big').token;

	it('reads a tree 14 levels deep with a 255-character name, areas and iterations', async () => {
		const wit = await connect('/limits-org', BIG).getWorkItemTrackingApi();
		const roots = await wit.getRootNodes('Deep Project', SERVICES_LIMITS.treeDepth);
		for (const root of roots) {
			let node = root.children?.find((c) => c.name === 'Level 01');
			let depth = node ? 1 : 0;
			while (node?.children?.length) {
				node = node.children[0];
				depth += 1;
			}
			expect(depth).toBe(SERVICES_LIMITS.treeDepth);
			expect(node?.name).toBe('Level 14');
			expect(node?.path).toContain(`\\${LONG_NODE_NAME}\\`);
			expect(LONG_NODE_NAME).toHaveLength(SERVICES_LIMITS.nodeNameLength);
		}
		// A path of nested names in one `{*path}` value (the client encodes the slashes).
		const level2 = await wit.getClassificationNode(
			'Deep Project',
			TreeStructureGroup.Iterations,
			'Level 01/Level 02'
		);
		expect(level2.name).toBe('Level 02');
	});

	it('pages through exactly 1,000 projects', async () => {
		const core = await connect('/limits-org', BIG).getCoreApi();
		let total = 0;
		for (let skip = 0; ; skip += 500) {
			const page = await core.getProjects(undefined, 500, skip);
			total += page.length;
			if (page.length < 500) break;
		}
		expect(total).toBe(SERVICES_LIMITS.projectsPerOrganization);
	});
});

describe('azure-devops-node-api against TFS 2018', () => {
	it('finds work/processes as 4.1-preview.1 and reads the system processes', async () => {
		const wp = await connect('/tfs2018/DefaultCollection').getWorkItemTrackingProcessApi();
		const { apiVersion } = await wp.vsoClient.getVersioningData(
			'7.2-preview.2',
			'processes',
			LOCATIONS.workProcesses.id,
			{}
		);
		expect(apiVersion).toBe('4.1-preview.1');
		const list = await wp.getListOfProcesses();
		expect(list.map((p) => p.name).sort()).toEqual(['Agile', 'CMMI', 'Scrum']);
	});
});
