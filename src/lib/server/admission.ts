// Admission control for probes: a cap on probes in flight (whole server and per client) and a
// per-client rate, so a burst cannot multiply the per-probe memory budget without bound.

export interface AdmissionLimits {
	/** Probes in flight on the whole server. */
	global: number;
	/** Probes in flight for one client (user or address). */
	perClient: number;
	/** Probes one client may start per minute (burst: the same number). */
	perMinute: number;
}

/** Eight probes at their 16 MiB upstream budget stay within a few hundred MiB. */
export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
	global: 8,
	perClient: 4,
	perMinute: 120
};

export type Admitted = { ok: true; release: () => void };
export type Refused = {
	ok: false;
	reason: 'server-busy' | 'client-busy' | 'rate';
	retryAfter: number;
};

interface ClientState {
	inFlight: number;
	tokens: number;
	at: number;
}

/** Clients remembered at most; idle ones with a full allowance are forgotten first. */
const MAX_CLIENTS = 10_000;

export class Admission {
	private inFlight = 0;
	private readonly clients = new Map<string, ClientState>();

	constructor(
		readonly limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS,
		private readonly now: () => number = Date.now
	) {}

	admit(client: string): Admitted | Refused {
		const at = this.now();
		const state = this.state(client, at);
		if (state.tokens < 1) {
			const perMs = this.limits.perMinute / 60_000;
			return {
				ok: false,
				reason: 'rate',
				retryAfter: Math.max(1, Math.ceil((1 - state.tokens) / perMs / 1000))
			};
		}
		if (this.inFlight >= this.limits.global)
			return { ok: false, reason: 'server-busy', retryAfter: 1 };
		if (state.inFlight >= this.limits.perClient)
			return { ok: false, reason: 'client-busy', retryAfter: 1 };
		state.tokens -= 1;
		state.inFlight += 1;
		this.inFlight += 1;
		let released = false;
		return {
			ok: true,
			release: () => {
				if (released) return;
				released = true;
				state.inFlight -= 1;
				this.inFlight -= 1;
			}
		};
	}

	get probesInFlight(): number {
		return this.inFlight;
	}

	private state(client: string, at: number): ClientState {
		let state = this.clients.get(client);
		if (!state) {
			if (this.clients.size >= MAX_CLIENTS) this.forgetIdle(at);
			// Still full (many addresses at once): the oldest idle client goes, its allowance reset.
			if (this.clients.size >= MAX_CLIENTS)
				for (const [key, s] of this.clients)
					if (s.inFlight === 0) {
						this.clients.delete(key);
						break;
					}
			state = { inFlight: 0, tokens: this.limits.perMinute, at };
			this.clients.set(client, state);
			return state;
		}
		const refill = ((at - state.at) * this.limits.perMinute) / 60_000;
		state.tokens = Math.min(this.limits.perMinute, state.tokens + refill);
		state.at = at;
		return state;
	}

	private forgetIdle(at: number): void {
		for (const [key, s] of this.clients) {
			const full =
				s.tokens + ((at - s.at) * this.limits.perMinute) / 60_000 >= this.limits.perMinute;
			if (s.inFlight === 0 && full) this.clients.delete(key);
		}
	}
}
