import { afterEach, describe, expect, it } from 'vitest';
import { DispatcherPool } from '$lib/server/url-safety';
import { AdoError } from './errors';
import { urlSafetyNetwork } from './url-safety-network';

// Each probe assesses its target anew, so a pooled dispatcher never outlives a change of DNS:
// the pool is only reached with addresses url-safety has just validated.

const pools: DispatcherPool[] = [];
function pool(): DispatcherPool {
	const p = new DispatcherPool({ idleMs: 5_000 });
	pools.push(p);
	return p;
}
afterEach(async () => {
	await Promise.all(pools.splice(0).map((p) => p.closeAll()));
});

describe('urlSafetyNetwork with a shared dispatcher pool', () => {
	it('refuses a DNS rebinding between probes: the second assessment fails before any dispatcher', async () => {
		const answers = [['10.0.0.5'], ['127.0.0.1'], ['169.254.169.254'], ['10.0.0.6']];
		let calls = 0;
		const resolve = async () => answers[Math.min(calls++, answers.length - 1)] as string[];
		const shared = pool();
		const network = urlSafetyNetwork({ allowlist: ['http://tfs.corp'], resolve, pool: shared });
		const url = 'http://tfs.corp:8080/tfs/DefaultCollection';
		const first = await network.assess(url, 'server');
		await network.connect(first).close();
		expect(shared.created).toBe(1);
		// Loopback, then metadata: each refused by url-safety, so no dispatcher is ever looked up.
		for (let i = 0; i < 2; i++) {
			const refused = await network.assess(url, 'server').catch((e: unknown) => e);
			expect(refused).toBeInstanceOf(AdoError);
			expect(refused).toMatchObject({ code: 'PROVIDER_BASE_URL_BLOCKED', check: 'reserved-ip' });
		}
		expect(shared.created).toBe(1);
		// An allowed but different answer gets its own dispatcher, never the first one.
		const moved = await network.assess(url, 'server');
		expect(moved.addresses).toEqual(['10.0.0.6']);
		await network.connect(moved).close();
		expect(shared.created).toBe(2);
		expect(calls).toBe(4);
	});
});
