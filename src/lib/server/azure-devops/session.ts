import type { ProbeRequest } from '$lib/domain/probe.schema';
import type { ProbeBudget } from './budget';
import { AdoClient } from './client';
import { AdoError } from './errors';
import type { LocationCache } from './location-cache';
import { TransportPool, demoOriginBlocked, type Network, type SafeTarget } from './network';
import { deploymentUrls, type DeploymentUrls } from './urls';
import { MINIMUM_API_VERSION, SERVICES_API_VERSION } from './versions';

/** What every probe receives besides its request. */
export interface ProbeContext {
	network: Network;
	/** Demo operator setting: Services requests go to this loopback origin instead. */
	servicesOrigin?: string;
	signal: AbortSignal;
	maxResponseBytes?: number;
	/** Other Services organizations a global token would also open (connection probe). */
	crossCheckOrganizations?: readonly string[];
	/** Most pages of projects followed before answering complete:false. */
	maxProjectPages?: number;
	now?: () => number;
	/** Bytes and requests the whole probe may spend; runProbe opens one per probe. */
	budget?: ProbeBudget;
	/** Resource locations kept across probes (the endpoint's); none: asked once per probe. */
	locationCache?: LocationCache;
}

export interface Session {
	urls: DeploymentUrls;
	/** Assessment of the URL the admin entered (the public Services URL, or the Server URL). */
	entered: SafeTarget;
	/** Assessment of where requests actually go (differs only in demo mode). */
	effective: SafeTarget;
	client: AdoClient;
	close(): Promise<void>;
}

/**
 * Validates the target with url-safety and opens a client whose transports are pinned to the
 * assessed addresses. In demo mode the Services URL must pass as a Services URL, and the
 * substitute origin must pass as an allowlisted loopback entry.
 */
export async function openSession(req: ProbeRequest, ctx: ProbeContext): Promise<Session> {
	const urls = deploymentUrls(req.target, ctx.servicesOrigin);
	const assessed = new Map<string, SafeTarget>();
	let entered: SafeTarget;
	let effective: SafeTarget;
	if (urls.kind === 'services') {
		entered = await ctx.network.assess(urls.public_url.href, 'services');
		if (urls.demo) {
			effective = await ctx.network.assess(urls.collection.href, 'server');
			if (effective.address_class !== 'loopback' || !effective.allowlist_match)
				throw demoOriginBlocked();
		} else {
			effective = entered;
		}
	} else {
		if ('credential' in req && req.credential.auth_method === 'oauth')
			throw new AdoError('PROVIDER_AUTH_REQUIRED', 'server-requires-pat');
		entered = await ctx.network.assess(urls.collection.href, 'server');
		effective = entered;
	}
	assessed.set(urls.collection.origin, effective);

	const pool = new TransportPool(ctx.network, assessed, () =>
		urls.kind === 'services' && !urls.demo ? 'services' : 'server'
	);
	const client = new AdoClient({
		transportFor: pool.transportFor,
		...('credential' in req ? { credential: req.credential } : {}),
		signal: ctx.signal,
		// Server: the floor every supported release serves as GA, so no probe pays a negotiation
		// round trip; the connection probe still detects and reports the real ceiling.
		apiVersion: urls.kind === 'services' ? SERVICES_API_VERSION : MINIMUM_API_VERSION,
		...(ctx.maxResponseBytes ? { maxResponseBytes: ctx.maxResponseBytes } : {}),
		...(ctx.budget ? { budget: ctx.budget } : {}),
		...(ctx.locationCache ? { locationCache: ctx.locationCache } : {})
	});
	return { urls, entered, effective, client, close: () => pool.close() };
}
