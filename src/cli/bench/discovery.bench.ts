// Discovery after the project is chosen, through the real probe endpoint (handleProbe →
// url-safety → pinned keep-alive transport) to the simulator behind TLS and a delay proxy that
// holds every packet RTT/2 each way (network-rig.ts): TCP and TLS handshakes pay their round trips,
// requests pay theirs. Cold: the dispatcher pool and the resource-location cache emptied first
// (new TCP + TLS, one OPTIONS round); warm: the probe again right after. Cold and warm alternate
// in one run. The figure is the warm wall time divided by the round trip, everything counted
// (building and parsing the 20,000-node tree too), rounded up.
import { handleProbe } from '../../lib/server/probe-handler';
import { createLogger } from '../../lib/server/log';
import type { OperatorConfig } from '../../lib/server/config';
import { sharedLocations } from '../../lib/server/azure-devops/location-cache';
import { sharedDispatchers } from '../../lib/server/url-safety/dispatcher-pool';
import { demoToken } from '../../simulator/demo-tokens';
import { benchLine, percentile, type BenchLine } from './bench-line';
import { roundUp, startRig } from './network-rig';

const RTT_MS = Number(process.env.DISCOVERY_BENCH_RTT_MS ?? 100);
const SAMPLES = 6;
const APP = 'http://127.0.0.1:3000';

interface Case {
	name: string;
	target: Record<string, string>;
	token: Parameters<typeof demoToken>[0];
}

export default async function discoveryBench(): Promise<BenchLine[]> {
	const rig = await startRig(RTT_MS);
	const config: OperatorConfig = {
		allowlist: [new URL(rig.origin).host],
		probeTimeoutMs: 30_000,
		servicesOrigin: rig.origin,
		extraCa: rig.ca,
		crossCheckOrganizations: []
	};
	const log = createLogger(() => {});
	const cases: Case[] = [
		{
			name: 'server-2022',
			target: {
				provider_key: 'azure_devops_server',
				base_url: `${rig.origin}/ado2022/DefaultCollection`,
				project: 'Fabrikam Fiber'
			},
			token: 'least-privilege'
		},
		{
			name: 'services-agile',
			target: {
				provider_key: 'azure_devops_services',
				organization: 'fabrikam',
				project: 'Fabrikam Fiber'
			},
			token: 'least-privilege'
		},
		{
			name: 'services-inherited',
			target: {
				provider_key: 'azure_devops_services',
				organization: 'fabrikam',
				project: 'Fabrikam Security'
			},
			token: 'least-privilege'
		},
		{
			name: 'services-20k-areas',
			target: {
				provider_key: 'azure_devops_services',
				organization: 'big-org',
				project: 'Big Project'
			},
			token: 'least-privilege-big'
		}
	];

	const discover = async (c: Case, cold: boolean) => {
		if (cold) {
			await sharedDispatchers.closeAll();
			sharedLocations.clear();
		}
		rig.resetConnections();
		const body = JSON.stringify({
			probe: 'discovery',
			target: c.target,
			credential: { auth_method: 'pat', token: demoToken(c.token).token }
		});
		const t = performance.now();
		const res = await handleProbe(
			new Request(`${APP}/api/azure-devops/probe`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: APP },
				body
			}),
			{ config, log }
		);
		const json = (await res.json()) as {
			ok?: boolean;
			code?: string;
			check?: string;
			data?: { round_trips?: number };
			diagnostics?: { requests?: unknown[] };
		};
		if (res.status !== 200 || json.ok !== true)
			throw new Error(`discovery for ${c.name} failed: ${json.code ?? res.status} ${json.check}`);
		return {
			ms: performance.now() - t,
			roundTrips: json.data?.round_trips ?? Number.NaN,
			requests: json.diagnostics?.requests?.length ?? Number.NaN,
			connections: rig.connections()
		};
	};

	const lines: BenchLine[] = [];
	try {
		for (const c of cases) {
			// JIT and simulator caches warmed; not measured.
			await discover(c, true);
			await discover(c, false);
			const cold: Awaited<ReturnType<typeof discover>>[] = [];
			const warm: Awaited<ReturnType<typeof discover>>[] = [];
			for (let n = 0; n < SAMPLES; n++) {
				cold.push(await discover(c, true));
				warm.push(await discover(c, false));
			}
			const warmP50 = percentile(
				warm.map((s) => s.ms),
				50
			);
			const coldP50 = percentile(
				cold.map((s) => s.ms),
				50
			);
			lines.push(
				benchLine(
					`discovery.wall_time_rtt_multiple.${c.name}`,
					roundUp(warmP50 / RTT_MS, 2),
					'round trips',
					2.3,
					'lower',
					{
						warm_p50_ms: roundUp(warmP50, 1),
						warm_p95_ms: roundUp(
							percentile(
								warm.map((s) => s.ms),
								95
							),
							1
						),
						cold_p50_ms: roundUp(coldP50, 1),
						cold_rtt_multiple_p50: roundUp(coldP50 / RTT_MS, 2),
						cold_extra_ms: roundUp(coldP50 - warmP50, 1),
						rtt_ms: RTT_MS,
						round_trips_reported_by_probe_warm: warm[0]?.roundTrips,
						round_trips_reported_by_probe_cold: cold[0]?.roundTrips,
						upstream_requests_warm: warm[0]?.requests,
						upstream_requests_cold: cold[0]?.requests,
						tcp_connections_warm: Math.max(...warm.map((s) => s.connections)),
						tcp_connections_cold: Math.max(...cold.map((s) => s.connections)),
						samples: SAMPLES,
						method:
							'one discovery probe through handleProbe to the simulator behind TLS (private CA) and a loopback TCP proxy delaying every chunk by RTT/2 each way and the first client byte by one more RTT (TCP handshake); warm = right after a probe (pooled keep-alive connection, cached resource locations), cold = pool and location cache emptied first (TCP + TLS + OPTIONS round); value = warm p50 wall time / RTT, all CPU included, rounded up'
					}
				)
			);
		}
	} finally {
		await sharedDispatchers.closeAll();
		sharedLocations.clear();
		await rig.close();
	}
	return lines;
}
