// 5,001 projects (big-org) through the real endpoint at a real round trip (network-rig.ts: TLS with
// a private CA, every packet delayed RTT/2 each way): the first page, then the following pages by
// `$skip` 16 at a time. Side by side in one run: cold (dispatcher pool and location cache emptied:
// TCP + TLS for every connection opened, the OPTIONS round) and warm, and the baseline a client
// following continuation tokens one page after another pays on a kept-alive connection.
import { loadavg } from 'node:os';
import { Agent, request } from 'undici';
import { handleProbe } from '../../lib/server/probe-handler';
import { createLogger } from '../../lib/server/log';
import type { OperatorConfig } from '../../lib/server/config';
import { sharedLocations } from '../../lib/server/azure-devops/location-cache';
import { sharedDispatchers } from '../../lib/server/url-safety/dispatcher-pool';
import { demoToken } from '../../simulator/demo-tokens';
import { benchLine, percentile, type BenchLine } from './bench-line';
import { roundUp, startRig } from './network-rig';

const RTT_MS = Number(process.env.PROJECTS_BENCH_RTT_MS ?? 100);
const SAMPLES = 4;
const APP = 'http://127.0.0.1:3000';

export default async function projectsBench(): Promise<BenchLine[]> {
	const rig = await startRig(RTT_MS);
	const config: OperatorConfig = {
		allowlist: [new URL(rig.origin).host],
		probeTimeoutMs: 30_000,
		servicesOrigin: rig.origin,
		extraCa: rig.ca,
		crossCheckOrganizations: []
	};
	const log = createLogger(() => {});
	const token = demoToken('least-privilege-big').token;
	const list = async (cold: boolean) => {
		if (cold) {
			await sharedDispatchers.closeAll();
			sharedLocations.clear();
		}
		rig.resetConnections();
		const t = performance.now();
		const res = await handleProbe(
			new Request(`${APP}/api/azure-devops/probe`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: APP },
				body: JSON.stringify({
					probe: 'projects',
					target: { provider_key: 'azure_devops_services', organization: 'big-org' },
					credential: { auth_method: 'pat', token }
				})
			}),
			{ config, log }
		);
		const json = (await res.json()) as {
			ok?: boolean;
			data?: { projects: unknown[]; complete: boolean };
			diagnostics?: { requests?: unknown[] };
		};
		if (!json.ok || json.data?.projects.length !== 5001 || !json.data.complete)
			throw new Error('big-org projects incomplete');
		return {
			ms: performance.now() - t,
			requests: json.diagnostics?.requests?.length ?? Number.NaN,
			connections: rig.connections()
		};
	};
	const sequential = async (agent: Agent) => {
		const t = performance.now();
		let next: string | undefined;
		let count = 0;
		do {
			const res = await request(
				`${rig.origin}/big-org/_apis/projects?api-version=7.1&stateFilter=wellFormed&$top=100${next ? `&continuationToken=${next}` : ''}`,
				{
					headers: {
						authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`,
						accept: 'application/json'
					},
					dispatcher: agent
				}
			);
			const header = res.headers['x-ms-continuationtoken'];
			next = typeof header === 'string' ? header : undefined;
			count += ((await res.body.json()) as { value: unknown[] }).value.length;
		} while (next);
		if (count !== 5001) throw new Error('sequential baseline incomplete');
		return performance.now() - t;
	};

	const agent = new Agent({ connect: { ca: rig.ca } });
	try {
		await list(true);
		await list(false);
		const load = loadavg()[0];
		const cold: Awaited<ReturnType<typeof list>>[] = [];
		const warm: Awaited<ReturnType<typeof list>>[] = [];
		for (let n = 0; n < SAMPLES; n++) {
			cold.push(await list(true));
			warm.push(await list(false));
		}
		const baseline = await sequential(agent);
		const coldP50 = percentile(
			cold.map((s) => s.ms),
			50
		);
		return [
			benchLine('projects.list_5001_cold_ms', roundUp(coldP50, 0), 'ms', 1500, 'lower', {
				warm_p50_ms: roundUp(
					percentile(
						warm.map((s) => s.ms),
						50
					),
					0
				),
				cold_max_ms: roundUp(Math.max(...cold.map((s) => s.ms)), 0),
				sequential_continuation_baseline_ms: roundUp(baseline, 0),
				upstream_requests: cold[0]?.requests,
				tcp_connections_cold: Math.max(...cold.map((s) => s.connections)),
				tcp_connections_warm: Math.max(...warm.map((s) => s.connections)),
				rtt_ms: RTT_MS,
				samples: SAMPLES,
				load_average_1m: roundUp(load ?? Number.NaN, 2),
				method:
					'projects list probe for big-org (5,001 projects, 100 a page) through handleProbe to the simulator behind TLS (private CA) and a loopback TCP proxy delaying every chunk RTT/2 each way and the first client byte one more RTT; first page, then $skip pages 16 at a time; value = cold p50 (new TCP + TLS connections, OPTIONS round), rounded up; baseline = one client following continuation tokens page after page on one kept-alive connection'
			})
		];
	} finally {
		await agent.close();
		await sharedDispatchers.closeAll();
		sharedLocations.clear();
		await rig.close();
	}
}
