import { describe, expect, it } from 'vitest';
import { callProbe, PROBE_ENDPOINT } from './probe.client';

const request = {
	probe: 'base-url',
	target: { provider_key: 'azure_devops_server', base_url: 'https://tfs.example/DefaultCollection' }
} as const;

const okBody = {
	ok: true,
	data: {
		url: 'https://tfs.example/DefaultCollection/',
		host: 'tfs.example',
		address_class: 'public',
		allowlist_match: false,
		tls: 'trusted',
		reachable: true,
		suggested_allowlist_status: 'direct',
		looks_like_azure_devops: true
	},
	diagnostics: { duration_ms: 3 }
};

function fakeFetch(
	respond: () => Response | Promise<Response>,
	seen?: { url?: string; init?: RequestInit }
): typeof fetch {
	return (async (url: string | URL | Request, init?: RequestInit) => {
		if (seen) Object.assign(seen, { url: String(url), init });
		return respond();
	}) as typeof fetch;
}

const jsonResponse = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('callProbe', () => {
	it('waits as told by a 429 from our own endpoint and asks again', async () => {
		const answers = [
			new Response('{"error":"too_many_probes"}', { status: 429, headers: { 'retry-after': '0' } }),
			jsonResponse(200, okBody)
		];
		let calls = 0;
		const result = await callProbe(request, {
			fetch: fakeFetch(() => {
				calls++;
				return answers.shift() as Response;
			})
		});
		expect(calls).toBe(2);
		expect(result.ok).toBe(true);
	});

	it('gives up after a few 429s with a proxy failure', async () => {
		let calls = 0;
		const result = await callProbe(request, {
			fetch: fakeFetch(() => {
				calls++;
				return new Response('{}', { status: 429, headers: { 'retry-after': '0' } });
			})
		});
		expect(calls).toBe(4);
		expect(result).toMatchObject({ ok: false, check: 'proxy' });
	});

	it('posts JSON to our own endpoint and parses the answer', async () => {
		const seen: { url?: string; init?: RequestInit } = {};
		const result = await callProbe(request, {
			fetch: fakeFetch(() => jsonResponse(200, okBody), seen)
		});
		expect(seen.url).toBe(PROBE_ENDPOINT);
		expect(seen.init?.method).toBe('POST');
		expect(JSON.parse(String(seen.init?.body))).toEqual(request);
		expect(result).toEqual(okBody);
	});

	it('passes a classified failure through', async () => {
		const failure = {
			ok: false,
			code: 'PROVIDER_RATE_LIMITED',
			message: 'm',
			fix: 'f',
			check: 'rate-limit',
			retry_after: 12
		};
		await expect(
			callProbe(request, { fetch: fakeFetch(() => jsonResponse(200, failure)) })
		).resolves.toEqual(failure);
	});

	it.each([
		['network failure', () => Promise.reject(new TypeError('Failed to fetch'))],
		['non-JSON answer', () => new Response('<html>bad gateway</html>', { status: 502 })],
		['JSON of the wrong shape', () => jsonResponse(200, { ok: true, data: { nope: 1 } })],
		['500', () => jsonResponse(500, { error: 'x' })]
	])('%s → PROVIDER_BASE_URL_UNREACHABLE/proxy', async (_name, respond) => {
		const result = await callProbe(request, {
			fetch: fakeFetch(respond as () => Promise<Response>)
		});
		expect(result).toMatchObject({
			ok: false,
			code: 'PROVIDER_BASE_URL_UNREACHABLE',
			check: 'proxy'
		});
	});

	it('names the invalid field of a 400', async () => {
		const result = await callProbe(request, {
			fetch: fakeFetch(() =>
				jsonResponse(400, {
					error: 'invalid_request',
					issues: [{ path: ['target', 'base_url'], code: 'too_big', message: 'x' }]
				})
			)
		});
		expect(result).toMatchObject({
			ok: false,
			code: 'PROVIDER_BASE_URL_BLOCKED',
			check: 'invalid:target.base_url'
		});
	});

	it('re-throws an abort', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(
			callProbe(request, {
				signal: controller.signal,
				fetch: fakeFetch(() => Promise.reject(new DOMException('aborted', 'AbortError')))
			})
		).rejects.toThrow('aborted');
	});
});
