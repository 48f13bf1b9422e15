import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findCollection, SERVICES_LIMITS } from './catalogue';
import { demoToken } from './demo-tokens';
import { projectsOf, treeOf, walk } from './seed-data';
import { LOCATIONS } from './locations';
import { startSimulator, type Simulator } from './simulator';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => sim.faults.reset());

const auth = (token = demoToken('least-privilege').token) => ({
	Authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`,
	'X-TFS-FedAuthRedirect': 'Suppress'
});

interface Location {
	id: string;
	maxVersion: string;
	releasedVersion: string;
	resourceVersion: number;
}

async function options(base: string, area: string): Promise<Location[]> {
	const res = await fetch(`${sim.origin}${base}/_apis/${area}`, {
		method: 'OPTIONS',
		headers: auth()
	});
	expect(res.status).toBe(200);
	return ((await res.json()) as { value: Location[] }).value;
}

describe('route discovery', () => {
	it.each([
		['/fabrikam', '7.2', '7.1', 2],
		['/ado/DefaultCollection', '7.1', '7.1', 2],
		['/ado2022/DefaultCollection', '7.0', '7.0', 2],
		['/ado2020/DefaultCollection', '6.1', '0.0', 2],
		['/ado2019/DefaultCollection', '5.1', '0.0', 2],
		['/tfs2018/DefaultCollection', '4.1', '0.0', 1]
	])('%s lists work/processes with max %s, released %s', async (base, max, released, rv) => {
		const list = await options(base, 'processes');
		expect(list.find((l) => l.id === LOCATIONS.workProcesses.id)).toMatchObject({
			maxVersion: max,
			releasedVersion: released,
			resourceVersion: rv
		});
	});

	it('the area name is case-insensitive; an unknown area lists nothing', async () => {
		expect((await options('/fabrikam', 'WIT')).length).toBeGreaterThan(5);
		expect(await options('/fabrikam', 'nosuch')).toEqual([]);
	});

	it('identities are listed where they are served', async () => {
		expect(await options('/fabrikam', 'IMS')).toEqual([]);
		expect((await options('/_vssps/fabrikam', 'IMS')).map((l) => l.id)).toEqual([
			LOCATIONS.identities.id
		]);
		expect((await options('/ado/DefaultCollection', 'IMS')).map((l) => l.id)).toEqual([
			LOCATIONS.identities.id
		]);
	});

	it('a GA version of a preview-only resource is refused, the listed preview accepted', async () => {
		const url = `${sim.origin}/ado2020/DefaultCollection/_apis/work/processes`;
		const ga = await fetch(`${url}?api-version=6.0`, { headers: auth() });
		expect(ga.status).toBe(400);
		expect(((await ga.json()) as { typeKey: string }).typeKey).toBe(
			'VssInvalidPreviewVersionException'
		);
		const preview = await fetch(`${url}?api-version=6.0-preview.2`, { headers: auth() });
		expect(preview.status).toBe(200);
	});

	it('ResourceAreas: locations on Services, an empty answer on Server', async () => {
		const services = await fetch(`${sim.origin}/fabrikam/_apis/ResourceAreas`, { headers: auth() });
		const body = (await services.json()) as { value: { name: string; locationUrl: string }[] };
		expect(body.value.find((a) => a.name === 'core')?.locationUrl).toBe(`${sim.origin}/fabrikam/`);
		const onPrem = await fetch(`${sim.origin}/ado/DefaultCollection/_apis/ResourceAreas`, {
			headers: auth()
		});
		expect(await onPrem.json()).toEqual({ count: 0, value: null });
	});

	it('noRouteDiscovery answers OPTIONS with 404', async () => {
		sim.faults.set({ noRouteDiscovery: true });
		const res = await fetch(`${sim.origin}/fabrikam/_apis/core`, {
			method: 'OPTIONS',
			headers: auth()
		});
		expect(res.status).toBe(404);
	});

	it('versionMessages switches the out-of-range wording', async () => {
		sim.faults.set({ versionMessages: 'de' });
		const res = await fetch(
			`${sim.origin}/ado2019/DefaultCollection/_apis/projects?api-version=100.0`,
			{
				headers: auth()
			}
		);
		const body = (await res.json()) as { typeKey: string; message: string };
		expect(body.typeKey).toBe('VssVersionOutOfRangeException');
		expect(body.message).toContain('ist 5.1.');
	});
});

describe('fixtures against the published limits', () => {
	it('limits-org is exactly at them', () => {
		const org = findCollection('limits-org');
		if (!org) throw new Error('limits-org missing');
		const projects = projectsOf(org).list;
		expect(projects).toHaveLength(SERVICES_LIMITS.projectsPerOrganization);
		const limits = projects.find((p) => p.name === 'Limits Project');
		if (!limits) throw new Error('Limits Project missing');
		let nodes = -1; // the root is not an area path of its own
		walk(treeOf(org, limits, 'area'), () => void nodes++);
		expect(nodes).toBe(SERVICES_LIMITS.areaPathsPerProject);
	});

	it('big-org is beyond them', () => {
		const org = findCollection('big-org');
		if (!org) throw new Error('big-org missing');
		const projects = projectsOf(org).list;
		expect(projects.length).toBeGreaterThan(SERVICES_LIMITS.projectsPerOrganization);
		const big = projects.find((p) => p.name === 'Big Project');
		if (!big) throw new Error('Big Project missing');
		let nodes = -1;
		walk(treeOf(org, big, 'area'), () => void nodes++);
		expect(nodes).toBe(20020);
	});
});
