import { assessBaseUrl, createPinnedTransport, type DispatcherPool } from '$lib/server/url-safety';
import { AdoError } from './errors';
import type { Network, SafeTarget } from './network';
import type { Transport, TransportResponse } from './transport';

export interface UrlSafetyNetworkOptions {
	allowlist: string[];
	resolve?: (host: string) => Promise<string[]>;
	ca?: string;
	connectTimeoutMs?: number;
	maxResponseBytes?: number;
	/** Keep-alive dispatchers reused across probes (keyed by origin, pinned addresses and CA). */
	pool?: DispatcherPool;
}

/** The production Network: url-safety's assessment and its pinned transport (helper A). */
export function urlSafetyNetwork(options: UrlSafetyNetworkOptions): Network {
	const assessments = new WeakMap<SafeTarget, unknown>();
	return {
		async assess(input, context) {
			const result = await assessBaseUrl(input, {
				context,
				allowlist: options.allowlist,
				...(options.resolve ? { resolve: options.resolve } : {})
			});
			if (!result.ok) throw new AdoError('PROVIDER_BASE_URL_BLOCKED', result.check);
			const target: SafeTarget = {
				url: result.url,
				addresses: result.addresses,
				address_class: result.address_class,
				allowlist_match: result.allowlist_match,
				plain_http: result.plain_http
			};
			assessments.set(target, result);
			return target;
		},
		connect(target): Transport {
			const assessment = assessments.get(target);
			if (!assessment) throw new AdoError('PROVIDER_BASE_URL_BLOCKED', 'unassessed');
			const pinned = createPinnedTransport(
				assessment as Parameters<typeof createPinnedTransport>[0],
				{
					allowlist: options.allowlist,
					...(options.resolve ? { resolve: options.resolve } : {}),
					...(options.ca ? { ca: options.ca } : {}),
					...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
					...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}),
					...(options.pool ? { pool: options.pool } : {})
				}
			);
			return {
				request: async (url, init) => (await pinned.request(url, init)) as TransportResponse,
				close: () => pinned.close()
			};
		}
	};
}
