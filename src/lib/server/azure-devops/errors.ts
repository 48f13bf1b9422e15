import { checkText } from '$lib/domain/checks';
import { CODE_CATALOGUE, type BlockedCode } from '$lib/domain/codes';
import type { ProbeFailure } from '$lib/domain/probe.schema';
import { headerValue, type HeaderBag } from './transport';

/**
 * A classified upstream outcome. The message is always the catalogue text: raw upstream text
 * never leaves the server, and `check` names the precise cause in our own words.
 */
export class AdoError extends Error {
	override readonly name = 'AdoError';
	constructor(
		readonly code: BlockedCode,
		readonly check: string,
		readonly retryAfter?: number,
		/** Wording naming what the admin typed, in place of the catalogue's general sentences. */
		readonly detail?: { message: string; fix: string },
		/** What was really observed (refused, reset…): for the server log only, never the browser. */
		readonly observed?: string
	) {
		super(detail?.message ?? checkText(check)?.message ?? CODE_CATALOGUE[code].message);
	}

	toFailure(): ProbeFailure {
		const entry = checkText(this.check) ?? CODE_CATALOGUE[this.code];
		return {
			ok: false,
			code: this.code,
			message: this.detail?.message ?? entry.message,
			fix: this.detail?.fix ?? entry.fix,
			check: this.check,
			...(this.retryAfter !== undefined ? { retry_after: this.retryAfter } : {})
		};
	}
}

/** The parts of an Azure DevOps WrappedException body we read. */
export interface WrappedException {
	message?: string;
	typeKey?: string;
	customProperties?: Record<string, unknown> | null;
}

export function asWrappedException(json: unknown): WrappedException {
	if (!json || typeof json !== 'object') return {};
	const o = json as Record<string, unknown>;
	return {
		...(typeof o.message === 'string' ? { message: o.message } : {}),
		...(typeof o.typeKey === 'string' ? { typeKey: o.typeKey } : {}),
		...(o.customProperties && typeof o.customProperties === 'object'
			? { customProperties: o.customProperties as Record<string, unknown> }
			: {})
	};
}

/** Seconds to wait, from Retry-After (seconds or HTTP date) or X-RateLimit-Delay. */
export function retryAfterSeconds(
	headers: HeaderBag,
	now: () => number = Date.now
): number | undefined {
	const raw = headerValue(headers, 'retry-after');
	if (raw !== undefined && raw.trim() !== '') {
		const seconds = Number(raw);
		if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
		const date = Date.parse(raw);
		if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now()) / 1000));
	}
	const delay = Number(headerValue(headers, 'x-ratelimit-delay'));
	if (Number.isFinite(delay) && delay > 0) return Math.ceil(delay);
	return undefined;
}

/**
 * Wordings of VssVersionOutOfRangeException found in public reports: "…out of range for this
 * server. The latest REST API version this server supports is 5.1." and "…out of the valid
 * range… supported by this server is 5.1".
 */
const VERSION_CEILING = [
	/latest REST API version this server supports is\s+(\d+\.\d+)/i,
	/supported by this server is\s+(\d+\.\d+)/i
];

/**
 * The ceiling named by a VssVersionOutOfRangeException, if the body is one. A known wording is
 * read first; a server answering in another language still names two versions (the requested
 * one and its latest), so the last version in the message other than `requested` is taken.
 */
export function versionCeiling(json: unknown, requested?: string): string | undefined {
	const w = asWrappedException(json);
	const message = w.message ?? '';
	for (const re of VERSION_CEILING) {
		const m = re.exec(message);
		if (m) return m[1];
	}
	if (w.typeKey !== 'VssVersionOutOfRangeException') return undefined;
	const versions = [...message.matchAll(/(?<![\d.])(\d+\.\d+)(?!\.?\d)/g)]
		.map((m) => m[1] as string)
		.filter((v) => v !== requested);
	return versions.at(-1);
}

export interface ClassifyInput {
	status: number;
	headers: HeaderBag;
	/** Parsed JSON body, or undefined when the body was not JSON. */
	json: unknown;
	contentType: string;
	/** A credential was already accepted by this deployment (connectionData answered). */
	authenticated?: boolean;
}

/**
 * Maps one non-success upstream answer to a code. Order matters: throttling and sign-in pages
 * are recognised before status-based rules because they can arrive with any status.
 */
