import { describe, expect, it } from 'vitest';
import { Admission } from './admission';

describe('Admission', () => {
	it('caps probes in flight for the whole server, then admits again after a release', () => {
		const admission = new Admission({ global: 2, perClient: 5, perMinute: 100 });
		const a = admission.admit('a');
		const b = admission.admit('b');
		expect(a.ok && b.ok).toBe(true);
		expect(admission.admit('c')).toEqual({ ok: false, reason: 'server-busy', retryAfter: 1 });
		if (a.ok) a.release();
		if (a.ok) a.release(); // twice is harmless
		expect(admission.probesInFlight).toBe(1);
		expect(admission.admit('c').ok).toBe(true);
	});

	it('caps probes in flight per client without blocking other clients', () => {
		const admission = new Admission({ global: 10, perClient: 1, perMinute: 100 });
		expect(admission.admit('a').ok).toBe(true);
		expect(admission.admit('a')).toMatchObject({ ok: false, reason: 'client-busy' });
		expect(admission.admit('b').ok).toBe(true);
	});

	it('limits the rate per client and names when the next probe is allowed', () => {
		let now = 0;
		const admission = new Admission({ global: 100, perClient: 100, perMinute: 3 }, () => now);
		for (let i = 0; i < 3; i++) admission.admit('a');
		expect(admission.admit('a')).toEqual({ ok: false, reason: 'rate', retryAfter: 20 });
		expect(admission.admit('b').ok).toBe(true);
		now = 20_000;
		expect(admission.admit('a').ok).toBe(true);
	});
});
