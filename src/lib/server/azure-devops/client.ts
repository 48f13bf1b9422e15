import type { ProbeCredential } from '$lib/domain/probe.schema';
import { baseHeaders } from './auth';
import {
	AdoError,
	asWrappedException,
	classifyHttp,
	classifyTransportError,
	versionCeiling
} from './errors';
import { budgetExceeded, ProbeBudget, responseCap } from './budget';
import { parseInTurn } from './parse-in-turn';
import { bodyText, headerValue, type HeaderBag, type Transport } from './transport';
import { PROJECTS_RESOURCE, resourceOf, type ResourceRef } from './resources';
import { apiUrl } from './urls';
import { LocationCache } from './location-cache';
import {
	compareVersions,
	majorMinor,
	MINIMUM_API_VERSION,
	negotiateResourceVersion,
	SERVICES_API_VERSION,
	readLocations,
	type ResourceLocation
} from './versions';

export interface UpstreamRequestRecord {
	method: string;
	/** Path only: queries can carry search terms, never worth a log line. */
	path: string;
	status: number;
}

export interface CallOptions {
	query?: Record<string, string | number | boolean | undefined>;
	/** JSON body (serialised here). */
	body?: unknown;
	contentType?: string;
	/** `null`: send no api-version. Default: the client's current version. */
	version?: string | null;
	/** Appended to the version, e.g. '-preview.1' for preview-only resources. */
	preview?: string;
	/** Statuses returned to the caller instead of classified (e.g. 400 for validateOnly rules). */
	allow?: readonly number[];
}

export interface CallResult {
	status: number;
	headers: HeaderBag;
	json: unknown;
}

export interface AdoClientOptions {
	/** Returns the transport for a URL's origin (pinned by url-safety). */
	transportFor: (url: URL) => Promise<Transport>;
	credential?: ProbeCredential;
	signal?: AbortSignal;
	/** Version sent first; lowered once when the server names its ceiling. */
	apiVersion: string;
	maxResponseBytes?: number;
	/** Bytes and requests the whole probe may spend (shared by its clients). */
	budget?: ProbeBudget;
	/** Resource locations kept across probes; without one they are asked once per probe. */
	locationCache?: LocationCache;
}

const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/**
 * A per-probe Azure DevOps REST client. It keeps no state beyond one probe: the negotiated
 * api-version, whether the credential was accepted, and the request log for diagnostics.
 */
export class AdoClient {
	readonly requests: UpstreamRequestRecord[] = [];
	apiVersion: string;
	/** Highest version the server said it accepts, when it said so. */
	ceiling: string | undefined;
	/** Set once connectionData (or any call) succeeded with the credential. */
	authenticated = false;
	private readonly maxBytes: number;
	readonly budget: ProbeBudget;
	/** `OPTIONS _apis/{area}` answers per host and area, asked once per probe. */
	private readonly locations = new Map<string, Promise<Map<string, ResourceLocation> | null>>();

	constructor(private readonly options: AdoClientOptions) {
		this.apiVersion = options.apiVersion;
		this.maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
		this.budget = options.budget ?? new ProbeBudget();
	}

	/** Lowers the working version to what the server supports; refuses anything below 5.0. */
	adoptCeiling(ceiling: string): void {
		this.ceiling = ceiling;
		if (compareVersions(ceiling, MINIMUM_API_VERSION) < 0) {
			throw new AdoError('PROVIDER_API_VERSION_UNSUPPORTED', `api-version-${ceiling}-below-5.0`);
		}
		// Between a release's GA version and its ceiling only -preview is accepted (6.1 on 2020);
		// every release from 2019 on has {major}.0 released, so that is the version used.
		const working = `${majorMinor(ceiling).split('.')[0]}.0`;
		if (compareVersions(ceiling, this.apiVersion) < 0) this.apiVersion = working;
	}

	/** `OPTIONS {base}/_apis/{area}`, once per host and area; `null` when not answered usefully. */
	private areaLocations(base: URL, area: string): Promise<Map<string, ResourceLocation> | null> {
		const key = LocationCache.key(base, area);
		let pending = this.locations.get(key);
		const cached = pending ? undefined : this.options.locationCache?.get(key);
		if (cached) {
			pending = Promise.resolve(cached);
			this.locations.set(key, pending);
		}
		if (!pending) {
			pending = this.once(base, 'OPTIONS', `_apis/${area}`, { version: null }).then(
				(r) => {
					const list = r.status === 200 ? readLocations(r.json) : undefined;
					const found = list ? new Map(list.map((l) => [l.id, l])) : null;
					if (found) this.options.locationCache?.set(key, found);
					return found;
				},
				(error: unknown) => {
					if (this.options.signal?.aborted) throw error;
					return null;
				}
			);
			this.locations.set(key, pending);
		}
		return pending;
	}

