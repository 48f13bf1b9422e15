/**
 * Discovery after the project is chosen, through the real probe endpoint (handleProbe →
 * url-safety → pinned transport) against two simulators, one answering every request after a
 * fixed latency and one at once, sampled side by side. The wall time as a multiple of the latency
 * is reported as asked; the sequential round trips are the extra wall time the latency causes,
 * divided by it, so building and parsing a 6.7 MB area tree (simulator and client, the same at
 * both latencies) is not counted as a trip. Independent requests run in parallel, so the target
 * is 2 (project + process/team settings, then types, fields and trees) whatever the tree size.
 */
import { handleProbe } from '../../lib/server/probe-handler';
import { createLogger } from '../../lib/server/log';
import type { OperatorConfig } from '../../lib/server/config';
import { demoToken } from '../../simulator/demo-tokens';
import { startSimulator } from '../../simulator/simulator';
import { benchLine, percentile, type BenchLine } from './bench-line';

const LATENCY_MS = Number(process.env.DISCOVERY_BENCH_LATENCY_MS ?? 100);
const SAMPLES = 12;
const WARMUP = 2;
const APP = 'http://127.0.0.1:3000';

interface Case {
	name: string;
	target: Record<string, string>;
	token: Parameters<typeof demoToken>[0];
}

export default async function discoveryBench(): Promise<BenchLine[]> {
	const slow = await startSimulator({ host: '127.0.0.1', port: 0, latencyMs: LATENCY_MS });
	const fast = await startSimulator({ host: '127.0.0.1', port: 0 });
	const configFor = (origin: string): OperatorConfig => ({
		allowlist: [`http://${new URL(origin).host}`],
		probeTimeoutMs: 30_000,
		servicesOrigin: origin,
		crossCheckOrganizations: []
	});
	const log = createLogger(() => {});
	const casesFor = (origin: string): Case[] => [
		{
			name: 'server-2022',
			target: {
				provider_key: 'azure_devops_server',
				base_url: `${origin}/ado2022/DefaultCollection`,
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

	const discover = async (origin: string, c: Case) => {
		const config = configFor(origin);
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
			{
				config,
				log
			}
		);
		const json = (await res.json()) as {
			ok?: boolean;
			code?: string;
			data?: { round_trips?: number; areas?: unknown };
		};
		if (res.status !== 200 || json.ok !== true)
			throw new Error(`discovery for ${c.name} failed: ${json.code ?? res.status}`);
		return { ms: performance.now() - t, roundTrips: json.data?.round_trips ?? Number.NaN };
	};

	const lines: BenchLine[] = [];
	try {
		const slowCases = casesFor(slow.origin);
		const fastCases = casesFor(fast.origin);
		for (const [i, c] of slowCases.entries()) {
			const z = fastCases[i] as Case;
			for (let w = 0; w < WARMUP; w++)
				await Promise.all([discover(slow.origin, c), discover(fast.origin, z)]);
			const withLatency: number[] = [];
			const without: number[] = [];
			let reported = Number.NaN;
			for (let n = 0; n < SAMPLES; n++) {
				// One after the other, in alternating order, so both sides see the same machine state.
				const slowFirst = n % 2 === 0;
				const first = await discover(slowFirst ? slow.origin : fast.origin, slowFirst ? c : z);
				const second = await discover(slowFirst ? fast.origin : slow.origin, slowFirst ? z : c);
				const [a, b] = slowFirst ? [first, second] : [second, first];
				withLatency.push(a.ms);
				without.push(b.ms);
				reported = a.roundTrips;
			}
			const p50 = percentile(withLatency, 50);
			const p50Zero = percentile(without, 50);
			const multiple = p50 / LATENCY_MS;
			const latencyCaused = (p50 - p50Zero) / LATENCY_MS;
			lines.push(
				benchLine(
					`discovery.sequential_round_trips.${c.name}`,
					Math.round(latencyCaused),
					'round trips',
					2,
					'lower',
					{
						latency_multiple_p50: Math.round(multiple * 1000) / 1000,
						latency_caused_multiple_p50: Math.round(latencyCaused * 1000) / 1000,
						p50_ms: Math.round(p50 * 10) / 10,
						p95_ms: Math.round(percentile(withLatency, 95) * 10) / 10,
						p50_ms_without_latency: Math.round(p50Zero * 10) / 10,
						simulator_latency_ms: LATENCY_MS,
						round_trips_reported_by_probe: reported,
						samples: SAMPLES,
						note: 'one discovery probe through the endpoint after the project is chosen; latency_multiple = wall time / simulator latency; round trips = (wall time with latency - wall time without) / latency'
					}
				)
			);
		}
	} finally {
		await Promise.all([slow.close(), fast.close()]);
	}
	return lines;
}
