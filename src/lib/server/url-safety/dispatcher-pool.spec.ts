import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	createPinnedTransport,
	DispatcherPool,
	type PinnedTransport,
	type SafeBaseUrl
} from './index';

// Reuse across probes without ever widening the pinning: loopback servers count the TCP
// connections they accept and record which address each request reached.

interface Counting {
	server: Server | Http2SecureServer;
	port: number;
	connections: number;
	paths: string[];
	versions: string[];
}

const servers: Counting[] = [];
const transports: PinnedTransport[] = [];
const pools: DispatcherPool[] = [];

async function start(host = '127.0.0.1', port = 0, make?: () => Server | Http2SecureServer) {
	const c = { connections: 0, paths: [], versions: [] } as unknown as Counting;
	c.server =
		make?.() ??
		createServer((req, res) => {
			c.paths.push(req.url ?? '');
			c.versions.push(req.httpVersion);
			res.end('ok');
		});
	c.server.on(make ? 'secureConnection' : 'connection', () => c.connections++);
	await new Promise<void>((resolve, reject) => {
		c.server.once('error', reject);
		c.server.listen(port, host, () => resolve());
	});
	c.port = (c.server.address() as AddressInfo).port;
	servers.push(c);
	return c;
}

function pinned(url: string, addresses: string[]): SafeBaseUrl {
	return {
		ok: true,
		url: new URL(url),
		addresses,
		address_class: 'private',
		allowlist_match: true,
		plain_http: url.startsWith('http:')
	};
}

function pool(): DispatcherPool {
	const p = new DispatcherPool({ idleMs: 5_000 });
	pools.push(p);
	return p;
}

const GET = { method: 'GET', headers: { authorization: 'Basic U0VDUkVULVRPS0VO' } };

afterEach(async () => {
	await Promise.all(transports.splice(0).map((t) => t.close()));
	await Promise.all(pools.splice(0).map((p) => p.closeAll()));
	for (const s of servers.splice(0)) {
		(s.server as Server).closeAllConnections?.();
		await new Promise((resolve) => s.server.close(resolve));
	}
});

describe('dispatcher pool', () => {
	it('reuses one TCP connection across the requests of a probe and across probes', async () => {
		const a = await start();
		const shared = pool();
		for (let probe = 0; probe < 3; probe++) {
			const t = createPinnedTransport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']), {
				pool: shared
			});
			for (let i = 0; i < 3; i++) await t.request(`http://tfs.corp:${a.port}/p${probe}r${i}`, GET);
			await t.close();
		}
		expect(a.paths).toHaveLength(9);
		expect(a.connections).toBe(1);
		expect(shared.created).toBe(1);
	});

	it('opens a new connection per transport without a pool (the old behaviour stays available)', async () => {
		const a = await start();
		for (let probe = 0; probe < 2; probe++) {
			const t = createPinnedTransport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']));
			await t.request(`http://tfs.corp:${a.port}/`, GET);
			await t.close();
		}
		expect(a.connections).toBe(2);
	});

	it('never reuses a dispatcher for a different pinned address set of the same origin', async () => {
		const a = await start('127.0.0.1');
		const b = await start('127.0.0.2', a.port);
		const shared = pool();
		const first = createPinnedTransport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1']), {
			pool: shared
		});
		await first.request(`http://tfs.corp:${a.port}/first`, GET);
		await first.close();
		// Same origin, now pinned elsewhere (a later assessment): a warm socket to .1 must not serve it.
		const second = createPinnedTransport(pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.2']), {
			pool: shared
		});
		await second.request(`http://tfs.corp:${a.port}/second`, GET);
		await second.close();
		expect(a.paths).toEqual(['/first']);
		expect(b.paths).toEqual(['/second']);
		expect(shared.created).toBe(2);
		// A superset is a different set too.
		const third = createPinnedTransport(
			pinned(`http://tfs.corp:${a.port}/`, ['127.0.0.1', '127.0.0.2']),
			{ pool: shared }
		);
		await third.close();
		expect(shared.created).toBe(3);
	});

	it('keys on the extra CA: another CA never shares a dispatcher', () => {
		const shared = pool();
		const target = pinned('https://tfs.corp/', ['10.0.0.5']);
		for (const ca of [undefined, 'CA-ONE', 'CA-TWO', 'CA-ONE'])
			void createPinnedTransport(target, { pool: shared, ...(ca ? { ca } : {}) }).close();
		expect(shared.created).toBe(3);
	});

	it('bounds the pool: idle dispatchers are closed after the idle time and when room is needed', async () => {
		let clock = 0;
		const small = new DispatcherPool({
			maxEntries: 2,
			idleMs: 20,
			maxAgeMs: 1000,
			now: () => clock
		});
		pools.push(small);
		for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3'])
			await createPinnedTransport(pinned('https://tfs.corp/', [address]), { pool: small }).close();
		expect(small.size).toBe(2);
		await new Promise((r) => setTimeout(r, 60));
		expect(small.size).toBe(0);
		// Too old: a new lease gets a new dispatcher even for the same key.
		const target = pinned('https://tfs.corp/', ['10.0.0.1']);
		await createPinnedTransport(target, { pool: small }).close();
		clock = 2000;
		await createPinnedTransport(target, { pool: small }).close();
		expect(small.created).toBe(5);
	});
});

describe('HTTP/2 over the pinned connector', () => {
	let dir = '';
	let cert = '';
	let key = '';
	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'dispatcher-h2-'));
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

	it('speaks h2 through the pinned connector and reuses the session across probes', async () => {
		const c = await start('127.0.0.1', 0, () =>
			createSecureServer({ cert, key, allowHTTP1: true }, (req, res) => {
				c.paths.push(req.url);
				c.versions.push(req.httpVersion);
				res.end('ok');
			})
		);
		const shared = pool();
		const bodies: string[] = [];
		for (let probe = 0; probe < 3; probe++) {
			const t = createPinnedTransport(pinned(`https://ado.test:${c.port}/`, ['127.0.0.1']), {
				pool: shared,
				ca: cert,
				allowH2: true
			});
			for (let i = 0; i < 2; i++)
				bodies.push((await t.request(`https://ado.test:${c.port}/p${probe}r${i}`, GET)).body);
			await t.close();
		}
		expect(bodies).toEqual(Array(6).fill('ok'));
		expect(c.versions).toEqual(Array(6).fill('2.0'));
		expect(c.connections).toBe(1);
	});
});
