import { describe, expect, it } from 'vitest';
import { AdoClient } from './client';
import type { Transport } from './transport';

// pagedBySkip against a fake list of `total` items: what is asked, how many at once, and the order
// the items come back in.

function fakeList(total: number, opaqueTokens = false) {
	const asked: string[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const transport: Transport = {
		async request(url, init) {
			const u = new URL(url);
			if (init.method !== 'GET') return { status: 404, headers: {}, body: '' };
			asked.push(
				`${u.searchParams.get('$skip') ?? ''}|${u.searchParams.get('continuationToken') ?? ''}`
			);
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			await new Promise((r) => setTimeout(r, 5));
			inFlight--;
			const top = Number(u.searchParams.get('$top') ?? 100);
			const token = u.searchParams.get('continuationToken');
			const skip = Number(
				token
					? opaqueTokens
						? token.replace('opaque-', '')
						: token
					: (u.searchParams.get('$skip') ?? 0)
			);
			const value = Array.from({ length: Math.max(0, Math.min(top, total - skip)) }, (_, i) => ({
				n: skip + i
			}));
			const next = skip + top < total ? String(skip + top) : undefined;
			return {
				status: 200,
				headers: {
					'content-type': 'application/json',
					...(next ? { 'x-ms-continuationtoken': opaqueTokens ? `opaque-${next}` : next } : {})
				},
				body: JSON.stringify({ count: value.length, value })
			};
		},
		close() {}
	};
	const client = new AdoClient({ transportFor: async () => transport, apiVersion: '7.1' });
	return { client, asked, maxInFlight: () => maxInFlight };
}

const base = new URL('http://127.0.0.1:1/org/');

describe('pagedBySkip', () => {
	it('asks the pages after a full first page by $skip, at most `concurrency` at once, in order', async () => {
		const { client, asked, maxInFlight } = fakeList(5001);
		const result = await client.pagedBySkip<{ n: number }>(base, '_apis/projects', {}, 100, 60, 16);
		expect(result).toMatchObject({ pages: 51, complete: true });
		expect(result.items.map((i) => i.n)).toEqual(Array.from({ length: 5001 }, (_, i) => i));
		expect(asked[0]).toBe('|');
		expect(asked.filter((a) => a.endsWith('|')).length).toBe(asked.length);
		expect(maxInFlight()).toBeLessThanOrEqual(16);
		// Pages past the end may be asked while the short one is in flight, never more than a round.
		expect(asked.length).toBeLessThan(51 + 16);
	});

	it('answers one page when the first is not full or has no continuation', async () => {
		const { client, asked } = fakeList(42);
		const result = await client.pagedBySkip(base, '_apis/projects', {}, 100, 60, 16);
		expect(result).toMatchObject({ pages: 1, complete: true });
		expect(result.items).toHaveLength(42);
		expect(asked).toHaveLength(1);
	});

	it('stops at maxPages with complete:false', async () => {
		const { client } = fakeList(5001);
		const result = await client.pagedBySkip(base, '_apis/projects', {}, 100, 3, 16);
		expect(result).toMatchObject({ pages: 3, complete: false });
		expect(result.items).toHaveLength(300);
	});

	it('follows tokens one by one when the token is not the count already returned', async () => {
		const { client, asked, maxInFlight } = fakeList(250, true);
		const result = await client.pagedBySkip<{ n: number }>(base, '_apis/projects', {}, 100, 60, 16);
		expect(result).toMatchObject({ pages: 3, complete: true });
		expect(result.items.map((i) => i.n)).toEqual(Array.from({ length: 250 }, (_, i) => i));
		expect(asked).toEqual(['|', '|opaque-100', '|opaque-200']);
		expect(maxInFlight()).toBe(1);
	});
});
