import ipaddr from 'ipaddr.js';

/**
 * The address classes of docs/architecture.md §7, as one named table, in domain so the server's
 * url-safety and the browser's export scrubber judge addresses from the same list. Order is precedence: the first
 * matching row decides. We match CIDRs ourselves instead of trusting ipaddr.js's `range()` labels,
 * which call `::7f00:1` "unicast" and know nothing of cloud metadata addresses.
 */

type AddressVerdict = 'hard-floor' | 'embedded' | 'special' | 'private' | 'public';
export type ParsedAddress = ipaddr.IPv4 | ipaddr.IPv6;

export interface AddressRange {
	cidr: string;
	verdict: Exclude<AddressVerdict, 'public'>;
	/** Short label for logs. */
	name: string;
	/** Where the range comes from. */
	ref: string;
	loopback?: boolean;
}

export const ADDRESS_RANGES: readonly AddressRange[] = [
	// ---- hard floor: never reachable, whatever the allowlist says (except one loopback literal) ----
	{
		cidr: '0.0.0.0/8',
		verdict: 'hard-floor',
		name: '"this network"',
		ref: 'RFC 791, RFC 1122 §3.2.1.3'
	},
	{
		cidr: '127.0.0.0/8',
		verdict: 'hard-floor',
		name: 'loopback',
		ref: 'RFC 1122 §3.2.1.3',
		loopback: true
	},
	{
		cidr: '169.254.0.0/16',
		verdict: 'hard-floor',
		name: 'link-local (cloud metadata 169.254.169.254)',
		ref: 'RFC 3927'
	},
	{ cidr: '224.0.0.0/4', verdict: 'hard-floor', name: 'multicast', ref: 'RFC 5771' },
	{
		cidr: '240.0.0.0/4',
		verdict: 'hard-floor',
		name: 'reserved and limited broadcast',
		ref: 'RFC 1112 §4, RFC 919'
	},
	{
		cidr: '100.100.100.200/32',
		verdict: 'hard-floor',
		name: 'Alibaba Cloud metadata',
		ref: 'Alibaba ECS docs'
	},
	{ cidr: '192.0.0.192/32', verdict: 'hard-floor', name: 'Oracle Cloud metadata', ref: 'OCI docs' },
	{
		cidr: '168.63.129.16/32',
		verdict: 'hard-floor',
		name: 'Azure WireServer',
		ref: 'Azure virtual network docs'
	},
	{ cidr: '::/128', verdict: 'hard-floor', name: 'unspecified', ref: 'RFC 4291 §2.5.2' },
	{
		cidr: '::1/128',
		verdict: 'hard-floor',
		name: 'loopback',
		ref: 'RFC 4291 §2.5.3',
		loopback: true
	},
	{ cidr: 'fe80::/10', verdict: 'hard-floor', name: 'link-local', ref: 'RFC 4291 §2.5.6' },
	{ cidr: 'ff00::/8', verdict: 'hard-floor', name: 'multicast', ref: 'RFC 4291 §2.7' },
	{
		cidr: 'fd00:ec2::254/128',
		verdict: 'hard-floor',
		name: 'AWS IMDS (IPv6)',
		ref: 'AWS EC2 docs'
	},

	// ---- IPv6 forms that carry an IPv4 we cannot safely unwrap: blocked, never allowlistable ----
	{
		cidr: '::/96',
		verdict: 'embedded',
		name: 'IPv4-compatible IPv6',
		ref: 'RFC 4291 §2.5.5.1 (deprecated)'
	},
	{
		cidr: '::ffff:0:0:0/96',
		verdict: 'embedded',
		name: 'IPv4-translated (SIIT)',
		ref: 'RFC 2765 §2.1'
	},
	{ cidr: '2002::/16', verdict: 'embedded', name: '6to4', ref: 'RFC 3056' },
	{ cidr: '2001::/32', verdict: 'embedded', name: 'Teredo', ref: 'RFC 4380' },
	{
		cidr: '64:ff9b:1::/48',
		verdict: 'embedded',
		name: 'local-use IPv4/IPv6 translation',
		ref: 'RFC 8215'
	},

	// ---- special purpose, not globally reachable (IANA special-purpose registries) ----
	{
		cidr: '192.0.0.0/24',
		verdict: 'special',
		name: 'IETF protocol assignments',
		ref: 'RFC 6890 §2.1'
	},
	{ cidr: '192.0.2.0/24', verdict: 'special', name: 'documentation (TEST-NET-1)', ref: 'RFC 5737' },
	{
		cidr: '192.88.99.0/24',
		verdict: 'special',
		name: 'deprecated 6to4 relay anycast',
		ref: 'RFC 7526'
	},
	{ cidr: '198.18.0.0/15', verdict: 'special', name: 'benchmarking', ref: 'RFC 2544' },
	{
		cidr: '198.51.100.0/24',
		verdict: 'special',
		name: 'documentation (TEST-NET-2)',
		ref: 'RFC 5737'
	},
	{
		cidr: '203.0.113.0/24',
		verdict: 'special',
		name: 'documentation (TEST-NET-3)',
		ref: 'RFC 5737'
	},
	{ cidr: '100::/64', verdict: 'special', name: 'discard-only', ref: 'RFC 6666' },
	{ cidr: '100:0:0:1::/64', verdict: 'special', name: 'dummy IPv6 prefix', ref: 'RFC 9780' },
	// The few globally reachable anycast blocks inside 2001::/23 (PCP, TURN, AMT, AS112, ORCHIDv2)
	// never host an Azure DevOps Server; denying the whole block is the safe default.
	{
		cidr: '2001::/23',
		verdict: 'special',
		name: 'IETF protocol assignments',
		ref: 'RFC 2928, RFC 6890 §2.2'
	},
	{ cidr: '2001:2::/48', verdict: 'special', name: 'benchmarking', ref: 'RFC 5180' },
	{ cidr: '2001:db8::/32', verdict: 'special', name: 'documentation', ref: 'RFC 3849' },
	{ cidr: '3fff::/20', verdict: 'special', name: 'documentation', ref: 'RFC 9637' },
	{ cidr: '5f00::/16', verdict: 'special', name: 'segment routing SIDs', ref: 'RFC 9602' },

	// ---- private: blocked unless the operator allowlist permits it ----
	{ cidr: '10.0.0.0/8', verdict: 'private', name: 'private-use', ref: 'RFC 1918' },
	{ cidr: '172.16.0.0/12', verdict: 'private', name: 'private-use', ref: 'RFC 1918' },
	{ cidr: '192.168.0.0/16', verdict: 'private', name: 'private-use', ref: 'RFC 1918' },
	{
		cidr: '100.64.0.0/10',
		verdict: 'private',
		name: 'shared address space (CGNAT)',
		ref: 'RFC 6598'
	},
	{ cidr: 'fc00::/7', verdict: 'private', name: 'unique local', ref: 'RFC 4193' },
	{ cidr: 'fec0::/10', verdict: 'private', name: 'site-local (deprecated)', ref: 'RFC 3879' }
];

