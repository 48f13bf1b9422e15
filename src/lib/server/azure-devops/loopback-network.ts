import { request } from 'undici';
import { AdoError } from './errors';
import type { Network, SafeTarget } from './network';
import type { Transport } from './transport';

/**
 * A Network for tests and benches that only ever talks to loopback IP literals (the simulator);
 * anything else is refused. It stands in for url-safety so client behaviour can be tested alone.
 * Services URLs are accepted unresolved (public, never connected to).
 */
export function loopbackNetwork(
	options: { maxResponseBytes?: number; headersTimeoutMs?: number } = {}
): Network {
	return {
		async assess(input, context) {
			const url = new URL(input);
			if (context === 'services') {
				if (url.hostname !== 'dev.azure.com' && !url.hostname.endsWith('.visualstudio.com')) {
					throw new AdoError('PROVIDER_BASE_URL_BLOCKED', 'host');
				}
				return {
					url,
					addresses: ['13.107.42.20'],
					address_class: 'public',
					allowlist_match: false,
					plain_http: false
				};
			}
			if (url.hostname !== '127.0.0.1' && url.hostname !== '[::1]')
				throw new AdoError('PROVIDER_BASE_URL_BLOCKED', 'private-network');
			return {
				url,
				addresses: [url.hostname.replace(/[[\]]/g, '')],
				address_class: 'loopback',
				allowlist_match: true,
				plain_http: url.protocol === 'http:'
			};
		},
		connect(target: SafeTarget): Transport {
			const origin = target.url.origin;
			return {
				async request(url, init) {
					const u = new URL(url);
					if (u.origin !== origin)
						throw Object.assign(new Error('cross-origin'), { kind: 'blocked', check: 'redirect' });
					const res = await request(u, {
						method: init.method as 'GET',
						headers: init.headers,
						...(init.body !== undefined ? { body: init.body } : {}),
						...(init.signal ? { signal: init.signal } : {}),
						headersTimeout: options.headersTimeoutMs ?? 30_000,
						bodyTimeout: options.headersTimeoutMs ?? 30_000
					}).catch((error: unknown) => {
						const code = (error as { code?: string }).code ?? '';
						if (code === 'ECONNREFUSED')
							throw Object.assign(new Error('refused'), { kind: 'refused' });
						if (/TIMEOUT/.test(code))
							throw Object.assign(new Error('timeout'), { kind: 'timeout' });
						throw error;
					});
					const limit = options.maxResponseBytes ?? 4 * 1024 * 1024;
					const chunks: Buffer[] = [];
					let total = 0;
					for await (const chunk of res.body) {
						total += (chunk as Buffer).byteLength;
						if (total > limit) {
							res.body.destroy();
							throw Object.assign(new Error('too large'), { kind: 'too_large' });
						}
						chunks.push(chunk as Buffer);
					}
					const headers: Record<string, string> = {};
					for (const [k, v] of Object.entries(res.headers))
						if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
					return {
						status: res.statusCode,
						headers,
						body: new Uint8Array(Buffer.concat(chunks)),
						url: u.href
					};
				},
				close() {}
			};
		}
	};
}
