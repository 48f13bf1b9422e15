import { urlInputProblem, type UrlInputCheck } from '$lib/domain/url-input';
import { lookup } from 'node:dns/promises';
import {
	classifyAddress,
	describeClassification,
	parseStrictIp,
	type AddressClassification,
	type ParsedAddress
} from './address-ranges';
import {
	isBlockedHostname,
	isValidHostname,
	loopbackLiteralEntry,
	matchAddress,
	matchHostname,
	parseAllowlist,
	type AllowlistEntry
} from './allowlist';

/**
 * The internal check names of docs/architecture.md §7, with the raw-input gate split by class
 * (url-input.ts; `input` is left for what does not parse); the admin only ever sees the code.
 */
export type UrlSafetyCheck =
	| 'input'
	| UrlInputCheck
	| 'scheme'
	| 'port'
	| 'host'
	| 'dns'
	| 'reserved-ip'
	| 'private-network'
	| 'redirect'
	| 'ownership';

export type AssessContext = 'services' | 'server';
export type Resolver = (host: string) => Promise<string[]>;

export interface AssessOptions {
	context: AssessContext;
	/** Raw `WEBRISKOPS_OUTBOUND_ALLOWLIST` entries; ignored for Services. */
	allowlist?: string[];
	/** Injected for tests; default `dns.lookup(host, { all: true, verbatim: true })`. Called at most once. */
	resolve?: Resolver;
}

export interface SafeBaseUrl {
	ok: true;
	url: URL;
	/** Every validated address; the only ones a pinned transport connects to. */
	addresses: string[];
	/** Worst class among the addresses. */
	address_class: 'public' | 'private' | 'loopback';
	/** An allowlist entry was needed: a private address, the loopback literal, or plain http. */
	allowlist_match: boolean;
	plain_http: boolean;
}

interface BlockedBaseUrl {
	ok: false;
	code: 'PROVIDER_BASE_URL_BLOCKED';
	check: UrlSafetyCheck;
	/** Precise, for logs only: never holds the query string or userinfo of the input. */
	reason: string;
}

export type BaseUrlAssessment = SafeBaseUrl | BlockedBaseUrl;

export const DNS_TIMEOUT_MS = 5000;

