// Resource locations (`OPTIONS _apis/{area}`) per server, kept for a bounded time so a warm probe
// does not pay the discovery round again. They describe the server's routes and versions, the same
// for every caller; only useful answers are kept, so a dropped OPTIONS is asked again next time.
import type { ResourceLocation } from './versions';

export type AreaLocations = Map<string, ResourceLocation>;

export interface LocationCacheOptions {
	/** Default 10 minutes: an upgrade of the server shows within that. */
	ttlMs?: number;
	/** Default 256 (base URL × area); the oldest goes first. */
	maxEntries?: number;
	now?: () => number;
}

export class LocationCache {
	private readonly entries = new Map<string, { at: number; value: AreaLocations }>();
	private readonly ttlMs: number;
	private readonly maxEntries: number;
	private readonly now: () => number;

	constructor(options: LocationCacheOptions = {}) {
		this.ttlMs = options.ttlMs ?? 600_000;
		this.maxEntries = options.maxEntries ?? 256;
		this.now = options.now ?? (() => performance.now());
	}

	static key(base: URL, area: string): string {
		return `${base.href}|${area.toLowerCase()}`;
	}

	get(key: string): AreaLocations | undefined {
		const hit = this.entries.get(key);
		if (!hit) return undefined;
		if (this.now() - hit.at > this.ttlMs) {
			this.entries.delete(key);
			return undefined;
		}
		return hit.value;
	}

	set(key: string, value: AreaLocations): void {
		this.entries.delete(key);
		if (this.entries.size >= this.maxEntries) {
			const oldest = this.entries.keys().next();
			if (!oldest.done) this.entries.delete(oldest.value);
		}
		this.entries.set(key, { at: this.now(), value });
	}

	clear(): void {
		this.entries.clear();
	}
}

/** The server's cache, shared by every probe of the process. */
export const sharedLocations = new LocationCache();
