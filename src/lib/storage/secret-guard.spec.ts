import { describe, expect, it } from 'vitest';
import { findSecret, SECRET_KEY_NAMES, assertNoSecret, SecretRefusedError } from './secret-guard';

const LIVE = 'live-token-7f3a9c';
const isSecret = (s: string) => s === LIVE;

describe('findSecret', () => {
	it.each(SECRET_KEY_NAMES.flatMap((k) => [k, k.toUpperCase()]))(
		'flags a key named %s at depth',
		(key) => {
			expect(findSecret({ draft: { results: [{ nested: { [key]: 'x' } }] } })).toEqual({
				path: `$.draft.results[0].nested.${key}`,
				reason: 'secret-key'
			});
		}
	);

	it.each([
		['a string value', { a: { b: LIVE } }, '$.a.b'],
		['an array item', { list: ['ok', LIVE] }, '$.list[1]'],
		['a top-level string', LIVE, '$'],
		['a key that is the secret', { map: { [LIVE]: 1 } }, '$.map.[secret]'],
		['a Map value', { m: new Map([['k', LIVE]]) }, '$.m<value>']
	])('flags a live secret in %s', (_label, value, path) => {
		expect(findSecret(value, isSecret)).toEqual({ path, reason: 'secret-value' });
	});

	it.each([
		[
			'names that only contain a secret word',
			{ token_expires_at: '2026-01-01', auth_method: 'pat', tokens_seen: 1 }
		],
		['the value "pat" (an auth method)', { auth_method: 'pat' }],
		['binary data', { bytes: new Uint8Array([1, 2, 3]) }],
		['null and numbers', { a: null, b: 3 }]
	])('passes %s', (_label, value) => {
		expect(findSecret(value, isSecret)).toBeNull();
	});

	it('does not loop on cycles', () => {
		const a: Record<string, unknown> = { name: 'a' };
		a.self = a;
		expect(findSecret(a, isSecret)).toBeNull();
	});

	it('throws a message that names the place, never the value', () => {
		let caught: unknown;
		try {
			assertNoSecret('draft', { x: LIVE }, isSecret);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(SecretRefusedError);
		expect((caught as Error).message).toContain('$.x');
		expect((caught as Error).message).not.toContain(LIVE);
	});
});