/** dev.azure.com organization / {org}.visualstudio.com label (Azure DevOps naming rules). */
const ORGANIZATION = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/i;
const LEGACY_SERVICES_HOST = /^([a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?)\.visualstudio\.com$/;

/** Context of each successful assessment, so a transport re-assesses redirects the same way. */
const contexts = new WeakMap<SafeBaseUrl, AssessContext>();
export function assessedContext(assessment: SafeBaseUrl): AssessContext | undefined {
	return contexts.get(assessment);
}

// Parsed allowlists by their raw text: assessments run per request, parsing runs once per value.
const allowlistCache = new Map<string, AllowlistEntry[] | Error>();
function entriesFor(raw: readonly string[] | undefined): AllowlistEntry[] | Error {
	if (!raw || raw.length === 0) return [];
	const key = raw.join(',');
	let parsed = allowlistCache.get(key);
	if (!parsed) {
		try {
			parsed = parseAllowlist(key);
		} catch (error) {
			parsed = error instanceof Error ? error : new Error('malformed allowlist');
		}
		if (allowlistCache.size >= 32) allowlistCache.clear();
		allowlistCache.set(key, parsed);
	}
	return parsed;
}

function blocked(check: UrlSafetyCheck, reason: string): BlockedBaseUrl {
	return { ok: false, code: 'PROVIDER_BASE_URL_BLOCKED', check, reason };
}

async function defaultResolve(host: string): Promise<string[]> {
	const answers = await lookup(host, { all: true, verbatim: true });
	return answers.map((a) => a.address);
}

class ResolveTimeout extends Error {}

async function resolveWithTimeout(resolve: Resolver, host: string): Promise<unknown> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new ResolveTimeout()), DNS_TIMEOUT_MS);
	});
	try {
		return await Promise.race([Promise.resolve().then(() => resolve(host)), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Assesses a base URL against docs/architecture.md §7, step by step, failing closed. Resolves the
 * host at most once; a transport must then connect only to the returned `addresses`.
 */
export async function assessBaseUrl(
	input: string,
	options: AssessOptions
): Promise<BaseUrlAssessment> {
	const context = options.context;
	if (context !== 'services' && context !== 'server')
		return blocked('input', 'unknown assessment context');

	// 1. raw input gate
	if (typeof input !== 'string') return blocked('input', 'input is not a string');
	const problem = urlInputProblem(input);
	if (problem) return blocked(problem.check, problem.reason);

	// 2. parse once (WHATWG, as undici does); absolute URLs only
	let url: URL;
	try {
		url = new URL(input);
	} catch {
		return blocked('input', 'not an absolute URL');
	}

	let entries: AllowlistEntry[] = [];
	if (context === 'server') {
		const parsed = entriesFor(options.allowlist);
		if (parsed instanceof Error)
			return blocked('input', `operator allowlist is malformed: ${parsed.message}`);
		entries = parsed;
	}
	const hasHttpEntry = entries.some((e) => e.http);

	// 3. scheme
	if (url.protocol !== 'https:' && url.protocol !== 'http:')
		return blocked('scheme', `scheme "${url.protocol}" is not allowed (https only)`);
	const plainHttp = url.protocol === 'http:';
	if (plainHttp && context === 'services')
		return blocked('scheme', 'plain http is never allowed for Azure DevOps Services');
	if (plainHttp && !hasHttpEntry)
		return blocked('scheme', 'plain http needs an operator allowlist entry written with http://');

	// 4. userinfo
	if (url.username !== '' || url.password !== '')
		return blocked('userinfo', 'the URL carries userinfo (user:password@)');

	// 5. port
	const port = url.port === '' ? (plainHttp ? 80 : 443) : Number(url.port);
	if (context === 'services') {
		if (port !== 443)
			return blocked('port', `port ${port} is not allowed for Azure DevOps Services (443 only)`);
	} else if (port === 80) {
		if (!hasHttpEntry)
			return blocked('port', 'port 80 needs an operator allowlist entry written with http://');
	} else if (port !== 443 && (port < 1024 || port > 65535)) {
		return blocked(
			'port',
			`port ${port} is not allowed (443, 80 with an http:// entry, or 1024-65535)`
		);
	}
	const needsHttpPermission = plainHttp || port === 80;

	// 6. host
	const hostname = url.hostname;
	const bracketed = hostname.startsWith('[') && hostname.endsWith(']');
	const literalText = bracketed ? hostname.slice(1, -1) : hostname;
	const literal: ParsedAddress | null = parseStrictIp(literalText);
	if (hostname.endsWith('.')) return blocked('host', `host "${hostname}" ends with a dot`);
	if (context === 'services') {
		if (literal || bracketed)
			return blocked('host', 'an IP literal is not an Azure DevOps Services host');
		// vssps.dev.azure.com is the organization's identity host (assignee lookup); like dev.azure.com
		// it is only accepted with the organization as the first path segment.
		if (hostname === 'dev.azure.com' || hostname === 'vssps.dev.azure.com') {
			const org = url.pathname.split('/')[1] ?? '';
			if (!ORGANIZATION.test(org))
				return blocked('host', `${hostname} needs the organization name as the first path segment`);
		} else if (!LEGACY_SERVICES_HOST.test(hostname)) {
			return blocked(
				'host',
				`host "${hostname}" is not dev.azure.com, vssps.dev.azure.com or {organization}.visualstudio.com`
			);
		}
	} else if (!literal) {
		if (bracketed || !isValidHostname(hostname))
			return blocked('host', `host "${hostname}" is not a valid DNS name`);
		if (isBlockedHostname(hostname))
			return blocked('host', `host "${hostname}" is localhost or a metadata name`);
	}

	// 7. resolve once (IP literals skip DNS)
	let addresses: string[];
	if (literal) {
		addresses = [literalText];
	} else {
		let answer: unknown;
		try {
			answer = await resolveWithTimeout(options.resolve ?? defaultResolve, hostname);
		} catch (error) {
			if (error instanceof ResolveTimeout)
				return blocked('dns', `resolving "${hostname}" timed out after ${DNS_TIMEOUT_MS} ms`);
			const code = (error as { code?: unknown } | null)?.code;
			return blocked(
				'dns',
				`resolving "${hostname}" failed${typeof code === 'string' ? ` (${code})` : ''}`
			);
		}
		if (!Array.isArray(answer) || answer.length === 0)
			return blocked('dns', `"${hostname}" resolved to no address`);
		addresses = [];
		for (const a of answer) {
			if (typeof a !== 'string' || parseStrictIp(a) === null)
				return blocked('dns', `"${hostname}" resolved to a malformed address`);
			if (!addresses.includes(a)) addresses.push(a);
		}
	}

	// 8. classify every address
	const classes: AddressClassification[] = addresses.map((a) =>
		classifyAddress(a, parseStrictIp(a) as ParsedAddress)
	);

	// 9. hard floor, embedded IPv4 and special purpose: the allowlist never opens these...
	let usedAllowlist = false;
	for (const c of classes) {
		if (c.verdict === 'hard-floor') {
			// ...except an entry naming this exact loopback IP literal.
			if (c.loopback && literal && loopbackLiteralEntry(entries, literal, port)) {
				usedAllowlist = true;
				continue;
			}
			const suffix =
				c.loopback && !literal ? '; a name that resolves to loopback stays blocked' : '';
			return blocked('reserved-ip', `${describeClassification(c)}${suffix}`);
		}
		if (c.verdict === 'embedded' || c.verdict === 'special')
			return blocked('reserved-ip', describeClassification(c));
	}

	// 10. private unless allowlisted: a hostname entry for this name, or an ip/cidr entry for the address
	const hostEntry = !literal && matchHostname(entries, hostname, port);
	for (const c of classes) {
		if (c.verdict !== 'private') continue;
		if (context === 'services')
			return blocked(
				'private-network',
				`${describeClassification(c)}; Services must resolve to public addresses`
			);
		if (!hostEntry && !matchAddress(entries, c, port))
			return blocked(
				'private-network',
				`${describeClassification(c)} and no allowlist entry permits it on port ${port}`
			);
		usedAllowlist = true;
	}

	// 11. plain http (or port 80): an http:// hostname entry, or http:// ip/cidr entries covering every address
	if (needsHttpPermission) {
		const permitted =
			(!literal && matchHostname(entries, hostname, port, true)) ||
			classes.every((c) => matchAddress(entries, c, port, true));
		if (!permitted) {
			return plainHttp
				? blocked('scheme', `no http:// allowlist entry covers "${hostname}" on port ${port}`)
				: blocked('port', `port 80 needs an http:// allowlist entry covering "${hostname}"`);
		}
		usedAllowlist = true;
	}

	const addressClass = classes.some((c) => c.loopback)
		? 'loopback'
		: classes.some((c) => c.verdict === 'private')
			? 'private'
			: 'public';
	const result: SafeBaseUrl = {
		ok: true,
		url,
		addresses,
		address_class: addressClass,
		allowlist_match: usedAllowlist,
		plain_http: plainHttp
	};
	contexts.set(result, context);
	return result;
}
