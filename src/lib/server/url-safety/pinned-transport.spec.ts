import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
	createServer as createHttpServer,
	type IncomingMessage,
	type Server,
	type ServerResponse
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	assessBaseUrl,
	createPinnedTransport,
	TransportError,
	type PinnedTransport,
	type SafeBaseUrl
} from './index';

/**
 * The pinned transport against real loopback servers (never any other address). Hostnames in these
 * tests are hand-made assessments pinned to 127.0.0.x, because assessBaseUrl rightly refuses names
 * that resolve to loopback; the servers record what reached them so "nothing was sent" is a fact.
 */

interface Seen {
	method: string;
	url: string;
	host: string | undefined;
	authorization: string | undefined;
	body: string;
	servername?: string | false | null;
}
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
interface Running {
	server: Server;
	port: number;
	seen: Seen[];
	handler: Handler;
}

const running: Running[] = [];

function record(req: IncomingMessage, seen: Seen[], run: (body: string) => void): void {
	const chunks: Buffer[] = [];
	req.on('data', (c: Buffer) => chunks.push(c));
	req.on('end', () => {
		const body = Buffer.concat(chunks).toString('utf8');
		seen.push({
			method: req.method ?? '',
			url: req.url ?? '',
			host: req.headers.host,
			authorization: req.headers.authorization,
			body,
			...('servername' in req.socket ? { servername: (req.socket as TLSSocket).servername } : {})
		});
		run(body);
	});
}

async function listen(server: Server, host: string, port = 0): Promise<number> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	return (server.address() as AddressInfo).port;
}

async function startHttp(host = '127.0.0.1', port = 0): Promise<Running> {
	const seen: Seen[] = [];
	const r = { seen, handler: ((_q, res) => res.end('ok')) as Handler } as Running;
	r.server = createHttpServer((req, res) => record(req, seen, (body) => r.handler(req, res, body)));
	r.port = await listen(r.server, host, port);
	running.push(r);
	return r;
}

function pinned(url: string, addresses: string[], extra: Partial<SafeBaseUrl> = {}): SafeBaseUrl {
	return {
		ok: true,
		url: new URL(url),
		addresses,
		address_class: 'private',
		allowlist_match: true,
		plain_http: url.startsWith('http:'),
		...extra
	};
}

const transports: PinnedTransport[] = [];
function transport(...args: Parameters<typeof createPinnedTransport>): PinnedTransport {
	const t = createPinnedTransport(...args);
	transports.push(t);
	return t;
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof TransportError) return error;
		throw error;
	}
	throw new Error('expected the request to fail');
}

const GET = { method: 'GET', headers: { authorization: 'Basic U0VDUkVULVRPS0VO' } };

afterEach(async () => {
	await Promise.all(transports.splice(0).map((t) => t.close()));
	await Promise.all(
		running.splice(0).map((r) => new Promise((resolve) => r.server.close(resolve)))
	);
});

