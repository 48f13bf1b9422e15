/**
 * What the Azure DevOps client needs from a connection: the shape of url-safety's pinned
 * transport (helper A), restated structurally so the client can be tested with any loopback
 * transport and never reaches the network on its own.
 */

export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export interface TransportResponse {
	status: number;
	headers: HeaderBag;
	body: string | Uint8Array;
	url?: string | URL;
	redirects?: number;
}

interface TransportRequestInit {
	method: string;
	headers: Record<string, string>;
	body?: string;
	signal?: AbortSignal;
	/** Byte cap for this answer (below the transport's own). */
	maxBytes?: number;
	/** Called with each chunk's size; false stops the read as too large (the probe's budget). */
	onBytes?: (bytes: number) => boolean;
}

export interface Transport {
	request(url: string | URL, init: TransportRequestInit): Promise<TransportResponse>;
	close(): void | Promise<void>;
}

export function headerValue(headers: HeaderBag, name: string): string | undefined {
	if (typeof (headers as Headers).get === 'function')
		return (headers as Headers).get(name) ?? undefined;
	const lower = name.toLowerCase();
	for (const [key, value] of Object.entries(
		headers as Record<string, string | string[] | undefined>
	)) {
		if (key.toLowerCase() === lower) return Array.isArray(value) ? value.join(', ') : value;
	}
	return undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

export function bodyText(body: string | Uint8Array): string {
	return typeof body === 'string' ? body : decoder.decode(body);
}
