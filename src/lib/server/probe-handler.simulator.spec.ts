import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_NAMES, type ProbeName } from '$lib/domain/probe.schema';
import { demoToken } from '../../simulator/demo-tokens';
import { startSimulator, type Simulator } from '../../simulator/simulator';
import type { OperatorConfig } from './config';
import { createMemoryLogger } from './log';
import { handleProbe, MAX_UPSTREAM_RESPONSE_BYTES } from './probe-handler';

/** Endpoint → url-safety (real assessment and pinned transport) → simulator, all on loopback. */
const APP = 'http://app.test';
const CANARY = 'canarysecretvaluezzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz';
let sim: Simulator;
let config: OperatorConfig;

beforeAll(async () => {
	sim = await startSimulator({ host: '127.0.0.1', port: 0 });
	config = {
		allowlist: [`http://${new URL(sim.origin).host}`],
		probeTimeoutMs: 5000,
		servicesOrigin: sim.origin,
		crossCheckOrganizations: ['fabrikam', 'contoso-security']
	};
});
afterAll(async () => {
	await sim.close();
});

function post(body: unknown): Request {
	return new Request(`${APP}/api/azure-devops/probe`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: APP },
		body: JSON.stringify(body)
	});
}

const mapping = {
	work_item_type: 'Bug',
	area_path: 'Fabrikam Fiber\\Web',
	iteration_path: 'Fabrikam Fiber\\Sprint 1',
	priority: 2
};
function requestFor(
	probe: ProbeName,
	token: string,
	target: Record<string, string | undefined>
): Record<string, unknown> {
	const credential = { auth_method: 'pat', token };
	switch (probe) {
		case 'base-url':
			return { probe, target };
		case 'projects':
			return { probe, target, credential };
		case 'identities':
			return { probe, target, credential, params: { query: 'alice@fabrikam.example' } };
		case 'capabilities':
		case 'preflight':
			return { probe, target, credential, params: mapping };
		default:
			return { probe, target, credential };
	}
}