describe('pinning', () => {
	it('connects a hostname to the pinned address and keeps the hostname for Host', async () => {
		const a = await startHttp();
		a.handler = (_q, res) => {
			res.setHeader('Set-Cookie', ['a=1', 'b=2']);
			res.setHeader('X-Thing', 'yes');
			res.end('hello');
		};
		const t = transport(pinned(`http://tfs.corp:${a.port}/tfs/`, ['127.0.0.1']));
		const res = await t.request(new URL(`http://tfs.corp:${a.port}/tfs/_apis?x=1#frag`), GET);
		expect(res).toMatchObject({ status: 200, body: 'hello', redirects: 0 });
		expect(res.headers['x-thing']).toBe('yes');
		expect(res.headers['set-cookie']).toBe('a=1, b=2');
		expect(a.seen).toEqual([
			expect.objectContaining({ method: 'GET', url: '/tfs/_apis?x=1', host: `tfs.corp:${a.port}` })
		]);
	});

	it('never asks DNS again: a rebinding resolver cannot move the connection (DNS rebinding)', async () => {
		const a = await startHttp('127.0.0.1');
		const b = await startHttp('127.0.0.2', a.port);
		const answers = [['127.0.0.1'], ['127.0.0.2'], ['127.0.0.2']];
		let calls = 0;
		const resolve = async () => answers[Math.min(calls++, answers.length - 1)] as string[];
		// What assessBaseUrl would have pinned from the first answer.
		const first = await resolve();
		const t = transport(pinned(`http://rebind.test:${a.port}/`, first), { resolve });
		for (let i = 0; i < 3; i++) await t.request(`http://rebind.test:${a.port}/r${i}`, GET);
		expect(a.seen.map((s) => s.url)).toEqual(['/r0', '/r1', '/r2']);
		expect(b.seen).toEqual([]);
		expect(calls).toBe(1);
	});

	it('sends nothing on a same-origin redirect when the name now resolves somewhere blocked', async () => {
		const a = await startHttp('127.0.0.1');
		const b = await startHttp('127.0.0.2', a.port);
		a.handler = (req, res) => {
			if (req.url === '/start') res.writeHead(302, { location: '/next' }).end();
			else res.end('next');
		};
		// The name was pinned to 127.0.0.1 (first answer); now DNS says 127.0.0.2.
		const resolve = async () => ['127.0.0.2'];
		const t = transport(pinned(`http://rebind.test:${a.port}/`, ['127.0.0.1']), {
			resolve,
			allowlist: [`http://rebind.test`]
		});
		const error = await failure(t.request(`http://rebind.test:${a.port}/start`, GET));
		expect(error).toMatchObject({ kind: 'blocked', check: 'redirect' });
		expect(a.seen.map((s) => s.url)).toEqual(['/start']);
		expect(b.seen).toEqual([]);
	});

	it('keeps the pinned address after a same-origin redirect even when DNS now answers elsewhere', async () => {
		const a = await startHttp('127.0.0.1');
		const b = await startHttp('127.0.0.2', a.port);
		a.handler = (req, res) => {
			if (req.url === '/start') res.writeHead(302, { location: '/next' }).end();
			else res.end('next');
		};
		// The re-assessment sees a different, acceptable answer; the connection must not follow it.
		const resolve = async () => ['10.9.9.9'];
		const t = transport(pinned(`http://rebind.test:${a.port}/`, ['127.0.0.1']), {
			resolve,
			allowlist: ['http://10.0.0.0/8']
		});
		const res = await t.request(`http://rebind.test:${a.port}/start`, GET);
		expect(res).toMatchObject({ status: 200, body: 'next', redirects: 1 });
		expect(a.seen.map((s) => s.url)).toEqual(['/start', '/next']);
		expect(b.seen).toEqual([]);
	});

	it('pins IPv6 answers too', async () => {
		const a = await startHttp('::1');
		const t = transport(pinned(`http://v6.corp:${a.port}/`, ['::1']));
		const res = await t.request(`http://v6.corp:${a.port}/x`, GET);
		expect(res.status).toBe(200);
		expect(a.seen).toEqual([expect.objectContaining({ url: '/x', host: `v6.corp:${a.port}` })]);
	});

	it('ignores HTTP_PROXY and friends from the environment', async () => {
		const proxy = await startHttp();
		const a = await startHttp();
		const saved = { ...process.env };
		process.env.HTTP_PROXY = `http://127.0.0.1:${proxy.port}`;
		process.env.http_proxy = `http://127.0.0.1:${proxy.port}`;
		process.env.HTTPS_PROXY = `http://127.0.0.1:${proxy.port}`;
		try {
			const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']));
			await t.request(`http://tfs.corp:${a.port}/x`, GET);
		} finally {
			process.env = saved;
		}
		expect(a.seen).toHaveLength(1);
		expect(proxy.seen).toEqual([]);
	});

	it('refuses to open a transport without validated addresses', () => {
		expect(() => createPinnedTransport(pinned('https://tfs.corp/', []))).toThrow(TransportError);
		expect(() =>
			createPinnedTransport({
				ok: false,
				code: 'PROVIDER_BASE_URL_BLOCKED',
				check: 'dns',
				reason: 'x'
			} as unknown as SafeBaseUrl)
		).toThrow(TransportError);
	});
});

