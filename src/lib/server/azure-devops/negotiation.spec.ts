import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClassificationNode, ProbeRequest } from '$lib/domain/probe.schema';
import { LONG_NODE_NAME, SERVICES_LIMITS } from '../../../simulator/catalogue';
import { demoToken } from '../../../simulator/demo-tokens';
import { startSimulator, type Simulator } from '../../../simulator/simulator';
import { loopbackNetwork } from './loopback-network';
import { graft, truncatedPaths } from './responses/classification-nodes';
import { runProbe } from './run-probe';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => {
	sim.faults.reset();
	sim.requests.reset();
});

const ctx = () => ({
	network: loopbackNetwork(),
	servicesOrigin: sim.origin,
	signal: AbortSignal.timeout(15_000),
	crossCheckOrganizations: []
});
const lp = { auth_method: 'pat' as const, token: demoToken('least-privilege').token };
const server = (path: string, project?: string) => ({
	provider_key: 'azure_devops_server' as const,
	base_url: `${sim.origin}/${path}`,
	...(project ? { project } : {})
});

async function connection(path: string) {
	return runProbe({ probe: 'connection', target: server(path), credential: lp }, ctx());
}

describe('api-version negotiation', () => {
	it('reads the range from the server’s resource locations (OPTIONS), no error provoked', async () => {
		const res = await connection('ado2019/DefaultCollection');
		expect(res).toMatchObject({
			ok: true,
			data: { api_version: '5.1', server_release: 'Azure DevOps Server 2019' }
		});
		const log = sim.requests.log();
		expect(log.some((r) => r.method === 'OPTIONS' && r.path.endsWith('/_apis/core'))).toBe(true);
		// No version error provoked (the 401 is the over-broad check: this token has no vso.code).
		expect(log.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.path}`)).toEqual([
			'401 /ado2019/DefaultCollection/_apis/git/repositories/00000000-0000-0000-0000-000000000000'
		]);
	});

	it.each(['en', 'valid-range', 'de'] as const)(
		'without route discovery, reads the ceiling from a %s version message',
		async (versionMessages) => {
			sim.faults.set({ noRouteDiscovery: true, versionMessages });
			const res = await connection('ado2020/DefaultCollection');
			expect(res).toMatchObject({
				ok: true,
				data: { api_version: '6.1', server_release: 'Azure DevOps Server 2020' }
			});
		}
	);

	it('a server that answers neither is still served, at the version it echoes', async () => {
		sim.faults.set({ noRouteDiscovery: true, versionMessages: 'opaque' });
		const res = await connection('ado2022/DefaultCollection');
		expect(res).toMatchObject({ ok: true, data: { api_version: '7.0' } });
	});

	it('TFS 2018 is refused from its locations and from a non-English message alike', async () => {
		expect(await connection('tfs2018/DefaultCollection')).toMatchObject({
			ok: false,
			code: 'PROVIDER_API_VERSION_UNSUPPORTED'
		});
		sim.faults.set({ noRouteDiscovery: true, versionMessages: 'de' });
		expect(await connection('tfs2018/DefaultCollection')).toMatchObject({
			ok: false,
			code: 'PROVIDER_API_VERSION_UNSUPPORTED'
		});
	});

	it.each(['ado2019/DefaultCollection', 'ado2020/DefaultCollection'])(
		'%s: discovery reads the preview-only process resource without being refused first',
		async (path) => {
			const res = await runProbe(
				{ probe: 'discovery', target: server(path, 'Fabrikam Security'), credential: lp },
				ctx()
			);
			expect(res).toMatchObject({ ok: true, data: { process: { kind: 'inherited' } } });
			expect(sim.requests.log().every((r) => r.status < 400)).toBe(true);
		}
	);

	it('without route discovery, discovery still works (the preview retry is the fallback)', async () => {
		sim.faults.set({ noRouteDiscovery: true });
		const res = await runProbe(
			{
				probe: 'discovery',
				target: server('ado2020/DefaultCollection', 'Fabrikam Security'),
				credential: lp
			},
			ctx()
		);
		expect(res).toMatchObject({ ok: true, data: { process: { kind: 'inherited' } } });
	});
});

function depthOf(node: ClassificationNode): number {
	return node.children?.length ? 1 + Math.max(...node.children.map(depthOf)) : 0;
}

describe('classification trees to full depth', () => {
	it('brings 14 levels and a 255-character name through the real endpoint', async () => {
		const req: ProbeRequest = {
			probe: 'discovery',
			target: {
				provider_key: 'azure_devops_services',
				organization: 'limits-org',
				project: 'Deep Project'
			},
			credential: { auth_method: 'pat', token: demoToken('least-privilege-big').token }
		};
		const res = await runProbe(req, ctx());
		if (!res.ok) throw new Error(`${res.code}/${res.check ?? ''}`);
		const data = res.data as { areas: ClassificationNode; iterations: ClassificationNode };
		for (const tree of [data.areas, data.iterations]) {
			expect(depthOf(tree)).toBe(SERVICES_LIMITS.treeDepth);
			let node: ClassificationNode | undefined = tree.children?.find((c) => c.name === 'Level 01');
			while (node?.children?.length) node = node.children[0];
			expect(node?.name).toBe('Level 14');
			expect(node?.path.split('\\')).toContain(LONG_NODE_NAME);
		}
	});

	it('finds and fills branches a server cut short', () => {
		const root = {
			name: 'P',
			hasChildren: true,
			children: [
				{ name: 'A', hasChildren: true },
				{ name: 'B', hasChildren: false }
			]
		};
		expect(truncatedPaths(root)).toEqual([['A']]);
		graft(root, ['A'], { name: 'A', children: [{ name: 'A1', hasChildren: false }] });
		expect(truncatedPaths(root)).toEqual([]);
		expect(root.children[0]).toMatchObject({ children: [{ name: 'A1' }] });
	});
});
