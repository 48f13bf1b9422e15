/**
 * Simulator figures: cold start (must stay under 300 ms so tests and `npm start` do not wait),
 * dry-run create latency, and the large fixtures (first build of 20,020 area nodes, 5,001
 * projects paged at 100).
 */
import { benchLine, percentile, type BenchLine } from './bench-line';
import { demoToken } from '../../simulator/demo-tokens';
import { startSimulator } from '../../simulator/simulator';

const auth = (id: Parameters<typeof demoToken>[0]) => ({
	Authorization: `Basic ${Buffer.from(`:${demoToken(id).token}`).toString('base64')}`,
	'X-TFS-FedAuthRedirect': 'Suppress'
});

export default async (): Promise<BenchLine[]> => {
	const t0 = performance.now();
	const sim = await startSimulator();
	const startup = performance.now() - t0;
	try {
		const samples: number[] = [];
		const body = JSON.stringify([
			{ op: 'add', path: '/fields/System.Title', value: 'Bench finding' }
		]);
		// The first 20 calls warm the JIT and are not counted.
		for (let i = 0; i < 220; i++) {
			const s = performance.now();
			const res = await fetch(
				`${sim.origin}/fabrikam/Fabrikam%20Fiber/_apis/wit/workitems/$Bug?validateOnly=true&api-version=7.1`,
				{
					method: 'POST',
					headers: { ...auth('least-privilege'), 'Content-Type': 'application/json-patch+json' },
					body
				}
			);
			await res.arrayBuffer();
			if (i >= 20) samples.push(performance.now() - s);
		}

		const a = performance.now();
		const tree = await fetch(
			`${sim.origin}/big-org/Big%20Project/_apis/wit/classificationnodes/areas?$depth=3&api-version=7.1`,
			{ headers: auth('least-privilege-big') }
		);
		const treeBytes = (await tree.arrayBuffer()).byteLength;
		const treeMs = performance.now() - a;

		const p = performance.now();
		let token: string | null = null;
		let pages = 0;
		do {
			const res: Response = await fetch(
				`${sim.origin}/big-org/_apis/projects?api-version=7.1${token ? `&continuationToken=${token}` : ''}`,
				{ headers: auth('least-privilege-big') }
			);
			await res.arrayBuffer();
			token = res.headers.get('x-ms-continuationtoken');
			pages++;
		} while (token);
		const pagingMs = performance.now() - p;

		return [
			benchLine('simulator-startup', startup, 'ms', 300, 'lower'),
			benchLine('simulator-validate-only-p95', percentile(samples, 95), 'ms', 20, 'lower', {
				samples: samples.length,
				p50: percentile(samples, 50)
			}),
			benchLine('simulator-big-area-tree', treeMs, 'ms', 2000, 'lower', {
				nodes: 20020,
				bytes: treeBytes
			}),
			benchLine('simulator-big-org-paging', pagingMs, 'ms', 3000, 'lower', {
				pages,
				projects: 5001
			})
		];
	} finally {
		await sim.close();
	}
};
