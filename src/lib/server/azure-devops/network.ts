import { AdoError } from './errors';
import type { Transport } from './transport';

/** A URL that passed url-safety, with the facts the base-url probe reports. */
export interface SafeTarget {
	url: URL;
	addresses: string[];
	address_class: 'public' | 'private' | 'loopback';
	allowlist_match: boolean;
	plain_http: boolean;
}

/**
 * The only way the client reaches the network: assess a URL (resolve once, classify) and open a
 * transport pinned to the assessed addresses. Injected so tests and the demo stay on loopback.
 */
export interface Network {
	assess(input: string, context: 'services' | 'server'): Promise<SafeTarget>;
	connect(target: SafeTarget): Transport;
}

/**
 * Opens transports on demand, one per origin, each after its own assessment; `close` releases
 * them all (a probe never keeps a connection beyond its own lifetime).
 */
export class TransportPool {
	private readonly transports = new Map<string, Promise<Transport>>();
	private readonly opened: Transport[] = [];

	constructor(
		private readonly network: Network,
		/** Origins already assessed, with the context to use for new ones. */
		private readonly assessed: Map<string, SafeTarget>,
		private readonly contextFor: (url: URL) => 'services' | 'server'
	) {}

	transportFor = (url: URL): Promise<Transport> => {
		const key = url.origin;
		let pending = this.transports.get(key);
		if (!pending) {
			pending = (async () => {
				const known = this.assessed.get(key);
				// Path kept (organization segment), query dropped: url-safety judges hosts with their path.
				const target =
					known ??
					(await this.network.assess(`${url.origin}${url.pathname}`, this.contextFor(url)));
				if (!known) this.assessed.set(key, target);
				const transport = this.network.connect(target);
				this.opened.push(transport);
				return transport;
			})();
			this.transports.set(key, pending);
		}
		return pending;
	};

	async close(): Promise<void> {
		await Promise.allSettled(this.opened.map((t) => t.close()));
	}
}

/** Thrown when the demo Services origin is not an allowlisted loopback entry. */
export function demoOriginBlocked(): AdoError {
	return new AdoError('PROVIDER_BASE_URL_BLOCKED', 'demo-origin');
}