describe('origin and redirects', () => {
	it('refuses a URL on another origin and sends nothing there', async () => {
		const a = await startHttp();
		const c = await startHttp();
		const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']));
		const cases = [
			`http://127.0.0.1:${c.port}/`,
			`http://tfs.corp:${c.port}/`,
			`https://tfs.corp:${a.port}/`,
			`http://evil.corp:${a.port}/`,
			'not a url'
		];
		for (const url of cases) {
			const error = await failure(t.request(url, GET));
			expect(error).toMatchObject({ kind: 'blocked', check: 'ownership' });
		}
		expect(a.seen).toEqual([]);
		expect(c.seen).toEqual([]);
	});

	it('refuses userinfo even on the assessed origin', async () => {
		const a = await startHttp();
		const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']));
		const error = await failure(t.request(`http://u:p@tfs.corp:${a.port}/`, GET));
		expect(error).toMatchObject({ kind: 'blocked', check: 'userinfo' });
		expect(a.seen).toEqual([]);
	});

	it.each([
		['another port', (c: number) => `http://127.0.0.1:${c}/steal`],
		['another host, same port', (_c: number, a: number) => `http://127.0.0.2:${a}/steal`],
		['protocol-relative', (c: number) => `//127.0.0.1:${c}/steal`],
		['https upgrade', (_c: number, a: number) => `https://tfs.corp:${a}/steal`],
		['userinfo on the same origin', (_c: number, a: number) => `http://x:y@tfs.corp:${a}/steal`]
	])('refuses a redirect to %s and sends nothing there', async (_name, target) => {
		const a = await startHttp();
		const c = await startHttp();
		const other = await startHttp('127.0.0.2', a.port);
		a.handler = (_q, res) => res.writeHead(307, { location: target(c.port, a.port) }).end();
		const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']));
		const error = await failure(
			t.request(`http://tfs.corp:${a.port}/start`, { ...GET, method: 'POST', body: '{}' })
		);
		expect(error).toMatchObject({ kind: 'blocked', check: 'redirect' });
		expect(a.seen).toHaveLength(1);
		expect(c.seen).toEqual([]);
		expect(other.seen).toEqual([]);
	});

	it('follows a same-origin redirect, keeping the credential on the same origin', async () => {
		const a = await startHttp();
		a.handler = (req, res) => {
			if (req.url === '/tfs')
				res.writeHead(301, { location: `http://tfs.corp:${a.port}/tfs/` }).end('moved');
			else if (req.url === '/tfs/') res.writeHead(308, { location: 'DefaultCollection' }).end();
			else res.end(`at ${req.url}`);
		};
		const t = transport(pinned(`http://tfs.corp:${a.port}/tfs`, ['127.0.0.1']), {
			allowlist: ['http://tfs.corp'],
			resolve: async () => ['10.0.0.5']
		});
		const res = await t.request(`http://tfs.corp:${a.port}/tfs`, GET);
		expect(res).toMatchObject({ status: 200, body: 'at /tfs/DefaultCollection', redirects: 2 });
		expect(res.url.href).toBe(`http://tfs.corp:${a.port}/tfs/DefaultCollection`);
		expect(a.seen.map((s) => s.authorization)).toEqual(Array(3).fill('Basic U0VDUkVULVRPS0VO'));
	});

	it('stops after 3 redirects', async () => {
		const a = await startHttp();
		let n = 0;
		a.handler = (_q, res) => res.writeHead(302, { location: `/loop${++n}` }).end();
		const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']), {
			allowlist: ['http://tfs.corp'],
			resolve: async () => ['10.0.0.5']
		});
		const error = await failure(t.request(`http://tfs.corp:${a.port}/`, GET));
		expect(error).toMatchObject({ kind: 'blocked', check: 'redirect' });
		expect(a.seen).toHaveLength(4);
	});

	it('turns a POST into a GET without body after 303', async () => {
		const a = await startHttp();
		a.handler = (req, res) => {
			if (req.method === 'POST') res.writeHead(303, { location: '/result' }).end();
			else res.end('done');
		};
		const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']), {
			allowlist: ['http://tfs.corp'],
			resolve: async () => ['10.0.0.5']
		});
		const res = await t.request(`http://tfs.corp:${a.port}/create`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"a":1}'
		});
		expect(res.body).toBe('done');
		expect(a.seen.map((s) => [s.method, s.url, s.body])).toEqual([
			['POST', '/create', '{"a":1}'],
			['GET', '/result', '']
		]);
	});

	it('returns a redirect without Location as it is', async () => {
		const a = await startHttp();
		a.handler = (_q, res) => res.writeHead(302).end('no location');
		const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']));
		const res = await t.request(`http://tfs.corp:${a.port}/`, GET);
		expect(res).toMatchObject({ status: 302, body: 'no location', redirects: 0 });
	});

	it('works end to end with the simulator-style loopback allowlist entry', async () => {
		const a = await startHttp();
		a.handler = (req, res) => {
			if (req.url === '/')
				res.writeHead(302, { location: '/DefaultCollection/_apis/connectionData' }).end();
			else res.end('{"ok":true}');
		};
		const allowlist = [`http://127.0.0.1:${a.port}`];
		const assessment = await assessBaseUrl(`http://127.0.0.1:${a.port}/`, {
			context: 'server',
			allowlist
		});
		if (!assessment.ok) throw new Error(assessment.reason);
		const t = transport(assessment, { allowlist });
		const res = await t.request(assessment.url, GET);
		expect(res).toMatchObject({ status: 200, body: '{"ok":true}', redirects: 1 });
	});

	it('blocks a same-origin redirect when the allowlist needed for re-assessment is missing', async () => {
		const a = await startHttp();
		a.handler = (req, res) =>
			req.url === '/' ? res.writeHead(302, { location: '/next' }).end() : res.end('next');
		const allowlist = [`http://127.0.0.1:${a.port}`];
		const assessment = await assessBaseUrl(`http://127.0.0.1:${a.port}/`, {
			context: 'server',
			allowlist
		});
		if (!assessment.ok) throw new Error(assessment.reason);
		const t = transport(assessment);
		const error = await failure(t.request(assessment.url, GET));
		expect(error).toMatchObject({ kind: 'blocked', check: 'redirect' });
		expect(a.seen.map((s) => s.url)).toEqual(['/']);
	});
});