/** Names refused before DNS, whatever resolves them (policy step 6): loopback and metadata names. */
export const BLOCKED_HOSTNAMES: ReadonlySet<string> = new Set([
	'localhost',
	'localhost.localdomain',
	'ip6-localhost',
	'ip6-loopback',
	'metadata',
	'metadata.google.internal',
	'metadata.goog',
	'metadata.azure.internal',
	'instance-data',
	'instance-data.ec2.internal',
	'metadata.tencentyun.com',
	'metadata.platformequinix.com'
]);

/** Everything IPv6 outside global unicast is "reserved by IETF" in the IANA address-space registry. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];
const NOT_GLOBAL_UNICAST: AddressRange = {
	cidr: '!2000::/3',
	verdict: 'special',
	name: 'outside IPv6 global unicast',
	ref: 'IANA IPv6 address space registry'
};

const MAPPED = ipaddr.parseCIDR('::ffff:0:0/96') as [ipaddr.IPv6, number];
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96') as [ipaddr.IPv6, number];

interface CompiledRange {
	range: AddressRange;
	net: [ParsedAddress, number];
}
const V4: CompiledRange[] = [];
const V6: CompiledRange[] = [];
for (const range of ADDRESS_RANGES) {
	const net = ipaddr.parseCIDR(range.cidr);
	(net[0].kind() === 'ipv4' ? V4 : V6).push({ range, net });
}

export interface AddressClassification {
	/** The address as given. */
	address: string;
	ip: ParsedAddress;
	verdict: AddressVerdict;
	/** The table row that decided; null for public. */
	range: AddressRange | null;
	loopback: boolean;
	/**
	 * The IPv4 that IPv4 allowlist entries are matched against: the address itself, or the
	 * unwrapped `::ffff:a.b.c.d`. Null for IPv6 and for NAT64 (NAT64 never matches IPv4 entries).
	 */
	ipv4: ipaddr.IPv4 | null;
	/** How an IPv4 was carried inside IPv6, when it was. */
	unwrapped: 'mapped' | 'nat64' | null;
}

function lookupRange(ip: ParsedAddress): AddressRange | null {
	const table = ip.kind() === 'ipv4' ? V4 : V6;
	for (const row of table) {
		if (ip.match(row.net)) return row.range;
	}
	if (ip.kind() === 'ipv6' && !ip.match(GLOBAL_UNICAST_V6)) return NOT_GLOBAL_UNICAST;
	return null;
}

/** Classifies one address, unwrapping IPv4-mapped and NAT64 forms first (policy step 8). */
export function classifyAddress(address: string, ip: ParsedAddress): AddressClassification {
	let target: ParsedAddress = ip;
	let unwrapped: AddressClassification['unwrapped'] = null;
	let ipv4: ipaddr.IPv4 | null = ip.kind() === 'ipv4' ? (ip as ipaddr.IPv4) : null;
	if (ip.kind() === 'ipv6') {
		const v6 = ip as ipaddr.IPv6;
		if (v6.match(MAPPED)) {
			ipv4 = v6.toIPv4Address();
			target = ipv4;
			unwrapped = 'mapped';
		} else if (v6.match(NAT64)) {
			// The last 32 bits are the IPv4 the translator will reach (RFC 6052 §2.2, /96 prefix).
			const b = v6.toByteArray();
			target = new ipaddr.IPv4(b.slice(12, 16));
			unwrapped = 'nat64';
		}
	}
	const range = lookupRange(target);
	return {
		address,
		ip,
		verdict: range ? range.verdict : 'public',
		range,
		loopback: range?.loopback === true,
		ipv4,
		unwrapped
	};
}

/** Short, log-safe description of why an address is where it is. */
export function describeClassification(c: AddressClassification): string {
	const via = c.unwrapped ? ` (${c.unwrapped} IPv4 inside IPv6)` : '';
	return c.range
		? `${c.address}${via} is ${c.range.name}, ${c.range.cidr} [${c.range.ref}]`
		: `${c.address}${via} is public`;
}