	/**
	 * The server's location for a resource; `undefined` when the server does not list it (a proxy
	 * dropping OPTIONS, an old server): callers then fall back to the working version and the
	 * server's error messages.
	 */
	async location(base: URL, resource: ResourceRef): Promise<ResourceLocation | undefined> {
		return (await this.areaLocations(base, resource.area))?.get(resource.id);
	}

	/** Asks several areas at once (one round trip); true when any request went out. */
	async prefetchLocations(base: URL, areas: readonly string[]): Promise<boolean> {
		const fresh = areas.filter((a) => {
			const key = LocationCache.key(base, a);
			return !this.locations.has(key) && !this.options.locationCache?.get(key);
		});
		await Promise.all(areas.map((a) => this.areaLocations(base, a)));
		return fresh.length > 0;
	}

	/**
	 * The version for this request from the server's resource locations, if it lists them. The
	 * target is the server's released version of the core projects resource (its GA REST version:
	 * 6.0 on Server 2020), never above what this client was written against; a server below 5.0
	 * is refused as the connection probe refuses it.
	 */
	private async negotiated(base: URL, method: string, path: string): Promise<string | undefined> {
		const resource = resourceOf(method, path.split('?')[0] ?? path);
		if (!resource) return undefined;
		const [location, projects] = await Promise.all([
			this.location(base, resource),
			this.location(base, PROJECTS_RESOURCE)
		]);
		if (!location) return undefined;
		let wanted = SERVICES_API_VERSION;
		if (projects && compareVersions(projects.maxVersion, '0.0') > 0) {
			if (this.ceiling === undefined) this.adoptCeiling(projects.maxVersion);
			if (compareVersions(projects.releasedVersion, wanted) < 0)
				wanted = majorMinor(projects.releasedVersion);
		} else if (compareVersions(this.apiVersion, wanted) < 0) wanted = majorMinor(this.apiVersion);
		return negotiateResourceVersion(location, wanted);
	}

	async call(
		base: URL,
		method: string,
		path: string,
		options: CallOptions = {}
	): Promise<CallResult> {
		if (options.version === undefined && !options.preview) {
			const version = await this.negotiated(base, method, path);
			if (version) options = { ...options, version };
		}
		const explicitVersion = options.version !== undefined;
		let result = await this.once(base, method, path, options);
		if (result.status === 400 && !explicitVersion) {
			const ceiling = versionCeiling(result.json, this.apiVersion);
			if (ceiling) {
				this.adoptCeiling(ceiling);
				result = await this.once(base, method, path, options);
			}
		}
		if (
			result.status === 400 &&
			!options.preview &&
			!/-preview/i.test(options.version ?? '') &&
			asWrappedException(result.json).typeKey === 'VssInvalidPreviewVersionException'
		) {
			// A resource still in preview on this release: ask again the way it demands.
			result = await this.once(base, method, path, { ...options, preview: '-preview' });
		}
		if ((result.status >= 200 && result.status < 300) || options.allow?.includes(result.status))
			return result;
		throw classifyHttp({
			status: result.status,
			headers: result.headers,
			json: result.json,
			contentType: headerValue(result.headers, 'content-type') ?? '',
			authenticated: this.authenticated
		});
	}

	private async once(
		base: URL,
		method: string,
		path: string,
		options: CallOptions
	): Promise<CallResult> {
		const version = options.version === undefined ? this.apiVersion : options.version;
		const query = {
			...options.query,
			...(version !== null ? { 'api-version': `${version}${options.preview ?? ''}` } : {})
		};
		const url = apiUrl(base, path, query);
		const headers: Record<string, string> = baseHeaders(this.options.credential);
		let body: string | undefined;
		if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers['content-type'] = options.contentType ?? 'application/json';
		}

