/**
 * Portable fallback generation, in the browser's main thread: parse a findings file, build the
 * three files and hash one of them. The admin clicks and waits, so a 1000-finding file should be
 * ready within 250 ms (well under a second on 2 cores); a 5000-finding file (the parser's cap)
 * within 1.5 s. Figures are p50 of several runs.
 */
import { parseFindings } from '$lib/export/findings.schema';
import type { ExportMapping } from '$lib/export/export-mapping';
import { buildPortableExport, sha256Hex } from '$lib/export/portable-export';
import { benchLine, percentile, type BenchLine } from './bench-line';

const mapping: ExportMapping = {
	organization: 'fabrikam',
	project: 'Fabrikam Fiber',
	work_item_type: 'Bug',
	area_path: 'Fabrikam Fiber\\Web',
	iteration_path: 'Fabrikam Fiber\\Sprint 1',
	priority_mapping: { critical: 1, high: 2, medium: 3, low: 4 },
	severity_mapping: {
		critical: '1 - Critical',
		high: '2 - High',
		medium: '3 - Medium',
		low: '4 - Low'
	}
};

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

function file(n: number): string {
	return JSON.stringify({
		findings: Array.from({ length: n }, (_, i) => ({
			id: `WRO-F-${i}`,
			source_type: 'report_issue',
			source_id: `report-1/issue-${i}`,
			title: `Finding ${i}: "quoted", with commas, and = signs`,
			severity: SEVERITIES[i % 4],
			affected_url: `https://www.example.com/page/${i}?q=${i}`,
			description:
				`Line one of ${i}\nLine two with token=abc${i} and http://10.0.0.${i % 255}/x\n`.repeat(4),
			acceptance_criteria: ['It is fixed.', 'A rescan is clean.'],
			labels: ['label-a', 'label;b']
		}))
	});
}

async function run(n: number, rounds: number): Promise<number[]> {
	const text = file(n);
	const times: number[] = [];
	for (let r = 0; r < rounds; r++) {
		const start = performance.now();
		const parsed = parseFindings(text);
		const out = buildPortableExport({
			findings: parsed.findings,
			mapping,
			reason: 'bench',
			sample_data: false,
			generated_at: '2026-11-26T21:00:00.000Z'
		});
		await sha256Hex(out.files.csv_export.content);
		times.push(performance.now() - start);
	}
	return times;
}

export default async (): Promise<BenchLine[]> => {
	await run(100, 3); // warm-up
	const t1000 = await run(1000, 9);
	const t5000 = await run(5000, 5);
	return [
		benchLine('portable-export.1000-findings.p50', percentile(t1000, 50), 'ms', 250, 'lower', {
			rounds: t1000.length,
			p95_ms: percentile(t1000, 95)
		}),
		benchLine('portable-export.5000-findings.p50', percentile(t5000, 50), 'ms', 1500, 'lower', {
			rounds: t5000.length
		})
	];
};
