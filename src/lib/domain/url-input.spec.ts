import { describe, expect, it } from 'vitest';
import { firstIssue, serverBaseUrlSchema } from './fields.schema';
import { canonicalCollectionUrl, URL_INPUT_MESSAGES, urlInputProblem } from './url-input';
import { CANONICAL_URL_INPUTS, REFUSED_URL_INPUTS } from './url-input.fixtures';

const shown = (value: string) =>
	JSON.stringify(value.length > 80 ? `${value.slice(0, 60)}…` : value);

describe('raw URL input gate (before any parser)', () => {
	it.each(REFUSED_URL_INPUTS.map(([value, check]) => [shown(value), value, check] as const))(
		'%s is refused by check %s',
		(_name, value, check) => {
			const problem = urlInputProblem(value);
			expect(problem?.check).toBe(check);
			expect(problem?.message).toBe(URL_INPUT_MESSAGES[check]);
			// The log reason names a position, never the typed string (it may hold a secret).
			expect(problem?.reason).not.toContain('devops.example.com');
		}
	);

	it.each(REFUSED_URL_INPUTS.map(([value, check]) => [shown(value), value, check] as const))(
		'the browser field shows the plain message for %s',
		(_name, value, check) => {
			expect(firstIssue(serverBaseUrlSchema.safeParse(value))).toBe(URL_INPUT_MESSAGES[check]);
			expect(canonicalCollectionUrl(value)).toBeNull();
		}
	);

	it('every check has its own message', () => {
		const messages = Object.values(URL_INPUT_MESSAGES);
		expect(new Set(messages).size).toBe(messages.length);
		const checks = new Set(REFUSED_URL_INPUTS.map(([, check]) => check));
		expect([...checks].sort()).toEqual(Object.keys(URL_INPUT_MESSAGES).sort());
	});

	it.each([
		'https://devops.example.com/tfs/DefaultCollection',
		'http://127.0.0.1:8081/ado2022/DefaultCollection',
		'https://devops.example.com/tfs/Default%20Collection',
		'https://xn--bcher-kva.example/tfs/Coll',
		`https://devops.example.com/${'c'.repeat(2048 - 'https://devops.example.com/'.length)}`
	])('lets %s through to the parser', (value) => {
		expect(urlInputProblem(value)).toBeNull();
	});
});

describe('canonical collection URL (what is checked, stored and shown)', () => {
	it.each(CANONICAL_URL_INPUTS)('%s is stored as %s', (typed, canonical) => {
		expect(canonicalCollectionUrl(typed)).toBe(canonical);
		expect(serverBaseUrlSchema.parse(typed)).toBe(canonical);
		// Canonical is a fixed point: checking it again changes nothing.
		expect(serverBaseUrlSchema.parse(canonical)).toBe(canonical);
	});
});