describe('response hygiene and failures', () => {
	it.each([
		['declared with Content-Length', true],
		['streamed without Content-Length', false]
	])('caps the body size (%s)', async (_name, declared) => {
		const a = await startHttp();
		a.handler = (_q, res) => {
			if (declared) res.setHeader('content-length', 5000);
			res.write('x'.repeat(2500));
			res.end('y'.repeat(2500));
		};
		const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']), {
			maxResponseBytes: 1024
		});
		const error = await failure(t.request(`http://tfs.corp:${a.port}/`, GET));
		expect(error.kind).toBe('too_large');
	});

	it('accepts a body of exactly the cap', async () => {
		const a = await startHttp();
		a.handler = (_q, res) => res.end('z'.repeat(1024));
		const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']), {
			maxResponseBytes: 1024
		});
		const res = await t.request(`http://tfs.corp:${a.port}/`, GET);
		expect(res.body).toHaveLength(1024);
	});

	it('reports a port nobody listens on as refused, without the token in the error', async () => {
		const probe = await startHttp();
		const closedPort = probe.port;
		await new Promise((resolve) => probe.server.close(resolve));
		running.splice(running.indexOf(probe), 1);
		const t = transport(pinned(`http://tfs.corp:${closedPort}/`, ['127.0.0.1']), {
			connectTimeoutMs: 500
		});
		const error = await failure(t.request(`http://tfs.corp:${closedPort}/`, GET));
		expect(error).toMatchObject({ kind: 'refused', code: 'ECONNREFUSED' });
		expect(`${error.message} ${JSON.stringify(error)} ${String(error.stack)}`).not.toMatch(
			/U0VDUkVULVRPS0VO|SECRET/
		);
	});

	it('times out a server that never answers', async () => {
		const a = await startHttp();
		a.handler = () => {};
		const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']), {
			totalTimeoutMs: 200
		});
		const started = Date.now();
		const error = await failure(t.request(`http://tfs.corp:${a.port}/`, GET));
		expect(error.kind).toBe('timeout');
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it("honours the caller's abort signal", async () => {
		const a = await startHttp();
		a.handler = () => {};
		const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']));
		const error = await failure(
			t.request(`http://tfs.corp:${a.port}/`, { ...GET, signal: AbortSignal.timeout(150) })
		);
		expect(error.kind).toBe('timeout');
	});

	it('reports a connection dropped mid-request as reset', async () => {
		const a = await startHttp();
		a.handler = (req) => req.socket.destroy();
		const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']));
		const error = await failure(t.request(`http://tfs.corp:${a.port}/`, GET));
		expect(error.kind).toBe('reset');
	});

	it('drops a caller-supplied Host header', async () => {
		const a = await startHttp();
		const t = transport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']));
		await t.request(`http://tfs.corp:${a.port}/`, {
			method: 'GET',
			headers: { Host: 'evil.corp' }
		});
		expect(a.seen[0]?.host).toBe(`tfs.corp:${a.port}`);
	});
});

