import { describe, expect, it } from 'vitest';
import {
	isNavigationKey,
	maxScrollTop,
	moveActive,
	scrollToShow,
	visibleWindow,
	type NavigationKey,
	type RowWindow,
	type WindowInput
} from './virtual-window';

const base: WindowInput = {
	count: 20_000,
	rowHeight: 40,
	viewportHeight: 320,
	scrollTop: 0,
	overscan: 2
};

describe('visibleWindow', () => {
	it.each<[string, Partial<WindowInput>, RowWindow]>([
		[
			'at the top: 8 visible rows plus overscan below only',
			{},
			{ first: 0, end: 10, top: 0, bottom: 19_990 * 40 }
		],
		[
			'mid-list, aligned to a row',
			{ scrollTop: 4000 },
			{ first: 98, end: 110, top: 98 * 40, bottom: 19_890 * 40 }
		],
		[
			'mid-list, between rows: the partly visible rows count',
			{ scrollTop: 4010 },
			{ first: 98, end: 111, top: 98 * 40, bottom: 19_889 * 40 }
		],
		[
			'at the very end',
			{ scrollTop: 20_000 * 40 - 320 },
			{ first: 19_990, end: 20_000, top: 19_990 * 40, bottom: 0 }
		],
		[
			'scrollTop past the end is clamped (the list shrank under the scroll)',
			{ scrollTop: 10_000_000 },
			{ first: 19_990, end: 20_000, top: 19_990 * 40, bottom: 0 }
		],
		[
			'negative scrollTop (overscroll bounce) is clamped',
			{ scrollTop: -50 },
			{ first: 0, end: 10, top: 0, bottom: 19_990 * 40 }
		],
		['fewer rows than fit', { count: 3 }, { first: 0, end: 3, top: 0, bottom: 0 }],
		['no rows', { count: 0 }, { first: 0, end: 0, top: 0, bottom: 0 }],
		[
			'no overscan',
			{ overscan: 0, scrollTop: 400 },
			{ first: 10, end: 18, top: 400, bottom: 19_982 * 40 }
		]
	])('%s', (_name, patch, expected) => {
		const w = visibleWindow({ ...base, ...patch });
		expect(w).toEqual(expected);
		// Spacers plus rendered rows always add up to the full list height.
		const count = patch.count ?? base.count;
		expect(w.top + (w.end - w.first) * base.rowHeight + w.bottom).toBe(count * base.rowHeight);
	});

	it('renders a bounded number of rows wherever the list is scrolled', () => {
		for (const scrollTop of [0, 1, 39, 41, 123_456, 799_679, 800_000]) {
			const w = visibleWindow({ ...base, scrollTop });
			expect(w.end - w.first).toBeLessThanOrEqual(320 / 40 + 1 + 2 * base.overscan);
		}
	});
});

describe('maxScrollTop', () => {
	it.each([
		[100, 40, 320, 3680],
		[5, 40, 320, 0],
		[0, 40, 320, 0]
	])('%i rows of %ipx in %ipx → %i', (count, row, viewport, expected) => {
		expect(maxScrollTop(count, row, viewport)).toBe(expected);
	});
});

describe('scrollToShow', () => {
	it.each<[string, number, number, number]>([
		['already in view: unchanged', 3, 0, 0],
		['last fully visible row: unchanged', 7, 0, 0],
		['one below the viewport: aligns its bottom with the viewport bottom', 8, 0, 40],
		['far below: aligns its bottom', 100, 0, 101 * 40 - 320],
		['above the viewport: aligns its top', 2, 400, 80],
		['partly hidden at the top: aligns its top', 10, 410, 400],
		['partly hidden at the bottom: aligns its bottom', 18, 410, 19 * 40 - 320],
		['no active row: unchanged', -1, 410, 410]
	])('%s', (_name, index, scrollTop, expected) => {
		expect(scrollToShow(index, 40, 320, scrollTop)).toBe(expected);
	});
});

describe('moveActive', () => {
	it.each<[NavigationKey, number, number]>([
		['ArrowDown', -1, 0],
		['ArrowDown', 0, 1],
		['ArrowDown', 99, 99],
		['ArrowUp', -1, 99],
		['ArrowUp', 5, 4],
		['ArrowUp', 0, 0],
		['Home', 50, 0],
		['End', 3, 99],
		['PageDown', -1, 7],
		['PageDown', 10, 18],
		['PageDown', 95, 99],
		['PageUp', 20, 12],
		['PageUp', 3, 0],
		['PageUp', -1, 0]
	])('%s from %i in 100 rows (page 8) → %i', (key, from, expected) => {
		expect(moveActive(from, key, 100, 8)).toBe(expected);
	});

	it('has nowhere to go in an empty list', () => {
		expect(moveActive(3, 'ArrowDown', 0, 8)).toBe(-1);
		expect(moveActive(-1, 'End', 0, 8)).toBe(-1);
	});

	it('knows its keys and no others', () => {
		expect(['ArrowDown', 'PageUp', 'Home'].every(isNavigationKey)).toBe(true);
		expect(['Enter', 'ArrowLeft', 'a', 'Escape'].some(isNavigationKey)).toBe(false);
	});
});
