import ipaddr from 'ipaddr.js';
import { BLOCKED_HOSTNAMES, classifyAddress } from '$lib/domain/address-classes';

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
	'.invalid',
	'.arpa'
];

// Public wildcard DNS names that answer with the address written in the name (127.0.0.1.nip.io).
const ADDRESS_IN_NAME = ['.nip.io', '.sslip.io', '.xip.io', '.localtest.me', '.lvh.me'];

/**
 * Whether a URL host (as the WHATWG parser serialises it: decimal, hex and octal IPv4 already
 * rewritten to dotted form, IPv6 compressed) names something inside a network. Addresses are
 * judged by the url-safety address classes; anything but public is internal.
 */
export function isInternalHost(hostname: string): boolean {
	const host = hostname
		.replace(/^\[|\]$/g, '')
		.toLowerCase()
		.replace(/\.+$/, '');
	if (host === '') return true;
	const ip = ipaddr.isValid(host) ? ipaddr.parse(host) : null;
	if (ip) return classifyAddress(host, ip).verdict !== 'public';
	if (host.includes('%')) return true; // a zone id or an encoding the parser left alone
	if (BLOCKED_HOSTNAMES.has(host) || host.endsWith('.localhost')) return true;
	if (!host.includes('.')) return true; // single-label intranet names
	if (INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return true;
	if (ADDRESS_IN_NAME.some((s) => host === s.slice(1) || host.endsWith(s))) return true;
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

// A URL as a browser would take it: the host may be a bracketed IPv6, the rest stops at what ends
// a URL in prose or Markdown.
const URL_IN_TEXT =
	/\b(?:https?:[/\\]*|[a-z][a-z0-9+.-]*:[/\\]{2})(?=[^\s<>"'`)\]])[^\s<>"'`)\][]*(?:\[[0-9a-z:.%]*\][^\s<>"'`)\]]*)?/gi;

// An address or loopback name written without a scheme: 169.254.169.254/latest, [::1]:8080/x.
const BARE_ADDRESS =
	/(?<![\w.:/-])((?:\d{1,3}\.){3}\d{1,3}|\[[0-9a-f:.]+\]|localhost)(?::\d{1,5})?(?:\/[^\s<>"'`)\]]*)?(?![\w-]|\.\w)/gi;

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
	// http(s) with any run of "/" and "\\" (WHATWG reads "\\" as "/" and needs none), any other
	// scheme with two; then addresses written without a scheme.
	out = out.replace(URL_IN_TEXT, (url) => {
		const safe = publicUrl(url);
		return safe ?? INTERNAL_URL_REMOVED;
	});
	return out.replace(BARE_ADDRESS, (match, host: string) =>
		isInternalHost(host) ? INTERNAL_URL_REMOVED : match
	);
}
