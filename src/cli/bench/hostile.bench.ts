/**
 * Hostile upstreams against the endpoint (issue 13): 50 probes at a loopback attacker (deep and
 * wide trees, large field lists, endless bodies, gzip bombs, slow drips) through the real
 * endpoint in a separate server process. Figures: that process's peak RSS growth, and the p99
 * latency of unrelated requests meanwhile, beside the same requests on the idle server.
 * Probes refused with 429 are retried after Retry-After, as a browser would, until all 50 ran.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Agent, request } from 'undici';
import type { HostileScenario } from '../../lib/server/azure-devops/hostile-upstream';
import { benchLine, percentile, type BenchLine } from './bench-line';

const PROBES = 50;
const CLIENTS = 10;
const TIMEOUT_MS = 3000;
const SCENARIOS: readonly [HostileScenario, 'discovery' | 'connection'][] = [
	['deep-tree', 'discovery'],
	['wide-tree', 'discovery'],
	['large-field-lists', 'discovery'],
	['huge-field-list', 'discovery'],
	['cut-tree', 'discovery'],
	['many-fields', 'discovery'],
	['endless-body', 'connection'],
	['gzip-bomb', 'connection'],
	['slow-drip', 'connection']
];
const MiB = 1024 * 1024;

/** Runs a tool script of this folder in its own process; resolves with its first output line. */
async function startProcess(name: string, args: string[]) {
	const file = path.join(path.dirname(fileURLToPath(import.meta.url)), name);
	const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file, ...args], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const line = await new Promise<string>((resolve, reject) => {
		child.once('error', reject);
		child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
	});
	return { child, line };
}

export default async function hostileBench(): Promise<BenchLine[]> {
	const attacker = await startProcess('hostile-upstream-process.ts', []);
	const upstreamOrigin = attacker.line;
	const collection = (scenario: HostileScenario) =>
		`${upstreamOrigin}/${scenario}/DefaultCollection`;
	const server = await startProcess('hostile-server.ts', [
		new URL(upstreamOrigin).host,
		String(TIMEOUT_MS)
	]);
	const app = `http://127.0.0.1:${server.line}`;
	const agent = new Agent({ connections: 128 });
	const get = async (p: string) => {
		const res = await request(`${app}${p}`, { dispatcher: agent });
		return res.body.json() as Promise<Record<string, number>>;
	};
	const unrelated = async (count: number, stop?: () => boolean): Promise<number[]> => {
		const times: number[] = [];
		for (let i = 0; i < count || (stop !== undefined && !stop()); i++) {
			const t = performance.now();
			const res = await request(`${app}/unrelated`, { dispatcher: agent });
			await res.body.text();
			times.push(performance.now() - t);
			await new Promise((r) => setTimeout(r, 10));
		}
		return times;
	};
	const probe = async (i: number) => {
		const [scenario, kind] = SCENARIOS[i % SCENARIOS.length] as [HostileScenario, string];
		const body = JSON.stringify({
			probe: kind,
			target: {
				provider_key: 'azure_devops_server',
				base_url: collection(scenario),
				project: 'P'
			},
			credential: {
				auth_method: 'pat',
				token: 'benchtokenzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'
			}
		});
		let refusals = 0;
		for (;;) {
			const res = await request(`${app}/api/azure-devops/probe`, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					origin: app,
					'x-bench-client': `c${i % CLIENTS}`
				},
				body,
				dispatcher: agent
			});
			const json = (await res.body.json()) as { ok?: boolean; check?: string };
			if (res.statusCode === 429) {
				refusals++;
				await new Promise((r) => setTimeout(r, Number(res.headers['retry-after'] ?? 1) * 1000));
				continue;
			}
			return { status: res.statusCode, check: json.check, refusals };
		}
	};

	try {
		// Warm-up: module loading and JIT are not the attack.
		await unrelated(50);
		await probe(0);
		await get('/rss/reset');
		const baseline = (await get('/rss')).now as number;
		const idle = await unrelated(300);

		let done = false;
		const started = performance.now();
		const loaded = unrelated(0, () => done);
		const results = await Promise.all(Array.from({ length: PROBES }, (_, i) => probe(i)));
		done = true;
		const during = await loaded;
		const wall = performance.now() - started;
		const peak = (await get('/rss')).peak as number;

		const statuses = results.map((r) => r.status);
		const checks: Record<string, number> = {};
		for (const r of results) checks[r.check ?? 'ok'] = (checks[r.check ?? 'ok'] ?? 0) + 1;
		const p99 = percentile(during, 99);
		const idleP99 = percentile(idle, 99);
		return [
			benchLine('hostile.rss_growth', (peak - baseline) / MiB, 'MiB', 256, 'lower', {
				probes: PROBES,
				clients: CLIENTS,
				baseline_mib: Math.round(baseline / MiB),
				peak_mib: Math.round(peak / MiB),
				non_200: statuses.filter((s) => s !== 200).length,
				refused_429_then_retried: results.reduce((n, r) => n + r.refusals, 0),
				checks,
				wall_ms: Math.round(wall)
			}),
			benchLine('hostile.unrelated_p99', p99, 'ms', 100, 'lower', {
				idle_p99_ms: Math.round(idleP99 * 100) / 100,
				idle_p50_ms: Math.round(percentile(idle, 50) * 100) / 100,
				during_p50_ms: Math.round(percentile(during, 50) * 100) / 100,
				during_max_ms: Math.round(Math.max(...during) * 100) / 100,
				samples_idle: idle.length,
				samples_during: during.length
			})
		];
	} finally {
		await agent.close();
		server.child.kill('SIGINT');
		attacker.child.kill();
	}
}
