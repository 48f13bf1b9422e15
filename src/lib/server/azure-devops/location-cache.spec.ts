import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../simulator/simulator';
import { demoToken } from '../../../simulator/demo-tokens';
import { LocationCache } from './location-cache';
import { loopbackNetwork } from './loopback-network';
import { runProbe } from './run-probe';

// Warm probes skip the route-discovery round (OPTIONS _apis/{area}); only useful answers are kept.

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ host: '127.0.0.1', port: 0 });
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.faults.reset();
	sim.requests.reset();
});

const probe = (cache: LocationCache) =>
	runProbe(
		{
			probe: 'projects',
			target: { provider_key: 'azure_devops_services', organization: 'fabrikam' },
			credential: { auth_method: 'pat', token: demoToken('least-privilege').token },
			params: { name: 'Fabrikam Fiber' }
		},
		{
			network: loopbackNetwork(),
			servicesOrigin: sim.origin,
			signal: AbortSignal.timeout(10_000),
			locationCache: cache
		}
	);
const optionsAsked = () => sim.requests.log().filter((r) => r.method === 'OPTIONS').length;

describe('location cache', () => {
	it('asks OPTIONS on the cold probe only, with the same answer and version after', async () => {
		const cache = new LocationCache();
		const cold = await probe(cache);
		expect(optionsAsked()).toBe(1);
		sim.requests.reset();
		const warm = await probe(cache);
		expect(optionsAsked()).toBe(0);
		expect(warm.ok && cold.ok).toBe(true);
		if (warm.ok && cold.ok) {
			expect(warm.data).toEqual(cold.data);
			expect(warm.diagnostics.api_version).toBe(cold.diagnostics.api_version);
			expect(warm.diagnostics.requests).toHaveLength((cold.diagnostics.requests?.length ?? 0) - 1);
		}
	});

	it('keeps no unusable answer: a dropped OPTIONS is asked again next time', async () => {
		const cache = new LocationCache();
		sim.faults.set({ noRouteDiscovery: true });
		await probe(cache);
		sim.faults.reset();
		sim.requests.reset();
		await probe(cache);
		expect(optionsAsked()).toBe(1);
	});

	it('forgets after its time to live and keeps at most maxEntries', () => {
		let clock = 0;
		const cache = new LocationCache({ ttlMs: 100, maxEntries: 2, now: () => clock });
		const value = new Map();
		cache.set('a', value);
		cache.set('b', value);
		cache.set('c', value);
		expect(cache.get('a')).toBeUndefined();
		expect(cache.get('c')).toBe(value);
		clock = 101;
		expect(cache.get('c')).toBeUndefined();
	});
});
