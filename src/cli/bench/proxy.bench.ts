/**
 * Proxy overhead: the `projects` exact-name probe through the real endpoint (node:http server
 * around handleProbe → url-safety → pinned transport → simulator) against the same upstream
 * request made directly, measured side by side (interleaved) in one run. Then 200 concurrent
 * probes through the endpoint. Loopback only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { handleProbe } from '../../lib/server/probe-handler';
import { createLogger } from '../../lib/server/log';
import type { OperatorConfig } from '../../lib/server/config';
import { demoToken } from '../../simulator/demo-tokens';
import { startSimulator } from '../../simulator/simulator';
import { benchLine, percentile, type BenchLine } from './bench-line';

/** Simulated upstream latency (Azure DevOps itself answers in ~50-300 ms); PROXY_BENCH_LATENCY_MS overrides. */
const UPSTREAM_LATENCY_MS = Number(process.env.PROXY_BENCH_LATENCY_MS ?? 50);
const SAMPLES = 150;
const WARMUP = 20;
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
	const sim = await startSimulator({ host: '127.0.0.1', port: 0, latencyMs: UPSTREAM_LATENCY_MS });
	const config: OperatorConfig = {
		allowlist: [`http://${new URL(sim.origin).host}`],
		probeTimeoutMs: 10_000,
		servicesOrigin: sim.origin,
		crossCheckOrganizations: []
	};
	const server = endpointServer(config);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const app = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const agent = new Agent({ connections: 256, pipelining: 1 });
	const token = demoToken('least-privilege').token;

	const probeBody = JSON.stringify({
		probe: 'projects',
		target: { provider_key: 'azure_devops_services', organization: 'fabrikam' },
		credential: { auth_method: 'pat', token },
		params: { name: 'Fabrikam Fiber' }
	});
	const viaProxy = async (): Promise<{ ms: number; ok: boolean }> => {
		const t = performance.now();
		const res = await request(`${app}/api/azure-devops/probe`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: app },
			body: probeBody,
			dispatcher: agent
		});
		const json = (await res.body.json()) as { ok?: boolean };
		return { ms: performance.now() - t, ok: res.statusCode === 200 && json.ok === true };
	};
	const direct = async (): Promise<{ ms: number; ok: boolean }> => {
		const t = performance.now();
		const res = await request(
			`${sim.origin}/fabrikam/_apis/projects/Fabrikam%20Fiber?api-version=7.1`,
			{
				headers: {
					authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`,
					accept: 'application/json',
					'x-tfs-fedauthredirect': 'Suppress'
				},
				dispatcher: agent
			}
		);
		await res.body.json();
		return { ms: performance.now() - t, ok: res.statusCode === 200 };
	};

	try {
		for (let i = 0; i < WARMUP; i++) {
			await viaProxy();
			await direct();
		}
		const proxyTimes: number[] = [];
		const directTimes: number[] = [];
		let sequentialErrors = 0;
		for (let i = 0; i < SAMPLES; i++) {
			// Interleaved so both sides see the same machine state.
			const [a, b] =
				i % 2 === 0
					? [await viaProxy(), await direct()]
					: [await direct(), await viaProxy()].reverse();
			if (a && b) {
				proxyTimes.push(a.ms);
				directTimes.push(b.ms);
				if (!a.ok || !b.ok) sequentialErrors++;
			}
		}
		const proxyP50 = percentile(proxyTimes, 50);
		const directP50 = percentile(directTimes, 50);

		const started = performance.now();
		const results = await Promise.all(
			Array.from({ length: CONCURRENT }, () =>
				viaProxy().catch(() => ({ ms: Number.NaN, ok: false }))
			)
		);
		const wall = performance.now() - started;
		const errors = results.filter((r) => !r.ok).length;
		const latencies = results.filter((r) => r.ok).map((r) => r.ms);

		return [
			benchLine('proxy.overhead_ratio_p50', proxyP50 / directP50, 'ratio', 1.3, 'lower', {
				proxy_p50_ms: Math.round(proxyP50 * 100) / 100,
				direct_p50_ms: Math.round(directP50 * 100) / 100,
				overhead_p50_ms: Math.round((proxyP50 - directP50) * 100) / 100,
				samples: SAMPLES,
				upstream_latency_ms: UPSTREAM_LATENCY_MS,
				probe: 'projects (exact name, one upstream request)',
				sequential_errors: sequentialErrors
			}),
			benchLine('proxy.concurrent_errors', errors, 'errors', 0, 'lower', {
				concurrent: CONCURRENT,
				p99_ms: Math.round(percentile(latencies, 99) * 100) / 100,
				p50_ms: Math.round(percentile(latencies, 50) * 100) / 100,
				wall_ms: Math.round(wall)
			})
		];
	} finally {
		await agent.close();
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
		await sim.close();
	}
}
