import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeRequest } from '$lib/domain/probe.schema';
import { demoToken } from '../../../simulator/demo-tokens';
import { startSimulator, type Simulator } from '../../../simulator/simulator';
import { loopbackNetwork } from './loopback-network';
import { runProbe } from './run-probe';

/** A mistyped organization, collection or project gets its own code, naming what was typed. */
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
	await sim.close();
});

const ctx = () => ({
	network: loopbackNetwork(),
	servicesOrigin: sim.origin,
	signal: AbortSignal.timeout(10_000),
	crossCheckOrganizations: []
});
const credential = { auth_method: 'pat' as const, token: demoToken('least-privilege').token };
const run = (req: ProbeRequest) => runProbe(req, ctx());

describe('mistyped organization (Services)', () => {
	const target = { provider_key: 'azure_devops_services' as const, organization: 'fabrikm' };
	it.each([
		['base-url', { probe: 'base-url', target }],
		['connection', { probe: 'connection', target, credential }]
	] as [string, ProbeRequest][])(
		'%s → PROVIDER_ORGANIZATION_REQUIRED naming it',
		async (_n, req) => {
			const res = await run(req);
			expect(res).toMatchObject({
				ok: false,
				code: 'PROVIDER_ORGANIZATION_REQUIRED',
				check: 'organization-not-found'
			});
			if (res.ok) return;
			expect(res.message).toContain("'fabrikm'");
			expect(res.fix).toContain('Organization step');
		}
	);
});

describe('mistyped collection on a server that answers', () => {
	const target = () => ({
		provider_key: 'azure_devops_server' as const,
		base_url: `${sim.origin}/ado2022/DefaultColection`
	});
	it.each(['base-url', 'connection'] as const)(
		'%s → collection-not-found naming it, not "unreachable"',
		async (probe) => {
			const req = (
				probe === 'base-url' ? { probe, target: target() } : { probe, target: target(), credential }
			) as ProbeRequest;
			const res = await run(req);
			expect(res).toMatchObject({
				ok: false,
				code: 'PROVIDER_ORGANIZATION_REQUIRED',
				check: 'collection-not-found'
			});
			if (res.ok) return;
			expect(res.message).toContain("'DefaultColection'");
			expect(res.message).toContain(`${sim.origin}/ado2022`);
			expect(res.fix).toContain('Server URL');
		}
	);

	it('the right collection still passes the URL check', async () => {
		const res = await run({
			probe: 'base-url',
			target: {
				provider_key: 'azure_devops_server',
				base_url: `${sim.origin}/ado2022/DefaultCollection`
			}
		});
		expect(res).toMatchObject({
			ok: true,
			data: { reachable: true, looks_like_azure_devops: true }
		});
	});
});

// The exact-name projects lookup answers an empty list by contract (the wizard reads that).
describe('mistyped project', () => {
	it.each([
		[
			'discovery',
			{
				probe: 'discovery',
				target: {
					provider_key: 'azure_devops_services',
					organization: 'fabrikam',
					project: 'Fabrikam Fibre'
				},
				credential
			}
		]
	] as [string, ProbeRequest][])('%s → PROVIDER_PROJECT_REQUIRED naming it', async (_n, req) => {
		const res = await run(req);
		expect(res).toMatchObject({ ok: false, code: 'PROVIDER_PROJECT_REQUIRED' });
		if (res.ok) return;
		expect(res.message).toContain("'Fabrikam Fibre'");
		expect(res.fix).toContain('Project step');
	});
});