		this.budget.startRequest();
		// The endpoint's own size, and the probe's remaining bytes counted as they arrive.
		const cap = Math.min(responseCap(method, url.pathname), this.maxBytes);
		let streamed = 0;
		let response;
		try {
			const transport = await this.options.transportFor(url);
			response = await transport.request(url, {
				method,
				headers,
				...(body !== undefined ? { body } : {}),
				...(this.options.signal ? { signal: this.options.signal } : {}),
				maxBytes: cap,
				onBytes: (n) => {
					streamed += n;
					return this.budget.take(n);
				}
			});
		} catch (error) {
			if (this.budget.exhausted) throw budgetExceeded('upstream bytes');
			if (this.options.signal?.aborted)
				throw new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'probe-time-limit');
			throw classifyTransportError(error);
		}
		this.requests.push({
			method,
			path: new URL(response.url ?? url).pathname,
			status: response.status
		});

		const size =
			typeof response.body === 'string'
				? Buffer.byteLength(response.body)
				: response.body.byteLength;
		// A transport that does not stream its byte count is charged here, after the fact.
		if (streamed === 0) this.budget.take(size);
		if (this.budget.exhausted) throw budgetExceeded('upstream bytes');
		if (size > cap) throw new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'response-too-large');

		const contentType = headerValue(response.headers, 'content-type') ?? '';
		const status = response.status;
		if (status >= 300 && status < 400) {
			const location = headerValue(response.headers, 'location') ?? '';
			const signIn =
				/_signin|login\.microsoftonline|fedauth/i.test(location) ||
				headerValue(response.headers, 'x-tfs-fedauthredirect') !== undefined;
			throw new AdoError(
				signIn ? 'PROVIDER_AUTH_REQUIRED' : 'PROVIDER_BASE_URL_BLOCKED',
				signIn ? 'sign-in-redirect' : 'redirect'
			);
		}
		// A sign-in page can come back as 200 or 203 with HTML: never a real answer.
		if (status === 203 || (status < 300 && /text\/html/i.test(contentType))) {
			throw new AdoError('PROVIDER_AUTH_REQUIRED', 'sign-in-page');
		}

		const text = bodyText(response.body);
		let json: unknown;
		if (text.trim() !== '') {
			try {
				json = await parseInTurn(text);
			} catch {
				if (status >= 200 && status < 300)
					throw new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'malformed-response');
				json = undefined;
			}
		}
		if (status >= 200 && status < 300 && this.options.credential) this.authenticated = true;
		return { status, headers: response.headers, json };
	}

	/**
	 * A list whose pages `$skip` reaches directly (projects: the documented continuation token is
	 * the count already returned). The first page alone, then, if it came back full with a
	 * continuation, the following pages `concurrency` at a time until one comes back short or
	 * without a continuation. A token that is not that count falls back to following tokens.
	 */
	async pagedBySkip<T>(
		base: URL,
		path: string,
		query: Record<string, string | number | undefined>,
		pageSize: number,
		maxPages: number,
		concurrency: number
	): Promise<{ items: T[]; pages: number; complete: boolean }> {
		const first = await this.call(base, 'GET', path, { query: { ...query, $top: pageSize } });
		const firstItems = listValue<T>(first.json);
		const token = headerValue(first.headers, 'x-ms-continuationtoken') || undefined;
		if (!token || maxPages <= 1) return { items: firstItems, pages: 1, complete: !token };
		if (token !== String(firstItems.length) || firstItems.length !== pageSize) {
			const rest = await this.pagedFrom<T>(
				base,
				path,
				{ ...query, $top: pageSize },
				token,
				maxPages - 1
			);
			return {
				items: [...firstItems, ...rest.items],
				pages: rest.pages + 1,
				complete: rest.complete
			};
		}
		const pages: T[][] = [firstItems];
		/** Index of the last page, once a page said so. */
		let last = Number.POSITIVE_INFINITY;
		let next = 1;
		const worker = async () => {
			while (next < maxPages && next <= last) {
				const index = next++;
				const result = await this.call(base, 'GET', path, {
					query: { ...query, $top: pageSize, $skip: index * pageSize }
				});
				const items = listValue<T>(result.json);
				pages[index] = items;
				const more = headerValue(result.headers, 'x-ms-continuationtoken');
				if (!more || items.length < pageSize) last = Math.min(last, index);
			}
		};
		await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
		const count = Number.isFinite(last) ? last + 1 : maxPages;
		return { items: pages.slice(0, count).flat(), pages: count, complete: Number.isFinite(last) };
	}

	/** Follows continuation tokens from `token` for at most `maxPages` pages. */
	private async pagedFrom<T>(
		base: URL,
		path: string,
		query: Record<string, string | number | undefined>,
		token: string,
		maxPages: number
	): Promise<{ items: T[]; pages: number; complete: boolean }> {
		const items: T[] = [];
		let pages = 0;
		let next: string | undefined = token;
		while (next && pages < maxPages) {
			const result = await this.call(base, 'GET', path, {
				query: { ...query, continuationToken: next }
			});
			pages += 1;
			items.push(...listValue<T>(result.json));
			next = headerValue(result.headers, 'x-ms-continuationtoken') || undefined;
		}
		return { items, pages, complete: !next };
	}
}

/** `{ count, value: [...] }` → value, refusing anything else as malformed. */
export function listValue<T>(json: unknown): T[] {
	if (json && typeof json === 'object' && Array.isArray((json as { value?: unknown }).value)) {
		return (json as { value: T[] }).value;
	}
	throw new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'malformed-response');
}

export function objectValue(json: unknown): Record<string, unknown> {
	if (json && typeof json === 'object' && !Array.isArray(json))
		return json as Record<string, unknown>;
	throw new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'malformed-response');
}
