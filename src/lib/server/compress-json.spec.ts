import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoToken } from '../../simulator/demo-tokens';
import { startSimulator, type Simulator } from '../../simulator/simulator';
import { secretForms } from './azure-devops/auth';
import { COMPRESS_MIN_BYTES, compressJsonResponse, pickEncoding } from './compress-json';
import { createMemoryLogger } from './log';
import { handleProbe } from './probe-handler';
import { probeRequestSecrets } from './probe-secrets';

const jsonResponse = (body: string, headers: Record<string, string> = {}) =>
	new Response(body, {
		status: 200,
		headers: { 'content-type': 'application/json; charset=utf-8', ...headers }
	});
const none = async () => [];
const decode = async (res: Response): Promise<string> => {
	const bytes = Buffer.from(await res.arrayBuffer());
	const encoding = res.headers.get('content-encoding');
	if (encoding === 'br') return brotliDecompressSync(bytes).toString('utf8');
	if (encoding === 'gzip') return gunzipSync(bytes).toString('utf8');
	return bytes.toString('utf8');
};
const big = JSON.stringify({ value: Array.from({ length: 400 }, (_, i) => ({ name: `p${i}` })) });

describe('pickEncoding', () => {
	it.each([
		[null, null],
		['', null],
		['gzip, deflate, br, zstd', 'br'],
		['gzip', 'gzip'],
		['br;q=0, gzip;q=0.5', 'gzip'],
		['identity', null],
		['*', 'br'],
		['*;q=0', null],
		['deflate', null]
	])('%s → %s', (header, expected) => {
		expect(pickEncoding(header)).toBe(expected);
	});
});

describe('compressJsonResponse', () => {
	it('compresses large JSON as accepted and says it varies on Accept-Encoding', async () => {
		for (const encoding of ['br', 'gzip'] as const) {
			const res = await compressJsonResponse(encoding, jsonResponse(big), none);
			expect(res.headers.get('content-encoding')).toBe(encoding);
			expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
			expect(await decode(res)).toBe(big);
		}
	});

	it('leaves small answers, non-JSON, unaccepting clients and encoded answers alone', async () => {
		const small = '{"ok":true}';
		expect(small.length).toBeLessThan(COMPRESS_MIN_BYTES);
		for (const res of [
			await compressJsonResponse('br', jsonResponse(small), none),
			await compressJsonResponse(null, jsonResponse(big), none),
			await compressJsonResponse(
				'br',
				new Response(big, { headers: { 'content-type': 'text/plain' } }),
				none
			),
			await compressJsonResponse('br', jsonResponse(big, { 'content-encoding': 'identity' }), none)
		]) {
			expect(res.headers.get('content-encoding') ?? 'identity').toBe('identity');
		}
	});

	it('never compresses an answer that carries a secret form of the request', async () => {
		const canary = 'canary-token-0123456789abcdefghijklmnopqrstuvwxyz0123';
		let asked = 0;
		const secrets = async () => {
			asked++;
			return secretForms({ auth_method: 'pat', token: canary });
		};
		const leaky = JSON.stringify({
			value: big,
			echoed: Buffer.from(`:${canary}`).toString('base64')
		});
		const res = await compressJsonResponse('br, gzip', jsonResponse(leaky), secrets);
		expect(res.headers.get('content-encoding')).toBeNull();
		expect(await res.text()).toBe(leaky);
		// Small answers never ask for the secrets at all.
		await compressJsonResponse('br', jsonResponse('{}'), secrets);
		expect(asked).toBe(1);
	});
});

describe('probe answers through the endpoint, compressed', () => {
	const APP = 'http://app.test';
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ host: '127.0.0.1', port: 0 });
	});
	afterAll(() => sim.close());

	it('compresses a 5,001-project list with no form of the token in it (canary)', async () => {
		const token = demoToken('least-privilege-big').token;
		const request = new Request(`${APP}/api/azure-devops/probe`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: APP, 'accept-encoding': 'gzip, br' },
			body: JSON.stringify({
				probe: 'projects',
				target: { provider_key: 'azure_devops_services', organization: 'big-org' },
				credential: { auth_method: 'pat', token }
			})
		});
		const copy = request.clone();
		const config = {
			allowlist: [`http://${new URL(sim.origin).host}`],
			probeTimeoutMs: 10_000,
			servicesOrigin: sim.origin,
			crossCheckOrganizations: []
		};
		const answer = await handleProbe(request, { config, log: createMemoryLogger() });
		const res = await compressJsonResponse(request.headers.get('accept-encoding'), answer, () =>
			probeRequestSecrets(copy)
		);
		expect(res.headers.get('content-encoding')).toBe('br');
		const raw = Buffer.from(await res.clone().arrayBuffer());
		const text = await decode(res);
		expect(JSON.parse(text)).toMatchObject({ ok: true, data: { complete: true } });
		expect(raw.length).toBeLessThan(text.length / 3);
		for (const form of secretForms({ auth_method: 'pat', token })) {
			expect(text).not.toContain(form);
			expect(raw.includes(Buffer.from(form))).toBe(false);
		}
		expect(text).not.toMatch(/authorization|basic /i);
	});
});
