/** One benchmark figure, printed as one JSON line by `npm run bench` (docs/architecture.md §8). */
export interface BenchLine {
	bench: string;
	value: number;
	unit: string;
	target: number;
	/** value compared with target in the direction `better` says. */
	ok: boolean;
	detail: Record<string, unknown>;
}

export function benchLine(
	bench: string,
	value: number,
	unit: string,
	target: number,
	better: 'lower' | 'higher',
	detail: Record<string, unknown> = {}
): BenchLine {
	const rounded = Math.round(value * 1000) / 1000;
	return {
		bench,
		value: rounded,
		unit,
		target,
		ok: better === 'lower' ? value <= target : value >= target,
		detail
	};
}

/** Percentile of an unsorted sample (nearest-rank). */
export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank] as number;
}

export type BenchModule = { default: () => Promise<BenchLine[]> };
