import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProbeRequest } from '$lib/domain/probe.schema';
import { demoToken } from '../../../simulator/demo-tokens';
import { startSimulator, type Simulator } from '../../../simulator/simulator';
import { checkRequest } from './documented-operations';
import { loopbackNetwork } from './loopback-network';
import type { Network } from './network';
import { runProbe } from './run-probe';
import type { ProbeContext } from './session';

/**
 * Every request the probes send, on Services and each supported Server release, is a documented
 * operation with documented query parameters for the api-version it carries (table in
 * documented-operations.ts, written from the REST specs). Requests are captured at the transport,
 * so nothing the client sends escapes the check.
 */
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.faults.reset();
});

interface Sent {
	method: string;
	url: URL;
}

function capturing(): { network: Network; sent: Sent[] } {
	const sent: Sent[] = [];
	const loop = loopbackNetwork();
	const network: Network = {
		assess: (input, context) => loop.assess(input, context),
		connect(target) {
			const inner = loop.connect(target);
			return {
				request: (url, init) => {
					sent.push({ method: (init.method ?? 'GET').toUpperCase(), url: new URL(url) });
					return inner.request(url, init);
				},
				close: () => inner.close()
			};
		}
	};
	return { network, sent };
}

function ctx(network: Network): ProbeContext {
	return {
		network,
		servicesOrigin: sim.origin,
		signal: AbortSignal.timeout(15_000),
		crossCheckOrganizations: ['fabrikam', 'contoso-security']
	};
}

const mapping = {
	work_item_type: 'Bug',
	area_path: 'Fabrikam Fiber\\Web',
	iteration_path: 'Fabrikam Fiber\\Sprint 1',
	priority: 2,
	severity: '2 - High',
	assignee: 'alice@fabrikam.example'
};

type Target = ProbeRequest['target'];

function requestsFor(target: Target, withProject: Target): ProbeRequest[] {
	const lp = { auth_method: 'pat' as const, token: demoToken('least-privilege').token };
	const full = { auth_method: 'pat' as const, token: demoToken('full-access').token };
	return [
		{ probe: 'base-url', target },
		{ probe: 'connection', target, credential: lp },
		{ probe: 'connection', target, credential: full },
		{ probe: 'projects', target, credential: lp, params: {} },
		{ probe: 'projects', target, credential: lp, params: { name: 'Fabrikam Fiber' } },
		{ probe: 'discovery', target: withProject, credential: lp },
		{ probe: 'identities', target, credential: full, params: { query: 'alice@fabrikam.example' } },
		{
			probe: 'identities',
			target: withProject,
			credential: lp,
			params: { query: 'alice@fabrikam.example' }
		},
		{ probe: 'capabilities', target: withProject, credential: full, params: mapping },
		{ probe: 'preflight', target: withProject, credential: lp, params: mapping }
	] as ProbeRequest[];
}

const TARGETS: { name: string; target: Target; bases: string[] }[] = [
	{
		name: 'Services',
		target: { provider_key: 'azure_devops_services', organization: 'fabrikam' },
		bases: ['/fabrikam/', '/_vssps/fabrikam/', '/contoso-security/']
	},
	...['ado', 'ado2022', 'ado2020', 'ado2019'].map((v) => ({
		name: `Server ${v}`,
		target: {
			provider_key: 'azure_devops_server' as const,
			base_url: `http://127.0.0.1:0/${v}/DefaultCollection`
		},
		bases: [`/${v}/DefaultCollection/`]
	}))
];

describe.each(TARGETS)('requests the probes send to $name', ({ target, bases }) => {
	it('are documented operations with documented parameters for their api-version', async () => {
		const real: Target =
			target.base_url !== undefined
				? { ...target, base_url: target.base_url.replace('http://127.0.0.1:0', sim.origin) }
				: target;
		const { network, sent } = capturing();
		for (const req of requestsFor(real, { ...real, project: 'Fabrikam Fiber' })) {
			const res = await runProbe(req, ctx(network));
			expect(res.ok, `${req.probe}: ${res.ok ? '' : `${res.code}/${res.check ?? ''}`}`).toBe(true);
		}
		expect(sent.length).toBeGreaterThan(20);
		const problems: string[] = [];
		for (const { method, url } of sent) {
			const base = bases.find((b) => url.pathname.startsWith(b));
			if (!base) {
				problems.push(`${method} ${url.pathname}: outside the expected hosts`);
				continue;
			}
			const relative = url.pathname.slice(base.length);
			const check = checkRequest(method, decodeURI(relative), url.searchParams);
			if (!check.operation) problems.push(`${method} ${relative}: not a documented operation`);
			else if (check.undocumented.length)
				problems.push(
					`${method} ${relative}?${url.searchParams}: undocumented ${check.undocumented.join(', ')}`
				);
		}
		expect(problems).toEqual([]);
	});
});

describe('checkRequest', () => {
	it('refuses $top on the repository list (in no spec version)', () => {
		const check = checkRequest(
			'GET',
			'_apis/git/repositories',
			new URLSearchParams('$top=1&api-version=7.1')
		);
		expect(check.operation).toBeUndefined();
	});

	it('refuses a parameter before the version that introduced it', () => {
		const check = checkRequest(
			'POST',
			'Fabrikam%20Fiber/_apis/wit/workitems/$Bug',
			new URLSearchParams('validateOnly=true&$expand=all&api-version=5.0')
		);
		expect(check.undocumented).toEqual(['$expand']);
	});
});