export function classifyHttp(input: ClassifyInput): AdoError {
	const { status, headers, json, contentType } = input;
	const w = asWrappedException(json);
	const message = w.message ?? '';
	const serviceError = safeDecode(headerValue(headers, 'x-tfs-serviceerror') ?? '');
	const text = `${message} ${serviceError}`;

	if (status === 429 || /TF400733/.test(text)) {
		return new AdoError('PROVIDER_RATE_LIMITED', 'rate-limit', retryAfterSeconds(headers) ?? 30);
	}
	if (status >= 500) return new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'upstream-server-error');
	// Sign-in pages come as 203, as HTML 2xx, or as HTML 401; an HTML 404 is just a missing page.
	if (status === 203 || (/text\/html/i.test(contentType) && (status < 300 || status === 401))) {
		return new AdoError('PROVIDER_AUTH_REQUIRED', 'sign-in-page');
	}
	if (status === 401) {
		if (/expired/i.test(text)) return new AdoError('PROVIDER_AUTH_REQUIRED', 'credential-expired');
		if (/revoked/i.test(text)) return new AdoError('PROVIDER_AUTH_REQUIRED', 'credential-revoked');
		if (/TF400813/.test(text)) {
			// "The user '' ..." : no identity at all, typically a PAT sent as Bearer.
			if (/user\s+''|user\s+""|anonymous/i.test(text))
				return new AdoError('PROVIDER_AUTH_REQUIRED', 'credential-rejected');
			// A known user refused on this resource: the scope is missing, not the token invalid.
			return new AdoError('PROVIDER_SCOPE_UNAVAILABLE', 'scope-missing');
		}
		if (input.authenticated) return new AdoError('PROVIDER_SCOPE_UNAVAILABLE', 'scope-missing');
		return new AdoError('PROVIDER_AUTH_REQUIRED', 'credential-rejected');
	}
	if (status === 403) return new AdoError('PROVIDER_SCOPE_UNAVAILABLE', 'permission-denied');
	if (
		w.typeKey === 'VssVersionOutOfRangeException' ||
		VERSION_CEILING.some((re) => re.test(message))
	) {
		return new AdoError('PROVIDER_API_VERSION_UNSUPPORTED', 'api-version-out-of-range');
	}
	if (w.typeKey === 'VssInvalidPreviewVersionException') {
		return new AdoError('PROVIDER_API_VERSION_UNSUPPORTED', 'api-version-preview-required');
	}
	if (/TF200016|VS800075/.test(message) || /ProjectDoesNotExist/.test(w.typeKey ?? '')) {
		return new AdoError('PROVIDER_PROJECT_REQUIRED', 'project-not-found');
	}
	if (/VS402323/.test(message) || w.typeKey === 'WorkItemTypeNotFoundException') {
		return new AdoError('TICKET_EXPORT_MAPPING_REQUIRED', 'work-item-type-not-found');
	}
	if (/TF401347|VS402485/.test(message))
		return new AdoError('TICKET_EXPORT_MAPPING_REQUIRED', 'classification-path');
	if (/TF401320/.test(message) || w.typeKey === 'RuleValidationException') {
		return new AdoError('TICKET_EXPORT_MAPPING_REQUIRED', 'field-rule');
	}
	if (status === 404) return new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'not-found');
	if (status >= 500) return new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'upstream-server-error');
	if (status >= 300 && status < 400) return new AdoError('PROVIDER_BASE_URL_BLOCKED', 'redirect');
	return new AdoError('PROVIDER_BASE_URL_UNREACHABLE', `unexpected-status-${status}`);
}

function safeDecode(value: string): string {
	try {
		return decodeURIComponent(value.replace(/\+/g, ' '));
	} catch {
		return value;
	}
}

/**
 * Transport-level failures (url-safety's TransportError or undici/node errors). Refused, reset,
 * timed out and unresolvable all answer check `unreachable`: telling them apart would turn the
 * endpoint into a port scanner. The observed kind goes to the server log only.
 */
export function classifyTransportError(error: unknown): AdoError {
	if (error instanceof AdoError) return error;
	const e = (error ?? {}) as {
		kind?: unknown;
		check?: unknown;
		code?: unknown;
		name?: unknown;
		cause?: unknown;
	};
	const kind = typeof e.kind === 'string' ? e.kind : undefined;
	const unreachable = (observed: string) =>
		new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'unreachable', undefined, undefined, observed);
	switch (kind) {
		case 'tls':
			return new AdoError('PROVIDER_TLS_UNTRUSTED', 'tls');
		case 'timeout':
		case 'refused':
		case 'unreachable':
		case 'reset':
			return unreachable(typeof e.code === 'string' ? `${kind} (${e.code})` : kind);
		case 'too_large':
			return new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'response-too-large');
		case 'blocked':
			return new AdoError(
				'PROVIDER_BASE_URL_BLOCKED',
				typeof e.check === 'string' ? e.check : 'redirect'
			);
	}
	if (e.name === 'AbortError' || e.name === 'TimeoutError') return unreachable('timeout');
	const code =
		typeof e.code === 'string'
			? e.code
			: typeof (e.cause as { code?: unknown })?.code === 'string'
				? (e.cause as { code: string }).code
				: '';
	if (/CERT|SSL|TLS|SELF_SIGNED|ERR_TLS/.test(code))
		return new AdoError('PROVIDER_TLS_UNTRUSTED', 'tls');
	return unreachable(code || (typeof e.name === 'string' ? e.name : 'unknown'));
}
