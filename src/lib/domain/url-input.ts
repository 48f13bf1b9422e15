// The raw-input gate for a typed URL, shared by the browser field schema and the server's
// url-safety (docs/architecture.md §7, step 1). It runs on the string as typed, before any parser:
// the WHATWG parser silently drops TAB/CR/LF, reads "\" as "/", maps fullwidth digits and
// ideographic full stops to ASCII and forgets an empty "@", so checking the parsed result lets
// through strings that other parsers (Python's, curl's) read as a different host.

const URL_INPUT_MAX = 2048;

/** One check name per class of raw-input problem; the server logs it as the url-safety check. */
export type UrlInputCheck =
	| 'empty'
	| 'too-long'
	| 'control-character'
	| 'whitespace'
	| 'backslash'
	| 'non-ascii-digit-or-dot'
	| 'non-ascii'
	| 'userinfo';

export interface UrlInputProblem {
	check: UrlInputCheck;
	/** Plain words for beside the field. */
	message: string;
	/** Precise, for logs: the position and code point, never the input itself. */
	reason: string;
}

export const URL_INPUT_MESSAGES: Record<UrlInputCheck, string> = {
	empty: 'Enter the collection URL, for example https://devops.example.com/tfs/DefaultCollection.',
	'too-long': `A URL has at most ${URL_INPUT_MAX} characters.`,
	'control-character':
		'Remove the invisible control character (tab, line break or similar) from the URL.',
	whitespace: 'Remove the spaces from the URL (before, after or inside it).',
	backslash: 'Use / instead of \\ in the URL.',
	'non-ascii-digit-or-dot':
		'Type digits and dots as plain 0-9 and ".", not fullwidth or ideographic ones.',
	'non-ascii':
		'Use plain ASCII characters in the URL; give an international host name in its xn-- form.',
	userinfo:
		'Remove the user name and password (the part up to @) from the URL; the token is entered later.'
};

// Unicode white space other than the ASCII space (which is a control-range check below).
const UNICODE_SPACE = /[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
// Digits of other scripts and the dots that IDNA maps to "." (UTS #46): a host typed with them
// becomes an ASCII address or name after parsing.
const DIGIT_OR_DOT = /^[\p{Nd}\u3002\uff0e\uff61]$/u;

function codePoint(c: number): string {
	return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

function problem(check: UrlInputCheck, reason: string): UrlInputProblem {
	return { check, message: URL_INPUT_MESSAGES[check], reason };
}

/** The authority as a generic parser would cut it: after "scheme:" and slashes, up to / ? #. */
function rawAuthority(input: string): string {
	const colon = input.indexOf(':');
	let start = colon + 1;
	while (input[start] === '/') start++;
	const end = input.slice(start).search(/[/?#]/);
	return end < 0 ? input.slice(start) : input.slice(start, start + end);
}

/** The first problem of a typed URL, checked on the raw string; null when the parser may see it. */
export function urlInputProblem(input: string): UrlInputProblem | null {
	if (input.length === 0) return problem('empty', 'empty input');
	if (input.length > URL_INPUT_MAX)
		return problem('too-long', `input is ${input.length} characters (limit ${URL_INPUT_MAX})`);
	for (let i = 0; i < input.length; i++) {
		const c = input.charCodeAt(i);
		const at = `at position ${i} (${codePoint(c)})`;
		if (c === 0x20) return problem('whitespace', `space ${at}`);
		if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f))
			return problem('control-character', `control character ${at}`);
		if (c === 0x5c) return problem('backslash', `backslash ${at}`);
		if (c > 0x7e) {
			const char = String.fromCodePoint(input.codePointAt(i) ?? c);
			if (UNICODE_SPACE.test(char)) return problem('whitespace', `white space ${at}`);
			if (DIGIT_OR_DOT.test(char))
				return problem('non-ascii-digit-or-dot', `non-ASCII digit or dot ${at}`);
			return problem('non-ascii', `non-ASCII character ${at}`);
		}
	}
	// Any "@" in the authority, even an empty `@host` or `:@host` the parser forgets.
	if (rawAuthority(input).includes('@'))
		return problem('userinfo', 'the URL carries userinfo (user:password@)');
	return null;
}

/**
 * The canonical form of a collection URL that passed the raw gate and parses: the WHATWG
 * serialisation (lowercase scheme and host, default port dropped, dot segments resolved) without
 * trailing slashes. This, not the typed string, is what is checked, stored and shown.
 */
export function canonicalCollectionUrl(input: string): string | null {
	if (urlInputProblem(input)) return null;
	let url: URL;
	try {
		url = new URL(input);
	} catch {
		return null;
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}${url.search}${url.hash}`;
}
