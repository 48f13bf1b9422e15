import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';
import type { ParsedAddress } from '$lib/domain/address-classes';

// The address-class table lives in domain (address-classes.ts), shared with the export scrubber;
// the server adds the strict parse that matches what Node's resolver and sockets accept.
export {
	ADDRESS_RANGES,
	BLOCKED_HOSTNAMES,
	classifyAddress,
	describeClassification,
	type AddressClassification,
	type ParsedAddress
} from '$lib/domain/address-classes';

/** Parses a canonical IP string (as `net.isIP` accepts it, zone ids refused); null otherwise. */
export function parseStrictIp(text: string): ParsedAddress | null {
	if (text.includes('%') || isIP(text) === 0) return null;
	try {
		return ipaddr.parse(text);
	} catch {
		return null;
	}
}
