import { rootCertificates } from 'node:tls';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent, type Dispatcher } from 'undici';
import { pinnedKey, type DispatcherPool } from './dispatcher-pool';
import {
	assessBaseUrl,
	assessedContext,
	type AssessContext,
	type Resolver,
	type SafeBaseUrl,
	type UrlSafetyCheck
} from './assess-base-url';

/**
 * The only way to talk to an assessed base URL: an undici Agent whose DNS lookup answers with the
 * validated addresses (no second query, no proxy from the environment), redirects handled by hand,
 * and a byte cap on every body. Errors are TransportError with a safe message (never headers).
 */

export type TransportErrorKind =
	'timeout' | 'refused' | 'unreachable' | 'tls' | 'reset' | 'too_large' | 'blocked';

export class TransportError extends Error {
	override readonly name = 'TransportError';
	constructor(
		readonly kind: TransportErrorKind,
		message: string,
		/** For kind 'blocked': the url-safety check that refused. */
		readonly check?: UrlSafetyCheck,
		/** The underlying Node/undici error code, when there was one. */
		readonly code?: string
	) {
		super(message);
	}
}

export interface PinnedTransportOptions {
	/** Raw operator allowlist entries, for re-assessing same-origin redirects. */
	allowlist?: string[];
	/** Resolver for re-assessing same-origin redirects; the connection never uses its answer. */
	resolve?: Resolver;
	/** Extra trusted CA (PEM), added to Node's default roots. */
	ca?: string | Buffer;
	/** Default 10 000 ms. */
	connectTimeoutMs?: number;
	/** Default 4 MiB. */
	maxResponseBytes?: number;
	/** Whole-request ceiling on top of the caller's signal; default 30 000 ms. */
	totalTimeoutMs?: number;
	/** Defaults to the context the assessment was made in (server for hand-made assessments). */
	context?: AssessContext;
	/**
	 * Keep-alive dispatchers shared across transports with the same origin, pinned addresses, CA
	 * and settings; `close` then hands the dispatcher back instead of closing it. Without a pool
	 * every transport has its own dispatcher.
	 */
	pool?: DispatcherPool;
	/**
	 * Offer HTTP/2 (ALPN) on https; HTTP/1.1 stays when the server does not take it. Off by
	 * default: undici 7 runs one stream per session unless `pipelining` is raised, which would
	 * also pipeline HTTP/1.1, so h2 brings no multiplexing here, only a newer code path.
	 */
	allowH2?: boolean;
}

interface PinnedRequestInit {
	method: string;
	headers: Record<string, string>;
	body?: string;
	signal?: AbortSignal;
	/** Cap for this answer, applied below the transport's own maxResponseBytes. */
	maxBytes?: number;
	/** Called with each chunk's size; false stops the read as too large (a caller's budget). */
	onBytes?: (bytes: number) => boolean;
}

interface PinnedResponse {
	status: number;
	/** Lower-case names; repeated headers joined with ", ". */
	headers: Record<string, string>;
	body: string;
	/** The URL that answered (after same-origin redirects). */
	url: URL;
	redirects: number;
}

export interface PinnedTransport {
	request(url: URL | string, init: PinnedRequestInit): Promise<PinnedResponse>;
	close(): Promise<void>;
}

const MAX_REDIRECTS = 3;
/** Sockets per pinned dispatcher (HTTP/1.1); paged lists use up to this many at once. */
const CONNECTIONS_PER_ORIGIN = 16;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const TLS_CODES = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'EPROTO'
]);
const KIND_BY_CODE: Record<string, TransportErrorKind> = {
	ECONNREFUSED: 'refused',
	ETIMEDOUT: 'timeout',
	UND_ERR_CONNECT_TIMEOUT: 'timeout',
	UND_ERR_HEADERS_TIMEOUT: 'timeout',
	UND_ERR_BODY_TIMEOUT: 'timeout',
	UND_ERR_ABORTED: 'timeout',
	ABORT_ERR: 'timeout',
	ECONNRESET: 'reset',
	EPIPE: 'reset',
	UND_ERR_SOCKET: 'reset',
	UND_ERR_CLOSED: 'reset',
	EHOSTUNREACH: 'unreachable',
	ENETUNREACH: 'unreachable',
	EHOSTDOWN: 'unreachable',
	ENETDOWN: 'unreachable',
	EADDRNOTAVAIL: 'unreachable',
	ENOTFOUND: 'unreachable'
};
const MESSAGES: Record<TransportErrorKind, string> = {
	timeout: 'the server did not answer in time',
	refused: 'the connection was refused',
	unreachable: 'the server could not be reached',
	tls: 'the TLS certificate was not trusted',
	reset: 'the connection was closed unexpectedly',
	too_large: 'the response was larger than allowed',
	blocked: 'the request was blocked by url-safety'
};

