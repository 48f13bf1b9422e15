// Probe overhead at a real network distance: the `projects` exact-name probe through the real
// endpoint (node:http server around handleProbe → url-safety → pinned keep-alive transport)
// against the same upstream request made directly, both to the simulator behind TLS (private CA)
// and a delay proxy holding every packet RTT/2 each way (network-rig.ts). Side by side in one run,
// interleaved: warm (both sides on kept-alive connections, resource locations cached) and cold
// (direct: a new agent per request; endpoint: dispatcher pool and location cache emptied, so it
// pays TCP + TLS + the OPTIONS round). Then 200 concurrent probes through the endpoint.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { handleProbe } from '../../lib/server/probe-handler';
import { createLogger } from '../../lib/server/log';
import type { OperatorConfig } from '../../lib/server/config';
import { sharedLocations } from '../../lib/server/azure-devops/location-cache';
import { sharedDispatchers } from '../../lib/server/url-safety/dispatcher-pool';
import { demoToken } from '../../simulator/demo-tokens';
import { benchLine, percentile, type BenchLine } from './bench-line';
import { roundUp, startRig } from './network-rig';

const RTT_MS = Number(process.env.PROXY_BENCH_RTT_MS ?? 100);
const WARM_SAMPLES = 30;
const COLD_SAMPLES = 10;
const WARMUP = 5;
const CONCURRENT = 200;

function endpointServer(config: OperatorConfig) {
	const log = createLogger(() => {});
	return createServer((req: IncomingMessage, res: ServerResponse) => {
		const url = `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`;
		const headers = new Headers();
		for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
		// Streamed like adapter-node does, so the endpoint's own size cap is what limits it.
		const web = new Request(url, {
			method: req.method ?? 'GET',
			headers,
			body: req.method === 'POST' ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
			duplex: 'half'
		} as RequestInit);
		handleProbe(web, { config, log })
			.then(async (response) => {
				const body = Buffer.from(await response.arrayBuffer());
				res.writeHead(response.status, Object.fromEntries(response.headers));
				res.end(body);
			})
			.catch(() => {
				res.writeHead(500);
				res.end();
			});
	});
}

