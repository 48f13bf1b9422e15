import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildFacts, type Facts } from '../../lib/policy/facts';
import { createEvaluator } from '../../lib/policy/evaluate';
import { loadNodeRuleSet } from '../../lib/policy/rules.node.js';
import {
	READY_SERVER_DRAFT,
	READY_SERVICES_DRAFT,
	SAMPLE_NOW
} from '../../lib/policy/sample-drafts';
import { benchLine, percentile, type BenchLine } from './bench-line';

/** One full evaluation of the whole rule set (both passes, facts validation, trace). */
export default async function rulesBench(): Promise<BenchLine[]> {
	const ruleSet = loadNodeRuleSet();
	const evaluate = createEvaluator(ruleSet);
	const inputs: [Facts, Facts] = [
		buildFacts(READY_SERVICES_DRAFT, SAMPLE_NOW),
		buildFacts({ ...READY_SERVER_DRAFT, allowlist_status: 'pending' }, SAMPLE_NOW)
	];
	for (let i = 0; i < 300; i++) await evaluate(inputs[i % 2 === 0 ? 0 : 1]);
	const samples: number[] = [];
	const runs = 4000;
	const start = performance.now();
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await evaluate(inputs[i % 2 === 0 ? 0 : 1]);
		samples.push(performance.now() - t);
	}
	const total = performance.now() - start;
	const detail = {
		rules: ruleSet.rules.length,
		runs,
		inputs: 'ready Services; Server with a pending network path',
		load_average_1m: Math.round((loadavg()[0] ?? 0) * 100) / 100
	};
	return [
		benchLine('rules.evaluate.median', percentile(samples, 50), 'ms', 1, 'lower', detail),
		benchLine('rules.evaluate.p99', percentile(samples, 99), 'ms', 5, 'lower', detail),
		benchLine(
			'rules.evaluate.per_second',
			(runs / total) * 1000,
			'evaluations/s',
			1000,
			'higher',
			detail
		)
	];
}