function codesOf(error: unknown, depth = 0, out: string[] = []): string[] {
	if (!error || typeof error !== 'object' || depth > 4) return out;
	const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
	if (typeof e.code === 'string') out.push(e.code);
	codesOf(e.cause, depth + 1, out);
	if (Array.isArray(e.errors)) for (const inner of e.errors) codesOf(inner, depth + 1, out);
	return out;
}

/** Maps undici/Node failures to a kind; the message is ours, so no upstream text leaks. */
function toTransportError(error: unknown, signal?: AbortSignal): TransportError {
	if (error instanceof TransportError) return error;
	const codes = codesOf(error);
	for (const code of codes) {
		if (
			TLS_CODES.has(code) ||
			code.startsWith('CERT_') ||
			code.startsWith('ERR_TLS_') ||
			code.startsWith('ERR_SSL_')
		)
			return new TransportError('tls', `${MESSAGES.tls} (${code})`, undefined, code);
	}
	for (const code of codes) {
		const kind = KIND_BY_CODE[code];
		if (kind) return new TransportError(kind, `${MESSAGES[kind]} (${code})`, undefined, code);
	}
	const name = (error as { name?: unknown } | null)?.name;
	if (signal?.aborted || name === 'AbortError' || name === 'TimeoutError')
		return new TransportError('timeout', MESSAGES.timeout);
	return new TransportError('unreachable', MESSAGES.unreachable, undefined, codes[0]);
}

function blockedError(check: UrlSafetyCheck, why: string): TransportError {
	return new TransportError('blocked', `${MESSAGES.blocked}: ${why}`, check);
}

function toUrl(input: URL | string): URL {
	try {
		return new URL(typeof input === 'string' ? input : input.href);
	} catch {
		throw blockedError('ownership', 'not an absolute URL');
	}
}

