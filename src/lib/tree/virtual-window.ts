/**
 * Windowing maths for a fixed-row-height list: which rows to render for a scroll position, how
 * tall the spacers around them are, and how keys move the active row. No DOM: the component
 * feeds in numbers and applies the answer.
 */

export interface WindowInput {
	count: number;
	rowHeight: number;
	viewportHeight: number;
	scrollTop: number;
	/** Extra rows rendered above and below the viewport so fast scrolling shows no gaps. */
	overscan: number;
}

export interface RowWindow {
	/** First rendered index (inclusive). */
	first: number;
	/** Last rendered index (exclusive); equals `first` when nothing is rendered. */
	end: number;
	/** Height standing in for the rows above `first`. */
	top: number;
	/** Height standing in for the rows from `end` on. */
	bottom: number;
}

/** Largest scrollTop the list allows. */
export function maxScrollTop(count: number, rowHeight: number, viewportHeight: number): number {
	return Math.max(0, count * rowHeight - viewportHeight);
}

export function visibleWindow({
	count,
	rowHeight,
	viewportHeight,
	scrollTop,
	overscan
}: WindowInput): RowWindow {
	if (count <= 0 || rowHeight <= 0) return { first: 0, end: 0, top: 0, bottom: 0 };
	const top = Math.min(Math.max(0, scrollTop), maxScrollTop(count, rowHeight, viewportHeight));
	const firstVisible = Math.floor(top / rowHeight);
	const lastVisible = Math.ceil((top + viewportHeight) / rowHeight); // exclusive
	const first = Math.max(0, firstVisible - overscan);
	const end = Math.min(count, lastVisible + overscan);
	return { first, end, top: first * rowHeight, bottom: (count - end) * rowHeight };
}

/**
 * The scrollTop that shows row `index` whole, moving as little as possible: unchanged when it is
 * already in view, aligned to the top when it is above, to the bottom when it is below.
 */
export function scrollToShow(
	index: number,
	rowHeight: number,
	viewportHeight: number,
	scrollTop: number
): number {
	if (index < 0) return scrollTop;
	const rowTop = index * rowHeight;
	const rowBottom = rowTop + rowHeight;
	if (rowTop < scrollTop) return rowTop;
	if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
	return scrollTop;
}

const NAVIGATION_KEYS = ['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp'] as const;
export type NavigationKey = (typeof NAVIGATION_KEYS)[number];

export function isNavigationKey(key: string): key is NavigationKey {
	return (NAVIGATION_KEYS as readonly string[]).includes(key);
}

/**
 * The active row after a key, clamped to the list (no wrapping, so End then ArrowDown stays put).
 * `active` is -1 when no row is active yet: ArrowDown then starts at the first row, ArrowUp at the last.
 */
export function moveActive(
	active: number,
	key: NavigationKey,
	count: number,
	pageSize: number
): number {
	if (count <= 0) return -1;
	const last = count - 1;
	const page = Math.max(1, pageSize);
	const clamp = (i: number) => Math.min(last, Math.max(0, i));
	switch (key) {
		case 'ArrowDown':
			return active < 0 ? 0 : clamp(active + 1);
		case 'ArrowUp':
			return active < 0 ? last : clamp(active - 1);
		case 'Home':
			return 0;
		case 'End':
			return last;
		case 'PageDown':
			return clamp((active < 0 ? -1 : active) + page);
		case 'PageUp':
			return active < 0 ? 0 : clamp(active - page);
	}
}
