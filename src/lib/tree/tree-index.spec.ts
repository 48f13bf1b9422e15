import { describe, expect, it } from 'vitest';
import type { ClassificationNode } from '$lib/domain';
import {
	filterTree,
	findExact,
	indexTree,
	matchRanges,
	queryTerms,
	rowText,
	segments
} from './tree-index';

let nextId = 1;
function node(path: string, children: ClassificationNode[] = []): ClassificationNode {
	return { id: nextId++, name: path.split('\\').at(-1) as string, path, children };
}

const tree = node('Big Project', [
	node('Big Project\\Web', [node('Big Project\\Web\\Payments'), node('Big Project\\Web\\Login')]),
	node('Big Project\\Mobile', [node('Big Project\\Mobile\\Payments')]),
	node('Big Project\\Website')
]);

const paths = (query: string) => {
	const index = indexTree(tree);
	return [...filterTree(index, query).indices].map((i) => index.paths[i]);
};

describe('indexTree', () => {
	it('flattens in pre-order with names, depths and parents', () => {
		const index = indexTree(tree);
		expect(index.size).toBe(7);
		expect(index.paths).toEqual([
			'Big Project',
			'Big Project\\Web',
			'Big Project\\Web\\Payments',
			'Big Project\\Web\\Login',
			'Big Project\\Mobile',
			'Big Project\\Mobile\\Payments',
			'Big Project\\Website'
		]);
		expect(index.names).toEqual([
			'Big Project',
			'Web',
			'Payments',
			'Login',
			'Mobile',
			'Payments',
			'Website'
		]);
		expect([...index.depths]).toEqual([0, 1, 2, 2, 1, 2, 1]);
		expect([...index.parents]).toEqual([-1, 0, 1, 1, 0, 4, 0]);
		expect(index.searchText[2]).toBe('big project\\web\\payments');
	});

	it('indexes the same tree object once', () => {
		expect(indexTree(tree)).toBe(indexTree(tree));
	});

	it('answers an empty index for no tree', () => {
		expect(indexTree(undefined).size).toBe(0);
		expect(filterTree(indexTree(undefined), 'x').indices.length).toBe(0);
	});

	it('survives a tree deeper than the call stack would allow recursively', () => {
		let leaf = node('P');
		const root = leaf;
		for (let d = 1; d <= 20_000; d++) {
			// Short made-up paths: real ones would be 20,000 segments long.
			const child = node(`P\\n${d}`);
			leaf.children = [child];
			leaf = child;
		}
		const index = indexTree(root);
		expect(index.size).toBe(20_001);
		expect(index.depths[20_000]).toBe(20_000);
	});
});

describe('filterTree', () => {
	it.each<[string, string, string[]]>([
		['every term must occur, in tree order', 'web pay', ['Big Project\\Web\\Payments']],
		[
			'case-insensitive',
			'PAYMENTS',
			['Big Project\\Web\\Payments', 'Big Project\\Mobile\\Payments']
		],
		['a path fragment with a backslash', 'web\\l', ['Big Project\\Web\\Login']],
		[
			'matches ancestors and descendants of a typed path alike',
			'project\\web',
			[
				'Big Project\\Web',
				'Big Project\\Web\\Payments',
				'Big Project\\Web\\Login',
				'Big Project\\Website'
			]
		],
		['terms in any order', 'payments mobile', ['Big Project\\Mobile\\Payments']],
		['extra whitespace is ignored', '  web   login ', ['Big Project\\Web\\Login']],
		['nothing matches', 'checkout', []]
	])('%s: %j', (_name, query, expected) => {
		expect(paths(query)).toEqual(expected);
	});

	it('an empty query is the whole tree, without copying it', () => {
		const index = indexTree(tree);
		expect(filterTree(index, '   ').indices).toBe(index.all);
		expect(paths('')).toHaveLength(7);
	});

	it('narrows the previous answer while typing on, with the same result as a fresh scan', () => {
		const index = indexTree(tree);
		const first = filterTree(index, 'pay');
		// A previous answer that is not a superset proves the narrowing path is taken...
		const rigged = { ...first, indices: Int32Array.from([5]) };
		expect([...filterTree(index, 'paym', rigged).indices]).toEqual([5]);
		// ...and is not taken when the query widened or changed.
		expect([...filterTree(index, 'pa', rigged).indices]).toEqual([2, 5]);
		expect([...filterTree(index, 'web', rigged).indices]).toEqual([1, 2, 3, 6]);
		// With an honest previous answer the narrowed and fresh scans agree.
		expect([...filterTree(index, 'payments web', first).indices]).toEqual([
			...filterTree(index, 'payments web').indices
		]);
	});

	it('ignores a previous answer from another tree', () => {
		const other = indexTree(node('Other', [node('Other\\Pay')]));
		const index = indexTree(tree);
		expect([...filterTree(index, 'pay', filterTree(other, 'pa')).indices]).toEqual([2, 5]);
	});
});

describe('findExact', () => {
	it.each<[string, number]>([
		['Big Project\\Web\\Login', 3],
		['big project\\web\\login', 3],
		['  Big Project\\Website ', 6],
		['Big Project\\Web\\', -1],
		['Web\\Login', -1],
		['', -1]
	])('%j → %i', (text, expected) => {
		expect(findExact(indexTree(tree), text)).toBe(expected);
	});
});

describe('queryTerms and matched text', () => {
	it('splits on whitespace and lower-cases', () => {
		expect(queryTerms(' Web  PAY\t')).toEqual(['web', 'pay']);
		expect(queryTerms('')).toEqual([]);
	});

	it.each<[string, string[], Array<[number, number]>]>([
		[
			'abcabc',
			['bc'],
			[
				[1, 3],
				[4, 6]
			]
		],
		['abcdef', ['cd', 'bc'], [[1, 4]]],
		['abcdef', ['ab', 'cd'], [[0, 4]]],
		['abcdef', ['zz'], []]
	])('ranges of %j for %j', (text, terms, expected) => {
		expect(matchRanges(text, terms)).toEqual(expected);
	});

	it('cuts a slice into plain and marked pieces', () => {
		expect(
			segments(
				'Big Project\\Web',
				[
					[4, 7],
					[12, 15]
				],
				4
			)
		).toEqual([
			{ text: 'Pro', mark: true },
			{ text: 'ject\\', mark: false },
			{ text: 'Web', mark: true }
		]);
		expect(segments('abc', [])).toEqual([{ text: 'abc', mark: false }]);
	});

	it('shows the name and, while filtering, the parent path with the matches marked', () => {
		const index = indexTree(tree);
		expect(rowText(index, 2, queryTerms('web pay'))).toEqual({
			name: [
				{ text: 'Pay', mark: true },
				{ text: 'ments', mark: false }
			],
			context: [
				{ text: 'Big Project\\', mark: false },
				{ text: 'Web', mark: true }
			]
		});
		expect(rowText(index, 2, [])).toEqual({
			name: [{ text: 'Payments', mark: false }],
			context: []
		});
		expect(rowText(index, 0, ['big'])).toEqual({
			name: [
				{ text: 'Big', mark: true },
				{ text: ' Project', mark: false }
			],
			context: []
		});
	});
});
