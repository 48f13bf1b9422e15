import { FACTS_BY_NAME } from './facts';
import type { LeafCondition } from './rule-file.schema';

/** Plain words for conditions, shared by the trace, the "Why is this blocked?" panel and the report. */

const OPERATOR_WORDS: Record<string, string> = {
	equal: 'is',
	notEqual: 'is not',
	in: 'is one of',
	notIn: 'is not one of',
	contains: 'includes',
	doesNotContain: 'does not include',
	lessThan: 'is less than',
	lessThanInclusive: 'is at most',
	greaterThan: 'is more than',
	greaterThanInclusive: 'is at least'
};

export function valueWords(value: unknown): string {
	if (value === null || value === undefined) return 'unknown (not set)';
	if (value === true) return 'yes';
	if (value === false) return 'no';
	if (Array.isArray(value))
		return value.length === 0 ? 'nothing' : value.map(valueWords).join(', ');
	if (typeof value === 'string') return `"${value}"`;
	return String(value);
}

/** "the network path (allowlist_status) is one of "direct", "allowlisted"". */
export function leafWords(c: LeafCondition): string {
	const label = FACTS_BY_NAME.get(c.fact)?.label ?? c.fact;
	return `${label} (${c.fact}) ${OPERATOR_WORDS[c.operator] ?? c.operator} ${valueWords(c.value)}`;
}
