import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_NAMES, type ProbeName } from '$lib/domain/probe.schema';
import { loopbackNetwork } from './azure-devops/loopback-network';
import type { OperatorConfig } from './config';
import { createMemoryLogger } from './log';
import { handleProbe, MAX_BODY_BYTES } from './probe-handler';

const APP = 'http://app.test';
const CANARY = 'canarytokenzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz';

let upstream: Server;
let origin = '';
const seenAuthorization: string[] = [];

beforeAll(async () => {
	upstream = createServer((req: IncomingMessage, res: ServerResponse) => {
		seenAuthorization.push(req.headers.authorization ?? '');
		if (req.url?.startsWith('/hang/')) return; // never answers
		// Echo-hostile upstream: tries to reflect the credential back in every answer.
		res.writeHead(401, {
			'content-type': 'application/json',
			'www-authenticate': 'Basic realm="x"',
			'x-tfs-serviceerror': encodeURIComponent(`TF400813: ${req.headers.authorization ?? ''}`)
		});
		res.end(
			JSON.stringify({
				message: `TF400813: The user '' is not authorized. ${req.headers.authorization ?? ''} ${Buffer.from((req.headers.authorization ?? ' ').split(' ')[1] ?? '', 'base64').toString()}`
			})
		);
	});
	await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
	upstream.closeAllConnections();
	await new Promise((resolve) => upstream.close(resolve));
});

function config(overrides: Partial<OperatorConfig> = {}): OperatorConfig {
	return {
		allowlist: ['http://127.0.0.1'],
		probeTimeoutMs: 2000,
		crossCheckOrganizations: [],
		...overrides
	};
}

function post(body: unknown, headers: Record<string, string> = {}): Request {
	return new Request(`${APP}/api/azure-devops/probe`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: APP, ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}

const mapping = { work_item_type: 'Bug', area_path: 'P', iteration_path: 'P', priority: 2 };
function requestFor(
	probe: ProbeName,
	base = `${origin}/ado/DefaultCollection`
): Record<string, unknown> {
	const target = { provider_key: 'azure_devops_server', base_url: base, project: 'P' };
	const credential = { auth_method: 'pat', token: CANARY };
	switch (probe) {
		case 'base-url':
			return { probe, target };
		case 'projects':
			return { probe, target, credential, params: { name: 'P' } };
		case 'identities':
			return { probe, target, credential, params: { query: 'alice' } };
		case 'capabilities':
		case 'preflight':
			return { probe, target, credential, params: mapping };
		default:
			return { probe, target, credential };
	}
}

const deps = (log = createMemoryLogger(), overrides: Partial<OperatorConfig> = {}) => ({
	config: config(overrides),
	log,
	network: loopbackNetwork()
});

describe('handleProbe guards', () => {
	it.each([
		[{ origin: 'https://evil.example' }],
		[{ origin: 'null' }],
		[{ origin: '', 'sec-fetch-site': 'cross-site' }]
	])('refuses cross-origin callers %j with 403', async (headers) => {
		const h: Record<string, string> = { 'content-type': 'application/json', ...headers };
		if (h.origin === '') delete h.origin;
		const req = new Request(`${APP}/api/azure-devops/probe`, {
			method: 'POST',
			headers: h,
			body: JSON.stringify(requestFor('base-url'))
		});
		const res = await handleProbe(req, deps());
		expect(res.status).toBe(403);
	});

	it('refuses a call without Origin with 403, even with Sec-Fetch-Site same-origin', async () => {
		const req = new Request(`${APP}/api/azure-devops/probe`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
			body: JSON.stringify(requestFor('base-url'))
		});
		const res = await handleProbe(req, deps());
		expect(res.status).toBe(403);
		expect(await res.json()).toEqual({ error: 'origin_required' });
	});

	it('answers 413 for a body over 64 KiB (declared and streamed)', async () => {
		const big = JSON.stringify({ ...requestFor('base-url'), pad: 'x'.repeat(MAX_BODY_BYTES) });
		expect((await handleProbe(post(big), deps())).status).toBe(413);
		const stream = new ReadableStream<Uint8Array>({
			start(c) {
				c.enqueue(new TextEncoder().encode(big));
				c.close();
			}
		});
		const streamed = new Request(`${APP}/api/azure-devops/probe`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: APP },
			body: stream,
			duplex: 'half'
		} as RequestInit);
		expect((await handleProbe(streamed, deps())).status).toBe(413);
	});

	it.each([
		['not JSON', '{nope'],
		[
			'unknown probe',
			{ probe: 'delete-everything', target: { provider_key: 'azure_devops_server' } }
		],
		['unknown key', { ...requestFor('base-url'), extra: 1 }],
		[
			'bad credential',
			{ ...requestFor('connection'), credential: { auth_method: 'pat', token: '' } }
		]
	])('answers 400 for %s', async (_name, body) => {
		const res = await handleProbe(post(body), deps());
		expect(res.status).toBe(400);
		const json = (await res.json()) as { issues: unknown[] };
		expect(json.issues.length).toBeGreaterThan(0);
	});

	it('400 issues never echo a token', async () => {
		const res = await handleProbe(
			post({ ...requestFor('connection'), credential: { auth_method: 'nope', token: CANARY } }),
			deps()
		);
		expect(res.status).toBe(400);
		expect(await res.text()).not.toContain(CANARY);
	});
});

describe('handleProbe time limit', () => {
	it('a hanging upstream ends as PROVIDER_BASE_URL_UNREACHABLE within limit + 1 s', async () => {
		const started = performance.now();
		const res = await handleProbe(
			post(requestFor('connection', `${origin}/hang/DefaultCollection`)),
			deps(createMemoryLogger(), { probeTimeoutMs: 600 })
		);
		const elapsed = performance.now() - started;
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({
			ok: false,
			code: 'PROVIDER_BASE_URL_UNREACHABLE',
			check: 'probe-time-limit'
		});
		expect(elapsed).toBeLessThan(1600);
	});

	it('a refused connection is PROVIDER_BASE_URL_UNREACHABLE, not a 500', async () => {
		const res = await handleProbe(
			post(requestFor('connection', 'http://127.0.0.1:9/x/DefaultCollection')),
			deps()
		);
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ ok: false, code: 'PROVIDER_BASE_URL_UNREACHABLE' });
	});
});

describe('canary token', () => {
	it.each(PROBE_NAMES.filter((p) => p !== 'base-url'))(
		'%s: the token reaches upstream only as Basic and appears in no answer or log line',
		async (probe) => {
			const log = createMemoryLogger();
			seenAuthorization.length = 0;
			const res = await handleProbe(post(requestFor(probe)), deps(log));
			const text = await res.text();
			expect(res.status).toBe(200);
			const basic = Buffer.from(`:${CANARY}`).toString('base64');
			expect(seenAuthorization).toContain(`Basic ${basic}`);
			for (const secret of [CANARY, basic]) {
				expect(text).not.toContain(secret);
				expect(log.lines.join('\n')).not.toContain(secret);
			}
			expect(log.lines.length).toBeGreaterThan(0);
			expect(JSON.parse(text)).toMatchObject({ ok: false });
		}
	);
});
