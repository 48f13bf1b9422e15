import { findExact, type TreeIndex } from './tree-index';

/**
 * The tree picker's decisions that are not windowing: what typed text commits, and the sentence
 * its polite live region speaks. Kept out of the component so they are tested without a DOM.
 */

export type TypedOutcome =
	/** Commit this path (an existing node, written the way the tree writes it). */
	| { kind: 'commit'; path: string }
	/** Nothing typed (or only spaces): put the recorded value back. */
	| { kind: 'restore' }
	/** No node has this path: keep the recorded value and say so. */
	| { kind: 'unmatched'; text: string };

/**
 * What typed text means when the admin presses Enter without an active option or leaves the
 * field. Only a whole existing path commits (case-insensitive); with no discovered tree at all
 * there is nothing to pick from, so the text is taken as typed and the dry-run create checks it.
 */
export function typedOutcome(index: TreeIndex, text: string): TypedOutcome {
	const trimmed = text.trim();
	if (trimmed === '') return { kind: 'restore' };
	if (index.size === 0) return { kind: 'commit', path: trimmed };
	const i = findExact(index, trimmed);
	return i === -1
		? { kind: 'unmatched', text: trimmed }
		: { kind: 'commit', path: index.paths[i] as string };
}

export interface StatusInput {
	/** Singular noun: "area", "iteration". */
	noun: string;
	total: number;
	count: number;
	/** What the list is filtered by ('' for the whole tree). */
	query: string;
	/** The list is open or the admin is typing. */
	active: boolean;
	/** Typed text that was refused, until the admin types again. */
	unmatched: string | null;
	/** The recorded path. */
	value: string;
}

const number = (n: number) => n.toLocaleString('en-US');

export function pickerStatus({
	noun,
	total,
	count,
	query,
	active,
	unmatched,
	value
}: StatusInput): string {
	if (unmatched !== null) {
		const kept = value ? `the ${noun} path stays ${value}` : `no ${noun} path is set yet`;
		return count === 0 || query.trim() === ''
			? `No ${noun} matches “${unmatched}”; ${kept}.`
			: `“${unmatched}” is not a whole ${noun} path; ${kept}. Choose one of the ${number(count)} matches.`;
	}
	if (!active) return '';
	if (count === 0) return `No ${noun} matches “${query.trim()}”.`;
	return `${number(count)} of ${number(total)} ${noun}s match.`;
}
