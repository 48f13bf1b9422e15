// Keep-alive dispatchers shared across probes. An entry's key holds everything its connector is
// pinned to (origin, the assessed address set, the extra CA, timeouts), so a dispatcher is only
// ever reused for exactly the addresses url-safety validated this time: a new assessment that
// resolves elsewhere gets another key, and a refused one never reaches the pool.
import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';

export interface DispatcherPoolOptions {
	/** Most dispatchers kept; idle ones are closed first when a new key needs room. Default 16. */
	maxEntries?: number;
	/** An unused dispatcher is closed after this long. Default 60 000 ms. */
	idleMs?: number;
	/** No new lease on a dispatcher older than this (bounds reuse across probes). Default 300 000 ms. */
	maxAgeMs?: number;
	now?: () => number;
}

export interface DispatcherLease {
	dispatcher: Dispatcher;
	/** True when the dispatcher was made for this lease (the connection will be cold). */
	fresh: boolean;
	/** Idempotent. The dispatcher stays open for the next lease until idle or too old. */
	release(): Promise<void>;
}

interface Entry {
	key: string;
	dispatcher: Dispatcher;
	created: number;
	leases: number;
	/** Taken out of the map (too old, evicted): closed when its last lease ends. */
	retired: boolean;
	idleTimer?: ReturnType<typeof setTimeout>;
}

export interface PinnedKeyParts {
	origin: string;
	addresses: readonly string[];
	ca?: string | Buffer | undefined;
	extra?: readonly (string | number)[];
}

/** The pool key: origin, sorted pinned addresses, a digest of the CA, and connector settings. */
export function pinnedKey(parts: PinnedKeyParts): string {
	const ca =
		parts.ca === undefined ? '-' : createHash('sha256').update(parts.ca.toString()).digest('hex');
	return [
		parts.origin,
		[...parts.addresses]
			.map((a) => a.toLowerCase())
			.sort()
			.join(','),
		ca,
		...(parts.extra ?? [])
	].join('\n');
}

export class DispatcherPool {
	private readonly entries = new Map<string, Entry>();
	private readonly maxEntries: number;
	private readonly idleMs: number;
	private readonly maxAgeMs: number;
	private readonly now: () => number;
	/** Dispatchers ever created (specs and benches read it). */
	created = 0;

	constructor(options: DispatcherPoolOptions = {}) {
		this.maxEntries = options.maxEntries ?? 16;
		this.idleMs = options.idleMs ?? 60_000;
		this.maxAgeMs = options.maxAgeMs ?? 300_000;
		this.now = options.now ?? (() => performance.now());
	}

	get size(): number {
		return this.entries.size;
	}

	acquire(key: string, create: () => Dispatcher): DispatcherLease {
		let entry = this.entries.get(key);
		let fresh = false;
		if (entry && this.now() - entry.created > this.maxAgeMs) {
			this.retire(entry);
			entry = undefined;
		}
		if (!entry) {
			fresh = true;
			this.created++;
			entry = { key, dispatcher: create(), created: this.now(), leases: 0, retired: false };
			this.makeRoom();
			// Every entry busy: this one serves its lease and is closed after, never kept.
			if (this.entries.size < this.maxEntries) this.entries.set(key, entry);
			else entry.retired = true;
		}
		if (entry.idleTimer) clearTimeout(entry.idleTimer);
		delete entry.idleTimer;
		entry.leases++;
		const leased = entry;
		let released = false;
		return {
			dispatcher: leased.dispatcher,
			fresh,
			release: async () => {
				if (released) return;
				released = true;
				leased.leases--;
				if (leased.leases > 0) return;
				if (leased.retired) await closeQuietly(leased.dispatcher);
				else {
					leased.idleTimer = setTimeout(() => this.retire(leased), this.idleMs);
					leased.idleTimer.unref?.();
				}
			}
		};
	}

	/** Closes every dispatcher (shutdown; benches measuring a cold start). */
	async closeAll(): Promise<void> {
		const all = [...this.entries.values()];
		this.entries.clear();
		await Promise.all(
			all.map((e) => {
				if (e.idleTimer) clearTimeout(e.idleTimer);
				e.retired = true;
				return e.leases === 0 ? closeQuietly(e.dispatcher) : undefined;
			})
		);
	}

	private makeRoom(): void {
		if (this.entries.size < this.maxEntries) return;
		// Least recently created idle entry first (Map keeps insertion order).
		for (const entry of this.entries.values()) {
			if (entry.leases === 0) {
				this.retire(entry);
				return;
			}
		}
	}

	private retire(entry: Entry): void {
		if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
		entry.retired = true;
		if (entry.idleTimer) clearTimeout(entry.idleTimer);
		delete entry.idleTimer;
		if (entry.leases === 0) void closeQuietly(entry.dispatcher);
	}
}

async function closeQuietly(dispatcher: Dispatcher): Promise<void> {
	await dispatcher.close().catch(() => {});
}

/** The server's pool: one per process, closed on shutdown (hooks.server.ts). */
export const sharedDispatchers = new DispatcherPool();
