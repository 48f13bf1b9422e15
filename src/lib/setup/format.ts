// Display helpers the views share.

/** Timestamps are shown the same way for every admin, whatever their browser's zone. */
export function formatUtc(iso: string): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Filter for long lists (projects): case-insensitive substring, order kept. */
export function filterByText<T>(
	items: readonly T[],
	query: string,
	text: (item: T) => string,
	limit = Infinity
): T[] {
	const q = query.trim().toLowerCase();
	const out: T[] = [];
	for (const item of items) {
		if (out.length >= limit) break;
		if (q === '' || text(item).toLowerCase().includes(q)) out.push(item);
	}
	return out;
}
