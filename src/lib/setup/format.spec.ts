import { describe, expect, it } from 'vitest';
import { filterByText, formatUtc } from './format';

describe('format helpers', () => {
	it('shows a timestamp that is not a date as it is', () => {
		expect(formatUtc('not a date')).toBe('not a date');
	});

	it('filters case-insensitively and keeps order', () => {
		expect(filterByText(['Fabrikam Fiber', 'Contoso', 'fabric'], 'FAB', (s) => s)).toEqual([
			'Fabrikam Fiber',
			'fabric'
		]);
		expect(filterByText(['a', 'b'], '  ', (s) => s)).toEqual(['a', 'b']);
	});
});