export default async function proxyBench(): Promise<BenchLine[]> {
	const rig = await startRig(RTT_MS);
	const config: OperatorConfig = {
		allowlist: [new URL(rig.origin).host],
		probeTimeoutMs: 30_000,
		servicesOrigin: rig.origin,
		extraCa: rig.ca,
		crossCheckOrganizations: []
	};
	const server = endpointServer(config);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const app = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	// The browser's hop to the endpoint is local here: only the upstream distance is modelled.
	const browser = new Agent({ connections: 256 });
	const upstreamWarm = new Agent({ connect: { ca: rig.ca }, connections: 256 });
	const token = demoToken('least-privilege').token;

	const probeBody = JSON.stringify({
		probe: 'projects',
		target: { provider_key: 'azure_devops_services', organization: 'fabrikam' },
		credential: { auth_method: 'pat', token },
		params: { name: 'Fabrikam Fiber' }
	});
	type Sample = { ms: number; ok: boolean };
	const viaProxy = async (cold = false): Promise<Sample> => {
		if (cold) {
			await sharedDispatchers.closeAll();
			sharedLocations.clear();
		}
		const t = performance.now();
		const res = await request(`${app}/api/azure-devops/probe`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: app },
			body: probeBody,
			dispatcher: browser
		});
		const json = (await res.body.json()) as { ok?: boolean };
		return { ms: performance.now() - t, ok: res.statusCode === 200 && json.ok === true };
	};
	const direct = async (cold = false): Promise<Sample> => {
		const dispatcher = cold ? new Agent({ connect: { ca: rig.ca } }) : upstreamWarm;
		const t = performance.now();
		const res = await request(
			`${rig.origin}/fabrikam/_apis/projects/Fabrikam%20Fiber?api-version=7.1`,
			{
				headers: {
					authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`,
					accept: 'application/json',
					'x-tfs-fedauthredirect': 'Suppress'
				},
				dispatcher
			}
		);
		await res.body.json();
		const sample = { ms: performance.now() - t, ok: res.statusCode === 200 };
		if (cold) await dispatcher.close();
		return sample;
	};
	const sideBySide = async (n: number, cold: boolean) => {
		const proxy: number[] = [];
		const straight: number[] = [];
		let errors = 0;
		for (let i = 0; i < n; i++) {
			// Alternating order so both sides see the same machine state.
			const [a, b] =
				i % 2 === 0
					? [await viaProxy(cold), await direct(cold)]
					: [await direct(cold), await viaProxy(cold)].reverse();
			if (!a || !b) continue;
			proxy.push(a.ms);
			straight.push(b.ms);
			if (!a.ok || !b.ok) errors++;
		}
		return { proxy: percentile(proxy, 50), direct: percentile(straight, 50), errors };
	};

	try {
		for (let i = 0; i < WARMUP; i++) {
			await viaProxy(i === 0);
			await direct(i === 0);
		}
		const load = loadavg()[0];
		const warm = await sideBySide(WARM_SAMPLES, false);
		const cold = await sideBySide(COLD_SAMPLES, true);

		await viaProxy();
		const started = performance.now();
		const results = await Promise.all(
			Array.from({ length: CONCURRENT }, () =>
				viaProxy().catch(() => ({ ms: Number.NaN, ok: false }))
			)
		);
		const wall = performance.now() - started;
		const errors = results.filter((r) => !r.ok).length;
		const latencies = results.filter((r) => r.ok).map((r) => r.ms);
		const method =
			'projects exact-name probe (one upstream GET) through a node:http server around handleProbe vs the same GET made directly with undici, both to the simulator behind TLS (private CA) and a loopback TCP proxy delaying every chunk RTT/2 each way and the first client byte one more RTT; interleaved in one run; ratio of p50s, rounded up';
		const common = { rtt_ms: RTT_MS, load_average_1m: roundUp(load ?? Number.NaN, 2), method };

		return [
			benchLine(
				'proxy.overhead_ratio_warm_p50',
				roundUp(warm.proxy / warm.direct, 3),
				'ratio',
				1.3,
				'lower',
				{
					proxy_p50_ms: roundUp(warm.proxy, 1),
					direct_p50_ms: roundUp(warm.direct, 1),
					overhead_p50_ms: roundUp(warm.proxy - warm.direct, 1),
					samples: WARM_SAMPLES,
					errors: warm.errors,
					connections: 'both kept alive (endpoint: shared pinned dispatcher; locations cached)',
					...common
				}
			),
			benchLine(
				'proxy.overhead_ratio_cold_p50',
				roundUp(cold.proxy / cold.direct, 3),
				'ratio',
				2,
				'lower',
				{
					proxy_p50_ms: roundUp(cold.proxy, 1),
					direct_p50_ms: roundUp(cold.direct, 1),
					overhead_p50_ms: roundUp(cold.proxy - cold.direct, 1),
					samples: COLD_SAMPLES,
					errors: cold.errors,
					connections:
						'both new (direct: TCP + TLS + GET; endpoint: TCP + TLS + OPTIONS _apis/core + GET)',
					...common
				}
			),
			benchLine('proxy.concurrent_errors', errors, 'errors', 0, 'lower', {
				concurrent: CONCURRENT,
				p99_ms: roundUp(percentile(latencies, 99), 1),
				p50_ms: roundUp(percentile(latencies, 50), 1),
				wall_ms: roundUp(wall, 0),
				...common
			})
		];
	} finally {
		await Promise.all([browser.close(), upstreamWarm.close()]);
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
		await sharedDispatchers.closeAll();
		sharedLocations.clear();
		await rig.close();
	}
}