describe('handleProbe with url-safety and the simulator', () => {
	it('Services in demo mode: connection ok', async () => {
		const log = createMemoryLogger();
		const res = await handleProbe(
			post(
				requestFor('connection', demoToken('least-privilege').token, {
					provider_key: 'azure_devops_services',
					organization: 'fabrikam'
				})
			),
			{ config, log }
		);
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({
			ok: true,
			data: { deployment_type: 'hosted', credential_global: false }
		});
	});

	it('a 20,000-node area tree fits the upstream cap with room to spare (big-org "Big Project")', async () => {
		const res = await handleProbe(
			post({
				probe: 'discovery',
				target: {
					provider_key: 'azure_devops_services',
					organization: 'big-org',
					project: 'Big Project'
				},
				credential: { auth_method: 'pat', token: demoToken('least-privilege-big').token }
			}),
			{ config: { ...config, probeTimeoutMs: 20_000 }, log: createMemoryLogger() }
		);
		const body = (await res.json()) as { ok: boolean; data?: { areas: unknown } };
		expect(body.ok).toBe(true);
		let nodes = 0;
		const count = (n: { children?: unknown[] }) => {
			nodes++;
			for (const c of n.children ?? []) count(c as { children?: unknown[] });
		};
		count(body.data?.areas as { children?: unknown[] });
		expect(nodes).toBeGreaterThan(20_000);
		// The tree's own answer, as Azure DevOps shapes it, must stay under half the cap: trees grow.
		const tree = await fetch(
			`${sim.origin}/big-org/Big%20Project/_apis/wit/classificationnodes/areas?$depth=14&api-version=7.1`,
			{
				headers: {
					authorization: `Basic ${Buffer.from(`:${demoToken('least-privilege-big').token}`).toString('base64')}`
				}
			}
		);
		expect((await tree.arrayBuffer()).byteLength).toBeLessThan(MAX_UPSTREAM_RESPONSE_BYTES / 2);
		// The probe itself may take its configured 20 s; the 5 s default was hit under a full run.
	}, 20_000);

	it('Server through the allowlisted loopback entry: discovery ok', async () => {
		const res = await handleProbe(
			post({
				probe: 'discovery',
				target: {
					provider_key: 'azure_devops_server',
					base_url: `${sim.origin}/ado2022/DefaultCollection`,
					project: 'Fabrikam Fiber'
				},
				credential: { auth_method: 'pat', token: demoToken('least-privilege').token }
			}),
			{ config, log: createMemoryLogger() }
		);
		expect(await res.json()).toMatchObject({
			ok: true,
			data: { recommended_type: 'Bug', round_trips: 3 }
		});
	});

	it('a loopback Server without an allowlist entry is blocked before any request', async () => {
		sim.requests.reset();
		const res = await handleProbe(
			post(
				requestFor('base-url', '', {
					provider_key: 'azure_devops_server',
					base_url: `${sim.origin}/ado/DefaultCollection`
				})
			),
			{
				config: { ...config, allowlist: [] },
				log: createMemoryLogger()
			}
		);
		expect(await res.json()).toMatchObject({ ok: false, code: 'PROVIDER_BASE_URL_BLOCKED' });
		expect(sim.requests.count()).toBe(0);
	});

	it('demo Services origin outside the allowlist is blocked before any request', async () => {
		sim.requests.reset();
		const res = await handleProbe(
			post(
				requestFor('base-url', '', {
					provider_key: 'azure_devops_services',
					organization: 'fabrikam'
				})
			),
			{
				config: { ...config, allowlist: [] },
				log: createMemoryLogger()
			}
		);
		expect(await res.json()).toMatchObject({ ok: false, code: 'PROVIDER_BASE_URL_BLOCKED' });
		expect(sim.requests.count()).toBe(0);
	});

	it('a cross-origin redirect is refused by the pinned transport: PROVIDER_BASE_URL_BLOCKED/redirect', async () => {
		sim.faults.set({ redirectTo: 'http://127.0.0.1:9' });
		try {
			const res = await handleProbe(
				post(
					requestFor('projects', demoToken('least-privilege').token, {
						provider_key: 'azure_devops_server',
						base_url: `${sim.origin}/ado/DefaultCollection`
					})
				),
				{ config, log: createMemoryLogger() }
			);
			expect(await res.json()).toMatchObject({
				ok: false,
				code: 'PROVIDER_BASE_URL_BLOCKED',
				check: 'redirect'
			});
		} finally {
			sim.faults.reset();
		}
	});

	it('a hanging upstream ends within the configured limit + 1 s', async () => {
		sim.faults.set({ hang: true });
		try {
			const started = performance.now();
			const res = await handleProbe(
				post(
					requestFor('connection', demoToken('least-privilege').token, {
						provider_key: 'azure_devops_services',
						organization: 'fabrikam'
					})
				),
				{ config: { ...config, probeTimeoutMs: 700 }, log: createMemoryLogger() }
			);
			expect(await res.json()).toMatchObject({ ok: false, code: 'PROVIDER_BASE_URL_UNREACHABLE' });
			expect(performance.now() - started).toBeLessThan(1700);
		} finally {
			sim.faults.reset();
		}
	});

	it.each(PROBE_NAMES.filter((p) => p !== 'base-url'))(
		'canary token through %s: in no answer, no log line',
		async (probe) => {
			for (const target of [
				{
					provider_key: 'azure_devops_services',
					organization: 'fabrikam',
					project: 'Fabrikam Fiber'
				},
				{
					provider_key: 'azure_devops_server',
					base_url: `${sim.origin}/ado/DefaultCollection`,
					project: 'Fabrikam Fiber'
				}
			]) {
				const log = createMemoryLogger();
				const res = await handleProbe(post(requestFor(probe, CANARY, target)), { config, log });
				const text = await res.text();
				expect(res.status).toBe(200);
				expect(JSON.parse(text)).toMatchObject({ ok: false, code: 'PROVIDER_AUTH_REQUIRED' });
				const basic = Buffer.from(`:${CANARY}`).toString('base64');
				for (const secret of [CANARY, basic]) {
					expect(text).not.toContain(secret);
					expect(log.lines.join('\n')).not.toContain(secret);
				}
			}
		}
	);
});