describe('TLS', () => {
	let dir = '';
	let cert = '';
	let key = '';
	beforeAll(() => {
		// Test-only certificate, made fresh for each run: nothing secret is checked in.
		dir = mkdtempSync(path.join(tmpdir(), 'url-safety-tls-'));
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'ec',
				'-pkeyopt',
				'ec_paramgen_curve:prime256v1',
				'-nodes',
				'-days',
				'1',
				'-subj',
				'/CN=ado.test',
				'-addext',
				'subjectAltName=DNS:ado.test',
				'-keyout',
				path.join(dir, 'key.pem'),
				'-out',
				path.join(dir, 'cert.pem')
			],
			{ stdio: 'ignore' }
		);
		cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
		key = readFileSync(path.join(dir, 'key.pem'), 'utf8');
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	async function startHttps(): Promise<Running> {
		const seen: Seen[] = [];
		const r = { seen, handler: ((_q, res) => res.end('secure')) as Handler } as Running;
		r.server = createHttpsServer({ cert, key }, (req, res) =>
			record(req, seen, (body) => r.handler(req, res, body))
		);
		r.port = await listen(r.server, '127.0.0.1');
		running.push(r);
		return r;
	}

	it('refuses an untrusted certificate as tls and sends no request', async () => {
		const a = await startHttps();
		const t = transport(pinned(`https://ado.test:${a.port}/`, ['127.0.0.1']));
		const error = await failure(t.request(`https://ado.test:${a.port}/`, GET));
		expect(error.kind).toBe('tls');
		expect(a.seen).toEqual([]);
	});

	it('trusts the operator CA and keeps the hostname for SNI, certificate check and Host', async () => {
		const a = await startHttps();
		const t = transport(pinned(`https://ado.test:${a.port}/`, ['127.0.0.1']), { ca: cert });
		const res = await t.request(`https://ado.test:${a.port}/_apis`, GET);
		expect(res).toMatchObject({ status: 200, body: 'secure' });
		expect(a.seen).toEqual([
			expect.objectContaining({ url: '/_apis', host: `ado.test:${a.port}`, servername: 'ado.test' })
		]);
	});

	it('refuses a certificate for another name even with the CA trusted', async () => {
		const a = await startHttps();
		const t = transport(pinned(`https://other.test:${a.port}/`, ['127.0.0.1']), { ca: cert });
		const error = await failure(t.request(`https://other.test:${a.port}/`, GET));
		expect(error).toMatchObject({ kind: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
		expect(a.seen).toEqual([]);
	});

	it('reports TLS spoken to a plain http server as a failure, not success', async () => {
		const a = await startHttp();
		const t = transport(pinned(`https://ado.test:${a.port}/`, ['127.0.0.1']), { ca: cert });
		const error = await failure(t.request(`https://ado.test:${a.port}/`, GET));
		expect(['tls', 'reset']).toContain(error.kind);
	});
});
