import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../simulator/simulator';
import { demoToken } from '../../../simulator/demo-tokens';
import { loopbackNetwork } from './loopback-network';
import type { Network } from './network';
import { runProbe } from './run-probe';
import { urlSafetyNetwork } from './url-safety-network';

/**
 * Real Services (no demo origin): every Microsoft host the client calls is judged by url-safety
 * itself, with an injected resolver answering a public Microsoft address. Only the last hop is
 * re-routed to the simulator, which serves dev.azure.com at `/` and vssps.dev.azure.com at `/_vssps`.
 */
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
	await sim.close();
});

function servicesThroughUrlSafety() {
	const assessed: string[] = [];
	const safety = urlSafetyNetwork({ allowlist: [], resolve: async () => ['13.107.42.20'] });
	const loop = loopbackNetwork();
	const toSimulator = (href: string | URL) => {
		const u = new URL(href);
		const prefix = u.hostname === 'vssps.dev.azure.com' ? '/_vssps' : '';
		return `${sim.origin}${prefix}${u.pathname}${u.search}`;
	};
	const network: Network = {
		async assess(input, context) {
			assessed.push(`${context} ${input}`);
			return safety.assess(input, context);
		},
		connect(target) {
			const sink = loop.connect({ ...target, url: new URL(sim.origin) });
			return {
				request: (url, init) => sink.request(toSimulator(url), init),
				close: () => sink.close()
			};
		}
	};
	return { network, assessed };
}

describe('Services hosts through url-safety', () => {
	it('the assignee lookup reaches the organization identity host vssps.dev.azure.com/{org}', async () => {
		const { network, assessed } = servicesThroughUrlSafety();
		const res = await runProbe(
			{
				probe: 'identities',
				target: { provider_key: 'azure_devops_services', organization: 'fabrikam' },
				credential: { auth_method: 'pat', token: demoToken('full-access').token },
				params: { query: 'alice@fabrikam.example' }
			},
			{ network, signal: AbortSignal.timeout(10_000), crossCheckOrganizations: [] }
		);
		expect(res).toMatchObject({
			ok: true,
			data: { identities: [expect.objectContaining({ unique_name: 'alice@fabrikam.example' })] }
		});
		// The identity host is first asked where IMS resources live (route discovery), then searched.
		expect(assessed).toContain('services https://vssps.dev.azure.com/fabrikam/_apis/IMS');
		expect(sim.requests.log().map((r) => `${r.method} ${r.path}`)).toContain(
			'GET /_vssps/fabrikam/_apis/identities'
		);
		expect(assessed.every((a) => a.startsWith('services https://'))).toBe(true);
	});

	it('the project list stays on dev.azure.com/{org}', async () => {
		const { network, assessed } = servicesThroughUrlSafety();
		const res = await runProbe(
			{
				probe: 'projects',
				target: { provider_key: 'azure_devops_services', organization: 'fabrikam' },
				credential: { auth_method: 'pat', token: demoToken('least-privilege').token },
				params: {}
			},
			{ network, signal: AbortSignal.timeout(10_000), crossCheckOrganizations: [] }
		);
		expect(res.ok).toBe(true);
		expect(assessed).toEqual(['services https://dev.azure.com/fabrikam/']);
	});
});
