import { describe, expect, it } from 'vitest';
import type { ClassificationNode } from '$lib/domain';
import { indexTree } from './tree-index';
import { pickerStatus, typedOutcome, type StatusInput, type TypedOutcome } from './tree-picker';

const tree: ClassificationNode = {
	id: 1,
	name: 'Fabrikam Fiber',
	path: 'Fabrikam Fiber',
	children: [
		{
			id: 2,
			name: 'Web',
			path: 'Fabrikam Fiber\\Web',
			children: [{ id: 3, name: 'Login', path: 'Fabrikam Fiber\\Web\\Login' }]
		}
	]
};

describe('typedOutcome', () => {
	it.each<[string, TypedOutcome]>([
		['Fabrikam Fiber\\Web', { kind: 'commit', path: 'Fabrikam Fiber\\Web' }],
		['  fabrikam fiber\\web\\LOGIN ', { kind: 'commit', path: 'Fabrikam Fiber\\Web\\Login' }],
		['web login', { kind: 'unmatched', text: 'web login' }],
		['Fabrikam Fiber\\Checkout', { kind: 'unmatched', text: 'Fabrikam Fiber\\Checkout' }],
		['   ', { kind: 'restore' }],
		['', { kind: 'restore' }]
	])('%j → %j', (text, expected) => {
		expect(typedOutcome(indexTree(tree), text)).toEqual(expected);
	});

	it('takes the text as typed when nothing was discovered to pick from', () => {
		expect(typedOutcome(indexTree(undefined), ' Project\\Team ')).toEqual({
			kind: 'commit',
			path: 'Project\\Team'
		});
	});
});

describe('pickerStatus', () => {
	const base: StatusInput = {
		noun: 'area',
		total: 20_021,
		count: 20_021,
		query: '',
		active: true,
		unmatched: null,
		value: 'Big Project'
	};
	it.each<[string, Partial<StatusInput>, string]>([
		['idle: silent', { active: false }, ''],
		['open on the whole tree', {}, '20,021 of 20,021 areas match.'],
		['filtered', { query: 'web', count: 1_234 }, '1,234 of 20,021 areas match.'],
		['nothing matches while typing', { query: ' zzz ', count: 0 }, 'No area matches “zzz”.'],
		[
			'refused text with no match',
			{ active: false, query: 'zzz', count: 0, unmatched: 'zzz' },
			'No area matches “zzz”; the area path stays Big Project.'
		],
		[
			'refused text that only partly matches',
			{ active: false, query: 'web', count: 3, unmatched: 'web' },
			'“web” is not a whole area path; the area path stays Big Project. Choose one of the 3 matches.'
		],
		[
			'refused with nothing recorded yet',
			{ noun: 'iteration', count: 0, unmatched: 'x', value: '' },
			'No iteration matches “x”; no iteration path is set yet.'
		]
	])('%s', (_name, patch, expected) => {
		expect(pickerStatus({ ...base, ...patch })).toBe(expected);
	});
});
