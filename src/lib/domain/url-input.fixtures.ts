import type { UrlInputCheck } from './url-input';

// Typed collection URLs the raw-input gate refuses, one row per spelling, shared by the browser
// field schema's spec and the server url-safety spec so both sides refuse the same strings.
export const REFUSED_URL_INPUTS: readonly (readonly [string, UrlInputCheck])[] = [
	['', 'empty'],
	[`https://devops.example.com/${'c'.repeat(2048)}`, 'too-long'],
	// control characters: C0 (incl. TAB, CR, LF, NUL), DEL, C1
	['https://devops.example.com/tfs/Coll\u0000', 'control-character'],
	['https://devops.exa\tmple.com/tfs/Coll', 'control-character'],
	['\thttps://devops.example.com/tfs/Coll', 'control-character'],
	['https://devops.example.com/tfs/Coll\r\n', 'control-character'],
	['https://devops.example.com/tfs/\rColl', 'control-character'],
	['https://devops.example.com\n/tfs/Coll', 'control-character'],
	['https://devops.example.com/tfs/Coll\u001b', 'control-character'],
	['https://devops.example.com/tfs/Coll\u007f', 'control-character'],
	['https://devops.example.com/tfs/Coll\u0080', 'control-character'],
	['https://devops.example.com/tfs/Coll\u0085', 'control-character'],
	['https://devops.example.com/tfs/Coll\u009f', 'control-character'],
	// white space: leading, trailing, inner, non-breaking and other Unicode spaces
	[' https://devops.example.com/tfs/Coll', 'whitespace'],
	['https://devops.example.com/tfs/Coll ', 'whitespace'],
	['https://devops.example.com/tfs/Default Collection', 'whitespace'],
	['https://devops.example.com/tfs/Coll\u00a0', 'whitespace'],
	['\u3000https://devops.example.com/tfs/Coll', 'whitespace'],
	['https://devops.example.com/tfs/Coll\u2028', 'whitespace'],
	['\ufeffhttps://devops.example.com/tfs/Coll', 'whitespace'],
	// backslash: WHATWG reads it as "/", other parsers as part of the userinfo or host
	['http://127.0.0.1:9200\\@attacker.example/ok/Coll', 'backslash'],
	['https:\\\\devops.example.com/tfs/Coll', 'backslash'],
	['https://devops.example.com\\tfs\\Coll', 'backslash'],
	['https://attacker.example\\.devops.example.com/Coll', 'backslash'],
	// digits and dots of other scripts: the parser maps them to ASCII
	['http://１２７.0.0.1:8081/Coll', 'non-ascii-digit-or-dot'],
	['http://127\u30020\u30020\u30021:8081/Coll', 'non-ascii-digit-or-dot'],
	['http://127\uff0e0\uff0e0\uff0e1:8081/Coll', 'non-ascii-digit-or-dot'],
	['http://127\uff610\uff610\uff611:8081/Coll', 'non-ascii-digit-or-dot'],
	['https://devops.example.com:８４４３/Coll', 'non-ascii-digit-or-dot'],
	['https://devops.example.com/tfs/Coll\u0661', 'non-ascii-digit-or-dot'],
	// other non-ASCII: IDN must be given as punycode, homoglyphs, invisible format characters
	['https://dеvops.example.com/tfs/Coll', 'non-ascii'],
	['https://bücher.example/tfs/Coll', 'non-ascii'],
	['https://devops.example.com/tfs/Cöll', 'non-ascii'],
	['https://devops\u00ad.example.com/tfs/Coll', 'non-ascii'],
	['https://devops\u200b.example.com/tfs/Coll', 'non-ascii'],
	['https://devops.example.com/tfs/Coll\u202e', 'non-ascii'],
	['https://devops.example.com\uff0ftfs/Coll', 'non-ascii'],
	// userinfo in any spelling, including the empty ones the parser forgets
	['https://@devops.example.com/tfs/Coll', 'userinfo'],
	['https://:@devops.example.com/tfs/Coll', 'userinfo'],
	['https://user@devops.example.com/tfs/Coll', 'userinfo'],
	['https://user:pass@devops.example.com/tfs/Coll', 'userinfo'],
	['https://a@b@devops.example.com/tfs/Coll', 'userinfo'],
	['https://devops.example.com:443@attacker.example/Coll', 'userinfo'],
	['https:///@devops.example.com/tfs/Coll', 'userinfo']
];

// Typed spellings and the canonical serialisation that is checked, stored and shown.
export const CANONICAL_URL_INPUTS: readonly (readonly [string, string])[] = [
	[
		'https://DEVOPS.Example.COM/tfs/DefaultCollection',
		'https://devops.example.com/tfs/DefaultCollection'
	],
	[
		'https://devops.example.com:443/tfs/DefaultCollection',
		'https://devops.example.com/tfs/DefaultCollection'
	],
	[
		'https://devops.example.com/tfs/DefaultCollection/',
		'https://devops.example.com/tfs/DefaultCollection'
	],
	[
		'HTTPS://DEVOPS.EXAMPLE.COM:443/tfs/DefaultCollection//',
		'https://devops.example.com/tfs/DefaultCollection'
	],
	['http://127.0.0.1:8081/ado2022/Coll/', 'http://127.0.0.1:8081/ado2022/Coll'],
	['http://127.1:8081/Coll', 'http://127.0.0.1:8081/Coll'],
	['http://0x7f.0.0.1:8081/Coll', 'http://127.0.0.1:8081/Coll'],
	['http://[0:0::1]:8081/Coll', 'http://[::1]:8081/Coll'],
	['https://devops.example.com/tfs/x/../Coll', 'https://devops.example.com/tfs/Coll'],
	[
		'https://devops.example.com/tfs/Default%20Collection',
		'https://devops.example.com/tfs/Default%20Collection'
	],
	['https://devops.example.com:8443/Coll', 'https://devops.example.com:8443/Coll']
];
