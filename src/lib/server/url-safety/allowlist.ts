import ipaddr from 'ipaddr.js';
import { isIPv4 } from 'node:net';
import {
	BLOCKED_HOSTNAMES,
	parseStrictIp,
	type AddressClassification,
	type ParsedAddress
} from './address-ranges';

/**
 * The operator allowlist (`WEBRISKOPS_OUTBOUND_ALLOWLIST`), parsed once at start-up. Entries only
 * ever add permissions: private addresses and plain http. They never open the hard floor, except
 * that an entry naming a loopback IP literal opens exactly that address (docs/architecture.md §7).
 */

export interface AllowlistEntry {
	/** The entry as written (trimmed). */
	readonly raw: string;
	readonly kind: 'hostname' | 'ip' | 'cidr';
	/** Lower-case hostname, canonical address, or canonical `network/prefix`. */
	readonly value: string;
	/** Null: any port the policy allows. */
	readonly port: number | null;
	/** Written with `http://`: plain http is permitted for it. */
	readonly http: boolean;
	/** The network for ip and cidr entries (an ip is a /32 or /128). IPv4-mapped entries are stored as IPv4. */
	readonly net: readonly [ParsedAddress, number] | null;
	/** An ip entry naming 127.0.0.0/8 or ::1: the single hard-floor exception. */
	readonly loopbackLiteral: boolean;
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const MAPPED = ipaddr.parseCIDR('::ffff:0:0/96') as [ipaddr.IPv6, number];

export function isBlockedHostname(host: string): boolean {
	return BLOCKED_HOSTNAMES.has(host) || host.endsWith('.localhost');
}

/** Syntax of a DNS name we are willing to resolve: LDH labels (underscore tolerated), no trailing dot. */
export function isValidHostname(host: string): boolean {
	if (host.length === 0 || host.length > 253) return false;
	const labels = host.split('.');
	for (const label of labels) if (!LABEL.test(label)) return false;
	// A numeric last label would be an IPv4 in another spelling (WHATWG "ends in a number").
	const last = labels[labels.length - 1] as string;
	return !/^(?:\d+|0x[0-9a-f]*)$/.test(last);
}

class AllowlistSyntaxError extends Error {
	constructor(entry: string, why: string) {
		super(`WEBRISKOPS_OUTBOUND_ALLOWLIST entry "${entry}" is invalid: ${why}`);
		this.name = 'AllowlistSyntaxError';
	}
}

function parsePort(entry: string, text: string, http: boolean): number {
	if (!/^\d{1,5}$/.test(text))
		throw new AllowlistSyntaxError(entry, `port "${text}" is not a number`);
	const port = Number(text);
	if (port < 1 || port > 65535)
		throw new AllowlistSyntaxError(entry, `port ${port} is outside 1-65535`);
	// Ports the policy never allows would make the entry silently useless.
	if (port === 80 && !http)
		throw new AllowlistSyntaxError(entry, 'port 80 is only allowed for an http:// entry');
	if (port < 1024 && port !== 443 && port !== 80)
		throw new AllowlistSyntaxError(
			entry,
			`port ${port} is never allowed (443, 80 for http:// entries, or 1024-65535)`
		);
	return port;
}

function parseAddress(entry: string, text: string): ParsedAddress {
	const ip = parseStrictIp(text);
	if (!ip) throw new AllowlistSyntaxError(entry, `"${text}" is not a canonical IP address`);
	return ip;
}

function isLoopback(ip: ParsedAddress): boolean {
	return ip.kind() === 'ipv4' ? (ip as ipaddr.IPv4).octets[0] === 127 : ip.toString() === '::1';
}

function parseEntry(raw: string): AllowlistEntry {
	if (/[^\x21-\x7e]/.test(raw))
		throw new AllowlistSyntaxError(
			raw,
			'contains spaces, control or non-ASCII characters (write IDN names as punycode)'
		);
	let rest = raw;
	let http = false;
	const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
	if (scheme) {
		if ((scheme[1] as string).toLowerCase() !== 'http')
			throw new AllowlistSyntaxError(
				raw,
				'only an http:// prefix is allowed (https needs no prefix)'
			);
		http = true;
		rest = rest.slice(scheme[0].length);
	}
	if (/[@?#\\]/.test(rest))
		throw new AllowlistSyntaxError(
			raw,
			'must be a hostname, IP or CIDR with an optional port, not a URL with credentials, query or fragment'
		);
	if (rest.endsWith('/')) throw new AllowlistSyntaxError(raw, 'must not carry a path');
	if (rest.includes('*'))
		throw new AllowlistSyntaxError(raw, 'wildcards are not supported: list each hostname');

	let hostPart: string;
	let port: number | null = null;
	if (rest.startsWith('[')) {
		const close = rest.indexOf(']');
		if (close < 0) throw new AllowlistSyntaxError(raw, 'missing "]" after an IPv6 address');
		hostPart = rest.slice(1, close);
		const after = rest.slice(close + 1);
		if (after !== '') {
			if (!after.startsWith(':'))
				throw new AllowlistSyntaxError(raw, 'only ":port" may follow "]"');
			port = parsePort(raw, after.slice(1), http);
		}
		if (!hostPart.includes(':'))
			throw new AllowlistSyntaxError(raw, 'brackets are only for IPv6 addresses');
	} else if ((rest.match(/:/g) ?? []).length >= 2) {
		hostPart = rest; // bare IPv6 or IPv6 CIDR: no port possible without brackets
	} else {
		const colon = rest.indexOf(':');
		hostPart = colon < 0 ? rest : rest.slice(0, colon);
		if (colon >= 0) {
			const portText = rest.slice(colon + 1);
			if (portText.includes('/')) throw new AllowlistSyntaxError(raw, 'must not carry a path');
			port = parsePort(raw, portText, http);
		}
	}
	if (hostPart === '') throw new AllowlistSyntaxError(raw, 'names no host');

	const slash = hostPart.indexOf('/');
	if (slash >= 0) {
		if (!parseStrictIp(hostPart.slice(0, slash)))
			throw new AllowlistSyntaxError(raw, 'must not carry a path (only CIDR prefixes use "/")');
		const addr = parseAddress(raw, hostPart.slice(0, slash));
		const prefixText = hostPart.slice(slash + 1);
		const max = addr.kind() === 'ipv4' ? 32 : 128;
		if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max)
			throw new AllowlistSyntaxError(raw, `prefix length "${prefixText}" is not 0-${max}`);
		let prefix = Number(prefixText);
		let network: ParsedAddress = addr;
		const mapped = addr.kind() === 'ipv6' && addr.match(MAPPED);
		if (mapped && prefix < 96)
			throw new AllowlistSyntaxError(raw, 'an IPv4-mapped CIDR needs a prefix of at least /96');
		const base =
			addr.kind() === 'ipv4'
				? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${prefix}`)
				: ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${prefix}`);
		if (base.toString() !== addr.toString())
			throw new AllowlistSyntaxError(
				raw,
				`host bits are set (did you mean ${base.toString()}/${prefix}?)`
			);
		if (mapped) {
			// Mapped CIDRs are stored as IPv4 so they match both spellings.
			network = (addr as ipaddr.IPv6).toIPv4Address();
			prefix -= 96;
		}
		return {
			raw,
			kind: 'cidr',
			value: `${network.toString()}/${prefix}`,
			port,
			http,
			net: [network, prefix],
			loopbackLiteral: false
		};
	}

	const looksIp = hostPart.includes(':') || isIPv4(hostPart);
	if (looksIp) {
		let addr = parseAddress(raw, hostPart);
		if (addr.kind() === 'ipv6' && addr.match(MAPPED)) {
			const v4 = (addr as ipaddr.IPv6).toIPv4Address();
			if (isLoopback(v4))
				throw new AllowlistSyntaxError(raw, `write the loopback entry as ${v4.toString()}`);
			addr = v4;
		}
		const bits = addr.kind() === 'ipv4' ? 32 : 128;
		return {
			raw,
			kind: 'ip',
			value: addr.toString(),
			port,
			http,
			net: [addr, bits],
			loopbackLiteral: isLoopback(addr)
		};
	}

	const host = hostPart.toLowerCase();
	if (host.endsWith('.')) throw new AllowlistSyntaxError(raw, 'remove the trailing dot');
	if (!isValidHostname(host))
		throw new AllowlistSyntaxError(raw, `"${hostPart}" is not a valid hostname or IP address`);
	if (isBlockedHostname(host))
		throw new AllowlistSyntaxError(
			raw,
			'names localhost or a metadata host, which is always blocked (use a loopback IP literal for a local service)'
		);
	return { raw, kind: 'hostname', value: host, port, http, net: null, loopbackLiteral: false };
}

/**
 * Parses `WEBRISKOPS_OUTBOUND_ALLOWLIST`. Throws an Error naming the first malformed entry and why:
 * the server must refuse to start with it rather than guess.
 */
export function parseAllowlist(raw: string | undefined): AllowlistEntry[] {
	if (raw === undefined) return [];
	const entries: AllowlistEntry[] = [];
	for (const piece of raw.split(',')) {
		const text = piece.trim();
		if (text === '') continue; // tolerate "a, b," and an empty variable
		entries.push(parseEntry(text));
	}
	return entries;
}

// ---- matching ---------------------------------------------------------------------------------

function portMatches(entry: AllowlistEntry, port: number): boolean {
	return entry.port === null || entry.port === port;
}

/** Hostname entries for this exact name and port. */
export function matchHostname(
	entries: readonly AllowlistEntry[],
	host: string,
	port: number,
	httpOnly = false
): boolean {
	return entries.some(
		(e) =>
			e.kind === 'hostname' && e.value === host && portMatches(e, port) && (!httpOnly || e.http)
	);
}

/**
 * Whether an ip/cidr entry covers an address. IPv4 entries match IPv4 and IPv4-mapped addresses
 * (mapped entries were stored as IPv4, so both spellings meet); NAT64 addresses only match IPv6
 * entries. Loopback is only ever covered by an exact loopback-literal entry.
 */
export function matchAddress(
	entries: readonly AllowlistEntry[],
	c: AddressClassification,
	port: number,
	httpOnly = false
): boolean {
	return entries.some((e) => {
		if (!e.net || !portMatches(e, port) || (httpOnly && !e.http)) return false;
		if (c.loopback && !e.loopbackLiteral) return false;
		const [net, bits] = e.net;
		if (net.kind() === 'ipv4') return c.ipv4 !== null && c.ipv4.match(net, bits);
		return c.ip.kind() === 'ipv6' && c.unwrapped !== 'mapped' && c.ip.match(net, bits);
	});
}

/**
 * The single hard-floor exception: the URL host is a loopback IP literal and an entry names
 * exactly that address (same spelling family) on this port, or on any port when it has none.
 */
export function loopbackLiteralEntry(
	entries: readonly AllowlistEntry[],
	literal: ParsedAddress,
	port: number
): AllowlistEntry | undefined {
	return entries.find(
		(e) =>
			e.loopbackLiteral &&
			e.net !== null &&
			e.net[0].kind() === literal.kind() &&
			e.net[0].toString() === literal.toString() &&
			portMatches(e, port)
	);
}
