// A real network distance on loopback for the benches: client → delay proxy (every chunk held
// RTT/2 in each direction, so TCP and TLS handshakes pay their round trips too) → TLS front (a
// private CA made at bench time with openssl) → the simulator over plain HTTP. Nothing here is
// used by the product.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { startSimulator, type Simulator } from '../../simulator/simulator';

export interface Rig {
	/** https://127.0.0.1:{delay proxy port}: where clients connect. */
	origin: string;
	/** The private CA (PEM) that signed the TLS front's certificate. */
	ca: string;
	rttMs: number;
	sim: Simulator;
	/** TCP connections accepted by the delay proxy since the last reset. */
	connections(): number;
	resetConnections(): void;
	close(): Promise<void>;
}

interface Pki {
	ca: string;
	cert: string;
	key: string;
}

function makePki(): Pki {
	const dir = mkdtempSync(path.join(tmpdir(), 'bench-pki-'));
	const at = (f: string) => path.join(dir, f);
	const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
	try {
		const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
		openssl(
			'req',
			'-x509',
			...ec,
			'-days',
			'1',
			'-subj',
			'/CN=bench private CA',
			'-addext',
			'basicConstraints=critical,CA:TRUE',
			'-addext',
			'keyUsage=critical,keyCertSign',
			'-keyout',
			at('ca.key'),
			'-out',
			at('ca.pem')
		);
		writeFileSync(at('ext.cnf'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
		openssl(
			'req',
			...ec,
			'-subj',
			'/CN=127.0.0.1',
			'-keyout',
			at('leaf.key'),
			'-out',
			at('leaf.csr')
		);
		openssl(
			'x509',
			'-req',
			'-in',
			at('leaf.csr'),
			'-CA',
			at('ca.pem'),
			'-CAkey',
			at('ca.key'),
			'-CAcreateserial',
			'-days',
			'1',
			'-extfile',
			at('ext.cnf'),
			'-out',
			at('leaf.pem')
		);
		return {
			ca: readFileSync(at('ca.pem'), 'utf8'),
			cert: readFileSync(at('leaf.pem'), 'utf8'),
			key: readFileSync(at('leaf.key'), 'utf8')
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function listen(server: Server): Promise<number> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('no port');
	return address.port;
}

/**
 * Holds each chunk `oneWayMs` (and nothing before `notBefore`) before writing it on. Delivery
 * times only grow, so chunks keep their order.
 */
function delayed(from: Socket, to: Socket, oneWayMs: number, notBefore = 0): void {
	from.on('data', (chunk: Buffer) => {
		const at = Math.max(performance.now() + oneWayMs, notBefore);
		setTimeout(() => {
			if (!to.destroyed) to.write(chunk);
		}, at - performance.now());
	});
	from.on('end', () => setTimeout(() => to.end(), oneWayMs));
	from.on('error', () => to.destroy());
	from.on('close', () => setTimeout(() => to.destroy(), oneWayMs + 1));
}

export async function startRig(rttMs: number): Promise<Rig> {
	const pki = makePki();
	const sockets = new Set<Socket>();
	const track = (s: Socket) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	};

	// The delay proxy listens first: the simulator must know the origin clients will use.
	let frontPort = 0;
	let accepted = 0;
	const proxy = createNetServer((client) => {
		accepted++;
		track(client);
		const upstream = connect(frontPort, '127.0.0.1');
		track(upstream);
		client.setNoDelay(true);
		upstream.setNoDelay(true);
		// The kernel completes the TCP handshake at once on loopback; on a real network the client
		// sends its first byte one round trip after connecting, so that byte arrives at 1.5 RTT.
		delayed(client, upstream, rttMs / 2, performance.now() + rttMs * 1.5);
		delayed(upstream, client, rttMs / 2);
	});
	const proxyPort = await listen(proxy);
	const origin = `https://127.0.0.1:${proxyPort}`;

	const sim = await startSimulator({ host: '127.0.0.1', port: 0, publicOrigin: origin });
	const simPort = Number(new URL(sim.origin).port);
	const front = createTlsServer({ cert: pki.cert, key: pki.key }, (tls) => {
		track(tls);
		const plain = connect(simPort, '127.0.0.1');
		track(plain);
		tls.pipe(plain).pipe(tls);
		tls.on('error', () => plain.destroy());
		plain.on('error', () => tls.destroy());
	});
	frontPort = await listen(front as unknown as Server);

	return {
		origin,
		ca: pki.ca,
		rttMs,
		sim,
		connections: () => accepted,
		resetConnections: () => {
			accepted = 0;
		},
		async close() {
			for (const s of sockets) s.destroy();
			await Promise.all([
				new Promise((resolve) => proxy.close(resolve)),
				new Promise((resolve) => front.close(resolve)),
				sim.close()
			]);
		}
	};
}

/** Rounded up, so a figure is never shown better than measured. */
export function roundUp(value: number, decimals = 2): number {
	const f = 10 ** decimals;
	return Math.ceil(value * f - 1e-9) / f;
}
