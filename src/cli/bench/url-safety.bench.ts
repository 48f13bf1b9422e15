/**
 * assessBaseUrl throughput: a mixed set of accepted and blocked vectors (Services and Server,
 * literals and names, allowlisted and not) with an injected resolver, so only the safety work is
 * timed. Several timed rounds after a warm-up; the median round is reported.
 */
import { assessBaseUrl } from '../../lib/server/url-safety';
import { benchLine, percentile, type BenchLine } from './bench-line';

type Vec = { input: string; context: 'services' | 'server'; allowlist?: string[]; dns: string[] };

const ALLOW = ['tfs.corp', 'http://127.0.0.1:8081', '10.20.0.0/16:8443', 'http://lab.corp'];
const VECTORS: Vec[] = [
	{ input: 'https://dev.azure.com/fabrikam', context: 'services', dns: ['13.107.42.20'] },
	{
		input: 'https://fabrikam.visualstudio.com/DefaultCollection',
		context: 'services',
		dns: ['13.107.6.183']
	},
	{ input: 'https://dev.azure.com@evil.com/', context: 'services', dns: ['93.184.216.34'] },
	{ input: 'https://vssps.dev.azure.com/org', context: 'services', dns: ['13.107.42.20'] },
	{ input: 'http://dev.azure.com/org', context: 'services', dns: ['13.107.42.20'] },
	{
		input: 'https://tfs.corp/tfs/DefaultCollection',
		context: 'server',
		allowlist: ALLOW,
		dns: ['10.0.0.5', '10.0.0.6']
	},
	{
		input: 'https://tfs.example.com:8443/DefaultCollection',
		context: 'server',
		allowlist: ALLOW,
		dns: ['93.184.216.34', '2606:2800:220:1::']
	},
	{ input: 'http://127.0.0.1:8081/', context: 'server', allowlist: ALLOW, dns: [] },
	{ input: 'https://10.20.1.1:8443/tfs', context: 'server', allowlist: ALLOW, dns: [] },
	{ input: 'http://lab.corp:8080/tfs', context: 'server', allowlist: ALLOW, dns: ['192.168.1.20'] },
	{ input: 'https://[::ffff:7f00:1]/', context: 'server', allowlist: ALLOW, dns: [] },
	{ input: 'https://[64:ff9b::a9fe:a9fe]/', context: 'server', dns: [] },
	{ input: 'https://0x7f.1/', context: 'server', dns: [] },
	{ input: 'https://169.254.169.254/latest/meta-data/', context: 'server', dns: [] },
	{
		input: 'https://rebind.example/',
		context: 'server',
		allowlist: ALLOW,
		dns: ['93.184.216.34', '127.0.0.1']
	},
	{ input: 'https://internal.example/', context: 'server', dns: ['172.16.4.4'] },
	{ input: 'https://metadata.google.internal/', context: 'server', dns: [] },
	{ input: 'https://example.com:22/', context: 'server', dns: [] },
	{ input: 'https://user:pw@example.com/', context: 'server', dns: [] },
	{ input: 'https://exa\tmple.com/', context: 'server', dns: [] }
];

const ROUNDS = 7;
const PER_ROUND = 20_000;

export default async (): Promise<BenchLine[]> => {
	const resolvers = VECTORS.map((v) => async () => v.dns);
	let accepted = 0;
	const runOne = async (i: number) => {
		const v = VECTORS[i % VECTORS.length] as Vec;
		const r = await assessBaseUrl(v.input, {
			context: v.context,
			resolve: resolvers[i % VECTORS.length] as () => Promise<string[]>,
			...(v.allowlist ? { allowlist: v.allowlist } : {})
		});
		if (r.ok) accepted++;
	};
	for (let i = 0; i < 5_000; i++) await runOne(i);
	accepted = 0;
	const rates: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		const start = process.hrtime.bigint();
		for (let i = 0; i < PER_ROUND; i++) await runOne(i);
		const seconds = Number(process.hrtime.bigint() - start) / 1e9;
		rates.push(PER_ROUND / seconds);
	}
	const median = percentile(rates, 50);
	return [
		benchLine('url-safety.assessments_per_second', median, 'assessments/s', 20_000, 'higher', {
			vectors: VECTORS.length,
			accepted_share: Math.round((accepted / (ROUNDS * PER_ROUND)) * 1000) / 1000,
			rounds: ROUNDS,
			per_round: PER_ROUND,
			min: Math.round(Math.min(...rates)),
			max: Math.round(Math.max(...rates)),
			resolver: 'injected (no DNS)'
		})
	];
};
