import ipaddr from 'ipaddr.js';

/**
 * What keeps secrets and internal addresses out of a portable file. The file leaves WebRiskOps
 * and is opened by people and tools we do not control, so anything that looks like a credential
 * is replaced, and only public http(s) URLs survive (without user info, query or fragment).
 */

export const REDACTED = '[redacted]';
export const INTERNAL_URL_REMOVED = '[internal URL removed]';

const SECRET_PATTERNS: RegExp[] = [
	// Authorization header values.
	/\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
	// JWTs (Entra ID access tokens and the like).
	/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
	// Azure DevOps PATs: 52 base32 characters (classic) or 84 characters (current format).
	/\b[a-z2-7]{52}\b/g,
	/\b[A-Za-z0-9]{84}\b/g,
	// key=value / key: value pairs whose key names a secret.
	/\b(?:access[_-]?token|refresh[_-]?token|id[_-]?token|token|password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|apikey|authorization)\b(\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi
];

const INTERNAL_SUFFIXES = [
	'.local',
	'.internal',
	'.intranet',
	'.lan',
	'.home',
	'.corp',
	'.localdomain',
	'.home.arpa',
	'.test',
	'.invalid'
];

function isInternalHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost')) return true;
	if (!host.includes('.') && !host.includes(':')) return true; // single-label intranet names
	if (INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return true;
	if (ipaddr.isValid(host)) {
		let addr = ipaddr.parse(host);
		if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress())
			addr = (addr as ipaddr.IPv6).toIPv4Address();
		return addr.range() !== 'unicast';
	}
	return false;
}

/** A public http(s) URL without user info, query or fragment; null when it must not leave. */
export function publicUrl(value: string): string | null {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return null;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
	if (isInternalHost(url.hostname)) return null;
	url.username = '';
	url.password = '';
	url.search = '';
	url.hash = '';
	return url.toString();
}

/** Free text with credentials redacted and internal URLs removed. */
export function scrubText(text: string): string {
	let out = text;
	for (const pattern of SECRET_PATTERNS) {
		out = out.replace(pattern, (match, sep: string | undefined) => {
			if (typeof sep === 'string') {
				const key = match.slice(0, match.indexOf(sep));
				return `${key}${sep}${REDACTED}`;
			}
			return REDACTED;
		});
	}
	return out.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`)\]]+/gi, (url) => {
		const safe = publicUrl(url);
		return safe ?? INTERNAL_URL_REMOVED;
	});
}
