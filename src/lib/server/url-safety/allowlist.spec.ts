import { describe, expect, it } from 'vitest';
import { parseAllowlist } from './allowlist';

type Parsed = {
	kind: 'hostname' | 'ip' | 'cidr';
	value: string;
	port: number | null;
	http: boolean;
	loopbackLiteral?: boolean;
};

const VALID: Array<[string, Parsed]> = [
	['tfs.corp', { kind: 'hostname', value: 'tfs.corp', port: null, http: false }],
	['TFS.Corp', { kind: 'hostname', value: 'tfs.corp', port: null, http: false }],
	['tfs.corp:8443', { kind: 'hostname', value: 'tfs.corp', port: 8443, http: false }],
	['http://tfs.corp', { kind: 'hostname', value: 'tfs.corp', port: null, http: true }],
	['HTTP://tfs.corp:8080', { kind: 'hostname', value: 'tfs.corp', port: 8080, http: true }],
	['http://tfs.corp:80', { kind: 'hostname', value: 'tfs.corp', port: 80, http: true }],
	['tfs.corp:443', { kind: 'hostname', value: 'tfs.corp', port: 443, http: false }],
	[
		'xn--80ak6aa92e.com',
		{ kind: 'hostname', value: 'xn--80ak6aa92e.com', port: null, http: false }
	],
	['tfs', { kind: 'hostname', value: 'tfs', port: null, http: false }],
	['10.0.0.5', { kind: 'ip', value: '10.0.0.5', port: null, http: false, loopbackLiteral: false }],
	['10.0.0.5:8443', { kind: 'ip', value: '10.0.0.5', port: 8443, http: false }],
	[
		'http://127.0.0.1:8081',
		{ kind: 'ip', value: '127.0.0.1', port: 8081, http: true, loopbackLiteral: true }
	],
	['127.0.0.1', { kind: 'ip', value: '127.0.0.1', port: null, http: false, loopbackLiteral: true }],
	['::1', { kind: 'ip', value: '::1', port: null, http: false, loopbackLiteral: true }],
	['[::1]:8081', { kind: 'ip', value: '::1', port: 8081, http: false, loopbackLiteral: true }],
	[
		'http://[::1]:8081',
		{ kind: 'ip', value: '::1', port: 8081, http: true, loopbackLiteral: true }
	],
	['fd00::5', { kind: 'ip', value: 'fd00::5', port: null, http: false }],
	['[FD00:0:0::5]', { kind: 'ip', value: 'fd00::5', port: null, http: false }],
	['[fd00::5]:8443', { kind: 'ip', value: 'fd00::5', port: 8443, http: false }],
	['::ffff:10.0.0.5', { kind: 'ip', value: '10.0.0.5', port: null, http: false }],
	['10.0.0.0/8', { kind: 'cidr', value: '10.0.0.0/8', port: null, http: false }],
	['10.0.0.0/8:8443', { kind: 'cidr', value: '10.0.0.0/8', port: 8443, http: false }],
	['http://10.0.0.0/24', { kind: 'cidr', value: '10.0.0.0/24', port: null, http: true }],
	['0.0.0.0/0', { kind: 'cidr', value: '0.0.0.0/0', port: null, http: false }],
	[
		'10.0.0.5/32',
		{ kind: 'cidr', value: '10.0.0.5/32', port: null, http: false, loopbackLiteral: false }
	],
	[
		'127.0.0.1/32',
		{ kind: 'cidr', value: '127.0.0.1/32', port: null, http: false, loopbackLiteral: false }
	],
	['fd00::/8', { kind: 'cidr', value: 'fd00::/8', port: null, http: false }],
	['[fd00::/8]:8443', { kind: 'cidr', value: 'fd00::/8', port: 8443, http: false }],
	['::ffff:10.0.0.0/104', { kind: 'cidr', value: '10.0.0.0/8', port: null, http: false }],
	['64:ff9b::/96', { kind: 'cidr', value: '64:ff9b::/96', port: null, http: false }]
];

const INVALID: Array<[entry: string, why: RegExp]> = [
	['*.corp', /wildcards/],
	['tfs.*', /wildcards/],
	['https://tfs.corp', /only an http:\/\/ prefix/],
	['ftp://tfs.corp', /only an http:\/\/ prefix/],
	['http://user:pw@tfs.corp', /not a URL with credentials/],
	['tfs.corp/', /path/],
	['http://tfs.corp:8080/tfs', /must not carry a path/],
	['tfs.corp/tfs', /must not carry a path/],
	['tfs.corp?x', /query/],
	['tfs.corp:0', /outside 1-65535/],
	['tfs.corp:65536', /outside 1-65535/],
	['tfs.corp:22', /never allowed/],
	['tfs.corp:80', /only allowed for an http:\/\/ entry/],
	['tfs.corp:http', /not a number/],
	['tfs.corp:', /not a number/],
	['tfs.corp.', /trailing dot/],
	['-tfs.corp', /not a valid hostname/],
	['tfs..corp', /not a valid hostname/],
	['0x7f.1', /not a valid hostname/],
	['2130706433', /not a valid hostname/],
	['010.0.0.1', /not a valid hostname|canonical/],
	['10.0.0.256', /not a valid hostname|canonical/],
	['localhost', /always blocked/],
	['app.localhost', /always blocked/],
	['metadata.google.internal', /always blocked/],
	['10.0.0.0/33', /prefix length/],
	['10.0.0.0/x', /prefix length/],
	['10.0.0.5/8', /host bits are set \(did you mean 10.0.0.0\/8\?\)/],
	['fd00::1/8', /host bits/],
	['::ffff:10.0.0.0/90', /at least \/96/],
	['::ffff:127.0.0.1', /write the loopback entry as 127.0.0.1/],
	['[fd00::5', /missing "\]"/],
	['[fd00::5]x', /only ":port"/],
	['[tfs.corp]:8443', /only for IPv6/],
	['fe80::1%eth0', /canonical IP/],
	['tfs corp', /spaces/],
	['bücher.example', /non-ASCII/],
	[':8443', /names no host/],
	['http://', /names no host/]
];

describe('parseAllowlist', () => {
	it('returns nothing for an unset or empty variable', () => {
		expect(parseAllowlist(undefined)).toEqual([]);
		expect(parseAllowlist('')).toEqual([]);
		expect(parseAllowlist(' , ,')).toEqual([]);
	});

	it.each(VALID)('parses %j', (raw, expected) => {
		const [entry] = parseAllowlist(raw);
		expect(entry).toMatchObject({ raw, ...expected });
	});

	it('splits on commas and trims', () => {
		const entries = parseAllowlist(' tfs.corp , http://127.0.0.1:8081,10.0.0.0/8 ');
		expect(entries.map((e) => e.raw)).toEqual(['tfs.corp', 'http://127.0.0.1:8081', '10.0.0.0/8']);
	});

	it.each(INVALID)('refuses %j and names it', (raw, why) => {
		let message = '';
		try {
			parseAllowlist(`tfs.ok, ${raw}`);
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toContain(`"${raw}"`);
		expect(message).toContain('WEBRISKOPS_OUTBOUND_ALLOWLIST');
		expect(message).toMatch(why);
	});
});
