/**
 * The server side of hostile.bench.ts, in its own process so its RSS is the endpoint's alone:
 * handleProbe with the real url-safety, pinned transport and default admission limits, plus an
 * unrelated small endpoint. Prints its port; GET /rss answers the peak RSS seen so far.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Admission } from '../../lib/server/admission';
import type { OperatorConfig } from '../../lib/server/config';
import { createLogger } from '../../lib/server/log';
import { handleProbe } from '../../lib/server/probe-handler';

const upstreamHost = process.argv[2] ?? '127.0.0.1';
const config: OperatorConfig = {
	allowlist: [`http://${upstreamHost}`],
	probeTimeoutMs: Number(process.argv[3] ?? 3000),
	crossCheckOrganizations: []
};
const admission = new Admission();
const log = createLogger(() => {});

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
	peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
sampler.unref();

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
	if (req.url === '/rss') {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify({
				peak,
				now: process.memoryUsage().rss,
				loop_max_ms: loop.max / 1e6,
				loop_p99_ms: loop.percentile(99) / 1e6
			})
		);
		return;
	}
	if (req.url === '/rss/reset') {
		global.gc?.();
		peak = process.memoryUsage().rss;
		loop.reset();
		res.end(JSON.stringify({ peak }));
		return;
	}
	if (req.url === '/unrelated') {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{"demo":false}');
		return;
	}
	const url = `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`;
	const headers = new Headers();
	for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
	const web = new Request(url, {
		method: req.method ?? 'GET',
		headers,
		body: req.method === 'POST' ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
		duplex: 'half'
	} as RequestInit);
	handleProbe(web, {
		config,
		log,
		admission,
		clientAddress: String(req.headers['x-bench-client'] ?? req.socket.remoteAddress)
	})
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
server.listen(0, '127.0.0.1', () => {
	process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGINT', () => process.exit(0));