function flattenHeaders(
	raw: Record<string, string | string[] | undefined>
): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(raw)) {
		if (value === undefined) continue;
		out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

type BodyStream = AsyncIterable<Buffer | Uint8Array> & { destroy(error?: Error): unknown };

async function readCapped(
	body: BodyStream,
	headers: Record<string, string>,
	cap: number,
	onBytes?: (bytes: number) => boolean
): Promise<string> {
	const declared = Number(headers['content-length']);
	if (Number.isFinite(declared) && declared > cap) {
		body.destroy();
		throw new TransportError(
			'too_large',
			`${MESSAGES.too_large} (${declared} bytes declared, limit ${cap})`
		);
	}
	// Decoded chunk by chunk: no step ever copies or decodes the whole body at once.
	const decoder = new TextDecoder('utf-8');
	let text = '';
	let total = 0;
	for await (const chunk of body) {
		total += chunk.byteLength;
		if (total > cap || onBytes?.(chunk.byteLength) === false) {
			body.destroy();
			throw new TransportError('too_large', `${MESSAGES.too_large} (limit ${cap} bytes)`);
		}
		text += decoder.decode(chunk, { stream: true });
	}
	return text + decoder.decode();
}

type LookupCallback = (
	error: NodeJS.ErrnoException | null,
	address: string | LookupAddress[],
	family?: number
) => void;

function familyOf(address: string): 4 | 6 {
	return address.includes(':') ? 6 : 4;
}

/**
 * Opens a transport pinned to an assessment from `assessBaseUrl`. Every request must stay on the
 * assessed origin; same-origin redirects are re-assessed and followed at most MAX_REDIRECTS times.
 */
export function createPinnedTransport(
	assessment: SafeBaseUrl,
	options: PinnedTransportOptions = {}
): PinnedTransport {
	if (!assessment || assessment.ok !== true || assessment.addresses.length === 0)
		throw blockedError('ownership', 'no validated addresses to pin');
	const origin = assessment.url.origin;
	const pinnedHost = assessment.url.hostname.replace(/^\[|\]$/g, '');
	const addresses = [...assessment.addresses];
	const context = options.context ?? assessedContext(assessment) ?? 'server';
	const maxBytes = options.maxResponseBytes ?? 4 * 1024 * 1024;
	const totalTimeoutMs = options.totalTimeoutMs ?? 30_000;

	// Answers only the assessed host, only with the assessed addresses: DNS is never asked again.
	const lookup = (
		hostname: string,
		opts: LookupOptions | number,
		callback: LookupCallback
	): void => {
		const wanted =
			typeof opts === 'number'
				? opts
				: (opts.family === 'IPv4' ? 4 : opts.family === 'IPv6' ? 6 : opts.family) || 0;
		if (hostname.toLowerCase() !== pinnedHost) {
			callback(
				Object.assign(new Error('lookup outside the pinned host'), { code: 'ENOTFOUND' }),
				[]
			);
			return;
		}
		const usable = addresses.filter((a) => wanted === 0 || familyOf(a) === wanted);
		if (usable.length === 0) {
			callback(
				Object.assign(new Error('no pinned address of that family'), { code: 'ENOTFOUND' }),
				[]
			);
			return;
		}
		if (typeof opts === 'object' && opts.all)
			callback(
				null,
				usable.map((address) => ({ address, family: familyOf(address) }))
			);
		else callback(null, usable[0] as string, familyOf(usable[0] as string));
	};

	const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
	const allowH2 = options.allowH2 === true && assessment.url.protocol === 'https:';
	// An explicit dispatcher: no global dispatcher, no HTTP(S)_PROXY, no SvelteKit fetch on this path.
	const makeAgent = (): Agent =>
		new Agent({
			connect: {
				lookup: lookup as never,
				timeout: connectTimeoutMs,
				...(options.ca !== undefined ? { ca: [...rootCertificates, options.ca.toString()] } : {})
			},
			headersTimeout: totalTimeoutMs,
			bodyTimeout: totalTimeoutMs,
			// Enough for a list fetched page by page in parallel; idle sockets kept for the next probe.
			connections: CONNECTIONS_PER_ORIGIN,
			keepAliveTimeout: 30_000,
			keepAliveMaxTimeout: 60_000,
			...(allowH2 ? { allowH2: true } : {})
		});
	const lease = options.pool?.acquire(
		pinnedKey({
			origin,
			addresses,
			ca: options.ca,
			extra: [connectTimeoutMs, totalTimeoutMs, allowH2 ? 'h2' : 'h1']
		}),
		makeAgent
	);
	const agent: Dispatcher = lease ? lease.dispatcher : makeAgent();

	async function reassess(next: URL): Promise<void> {
		const result = await assessBaseUrl(next.href, {
			context,
			...(options.allowlist ? { allowlist: options.allowlist } : {}),
			...(options.resolve ? { resolve: options.resolve } : {})
		});
		if (!result.ok)
			throw blockedError('redirect', `same-origin redirect failed re-assessment (${result.check})`);
	}

	return {
		async request(input, init) {
			let url = toUrl(input);
			if (url.origin !== origin)
				throw blockedError('ownership', 'the URL is not on the assessed origin');
			if (url.username !== '' || url.password !== '')
				throw blockedError('userinfo', 'the URL carries userinfo');
			const signals = [AbortSignal.timeout(totalTimeoutMs)];
			if (init.signal) signals.push(init.signal);
			const signal = AbortSignal.any(signals);
			const headers: Record<string, string> = {};
			// Host always comes from the assessed origin.
			for (const [name, value] of Object.entries(init.headers))
				if (name.toLowerCase() !== 'host') headers[name] = value;
			let method = init.method.toUpperCase();
			let body = init.body;
			let redirects = 0;

			for (;;) {
				let response;
				try {
					response = await agent.request({
						origin,
						path: `${url.pathname}${url.search}`,
						method: method as 'GET',
						headers,
						...(body !== undefined ? { body } : {}),
						signal
					});
				} catch (error) {
					throw toTransportError(error, signal);
				}
				// Errors surface through the iterator below; an early destroy must not become an unhandled 'error'.
				response.body.on('error', () => {});
				const responseHeaders = flattenHeaders(response.headers);
				const location = responseHeaders['location'];
				if (REDIRECT_STATUSES.has(response.statusCode) && location !== undefined) {
					await response.body.dump({ limit: 64 * 1024 }).catch(() => {});
					let next: URL;
					try {
						next = new URL(location, url);
					} catch {
						throw blockedError('redirect', 'the redirect location is not a URL');
					}
					// The token never goes to another origin: nothing is sent there.
					if (next.origin !== origin || next.username !== '' || next.password !== '')
						throw blockedError('redirect', 'redirect to another origin');
					if (redirects >= MAX_REDIRECTS)
						throw blockedError('redirect', `more than ${MAX_REDIRECTS} redirects`);
					await reassess(next);
					redirects++;
					url = next;
					// Fetch semantics: 303, and 301/302 after POST, continue as GET without a body.
					if (
						response.statusCode === 303
							? method !== 'HEAD'
							: (response.statusCode === 301 || response.statusCode === 302) && method === 'POST'
					) {
						method = 'GET';
						body = undefined;
						for (const name of Object.keys(headers))
							if (/^content-(type|length)$/i.test(name)) delete headers[name];
					}
					continue;
				}
				let text: string;
				try {
					text = await readCapped(
						response.body,
						responseHeaders,
						Math.min(maxBytes, init.maxBytes ?? maxBytes),
						init.onBytes
					);
				} catch (error) {
					throw toTransportError(error, signal);
				}
				// undici frees the socket a turn after the body ends: a request sent at once would
				// find it busy and open another connection (TCP + TLS) instead of reusing this one.
				await new Promise((resolve) => setImmediate(resolve));
				return {
					status: response.statusCode,
					headers: responseHeaders,
					body: text,
					url,
					redirects
				};
			}
		},
		async close() {
			if (lease) await lease.release();
			else await agent.close();
		}
	};
}
