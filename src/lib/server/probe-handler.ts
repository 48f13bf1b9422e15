import { CODE_CATALOGUE } from '$lib/domain/codes';
import {
	probeRequestSchema,
	type ProbeRequest,
	type ProbeResponse
} from '$lib/domain/probe.schema';
import { secretForms } from './azure-devops/auth';
import { sharedLocations, type LocationCache } from './azure-devops/location-cache';
import type { Network } from './azure-devops/network';
import { runProbe } from './azure-devops/run-probe';
import type { OperatorConfig } from './config';
import type { Logger } from './log';

export const MAX_BODY_BYTES = 64 * 1024;
/**
 * Cap on one upstream answer. The largest is a project's area tree in one request (~340 bytes a
 * node, ~6.8 MB for 20,000 nodes), so the cap leaves room for trees more than twice that size.
 */
export const MAX_UPSTREAM_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface ProbeHandlerDeps {
	config: OperatorConfig;
	/** DNS resolver for url-safety (tests inject one; default dns.lookup). */
	resolve?: (host: string) => Promise<string[]>;
	log: Logger;
	now?: () => number;
	/** Replaces the url-safety network (tests, benches). */
	network?: Network;
	/** Resource locations kept across probes; default the process-wide cache. */
	locationCache?: LocationCache;
}

/** Microsoft hosts stand-in resolution in demo mode: they are assessed, never connected to. */
const MICROSOFT_HOST = /^(dev\.azure\.com|vssps\.dev\.azure\.com|[a-z0-9-]+\.visualstudio\.com)$/i;
const MICROSOFT_PLACEHOLDER_ADDRESS = '13.107.42.20';

function json(status: number, body: unknown): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}

/** Same-origin only: the token-holding proxy must not be usable from another site (CSRF). */
function sameOrigin(request: Request): boolean {
	const own = new URL(request.url).origin;
	const origin = request.headers.get('origin');
	if (origin !== null) return origin === own;
	const site = request.headers.get('sec-fetch-site');
	return site === null || site === 'same-origin';
}

class BodyTooLarge extends Error {}

async function readCapped(request: Request, limit: number): Promise<string> {
	const declared = request.headers.get('content-length');
	if (declared !== null && Number(declared) > limit) throw new BodyTooLarge();
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > limit) {
			await reader.cancel();
			throw new BodyTooLarge();
		}
		chunks.push(value);
	}
	return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Issues without input values: a zod issue can quote the token it refused. */
function safeIssues(
	issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[]
) {
	return issues.slice(0, 20).map((i) => ({
		path: i.path.map((p) => (typeof p === 'symbol' ? String(p.description) : p)),
		code: i.code,
		message: i.path[0] === 'credential' ? 'Invalid credential.' : i.message
	}));
}

/**
 * POST /api/azure-devops/probe, framework-free. Every upstream outcome is HTTP 200 with either
 * data or a classified failure; 400/403/413 only describe our own request; never 500 upstream.
 */
export async function handleProbe(request: Request, deps: ProbeHandlerDeps): Promise<Response> {
	const now = deps.now ?? (() => performance.now());
	const started = now();
	if (request.method !== 'POST') return json(405, { error: 'method_not_allowed' });
	if (!sameOrigin(request)) {
		deps.log.log('warn', 'probe.refused', { reason: 'cross-origin' });
		return json(403, { error: 'cross_origin' });
	}
	if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
		return json(400, {
			error: 'invalid_request',
			issues: [{ path: [], code: 'content_type', message: 'Send application/json.' }]
		});
	}

	let text: string;
	try {
		text = await readCapped(request, MAX_BODY_BYTES);
	} catch (error) {
		if (error instanceof BodyTooLarge) {
			deps.log.log('warn', 'probe.refused', { reason: 'body-too-large' });
			return json(413, { error: 'body_too_large', limit_bytes: MAX_BODY_BYTES });
		}
		return json(400, {
			error: 'invalid_request',
			issues: [{ path: [], code: 'body', message: 'Unreadable body.' }]
		});
	}

	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return json(400, {
			error: 'invalid_request',
			issues: [{ path: [], code: 'json', message: 'Body is not JSON.' }]
		});
	}
	const parsed = probeRequestSchema.safeParse(raw);
	if (!parsed.success) {
		return json(400, { error: 'invalid_request', issues: safeIssues(parsed.error.issues) });
	}
	const req: ProbeRequest = parsed.data;
	const log = deps.log.withSecrets('credential' in req ? secretForms(req.credential) : []);

	const network = deps.network ?? (await defaultNetwork(deps));
	const timeout = AbortSignal.timeout(deps.config.probeTimeoutMs);
	const controller = new AbortController();
	const abort = () => controller.abort();
	timeout.addEventListener('abort', abort, { once: true });
	request.signal?.addEventListener('abort', abort, { once: true });

	let response: ProbeResponse<typeof req.probe>;
	try {
		// The time limit is enforced here too: a probe that ignores its signal still ends.
		response = await Promise.race([
			runProbe(req, {
				network,
				signal: controller.signal,
				maxResponseBytes: MAX_UPSTREAM_RESPONSE_BYTES,
				...(deps.config.servicesOrigin ? { servicesOrigin: deps.config.servicesOrigin } : {}),
				crossCheckOrganizations: deps.config.crossCheckOrganizations ?? [],
				locationCache: deps.locationCache ?? sharedLocations,
				now
			}),
			new Promise<ProbeResponse<typeof req.probe>>((resolve) => {
				const onAbort = () => resolve(timeLimitFailure(now() - started));
				if (controller.signal.aborted) onAbort();
				else controller.signal.addEventListener('abort', onAbort, { once: true });
			})
		]);
	} catch (error) {
		// A bug of ours, not an upstream fault: still a classified answer, with the cause logged.
		log.log('error', 'probe.crashed', { probe: req.probe, error });
		response = {
			ok: false,
			code: 'PROVIDER_BASE_URL_UNREACHABLE',
			message: CODE_CATALOGUE.PROVIDER_BASE_URL_UNREACHABLE.message,
			fix: CODE_CATALOGUE.PROVIDER_BASE_URL_UNREACHABLE.fix,
			check: 'internal'
		};
	} finally {
		timeout.removeEventListener('abort', abort);
		controller.abort();
	}

	log.log(response.ok ? 'info' : 'warn', 'probe.done', {
		probe: req.probe,
		provider_key: req.target.provider_key,
		organization: req.target.organization,
		host: hostOf(req.target.base_url),
		ok: response.ok,
		...(response.ok ? {} : { code: response.code, check: response.check }),
		duration_ms: Math.round(now() - started),
		requests: response.ok ? response.diagnostics.requests : undefined
	});
	return json(200, response);
}

function timeLimitFailure(elapsed: number): ProbeResponse<never> {
	return {
		ok: false,
		code: 'PROVIDER_BASE_URL_UNREACHABLE',
		message: CODE_CATALOGUE.PROVIDER_BASE_URL_UNREACHABLE.message,
		fix: CODE_CATALOGUE.PROVIDER_BASE_URL_UNREACHABLE.fix,
		check: 'probe-time-limit',
		diagnostics: { duration_ms: Math.round(elapsed) }
	};
}

function hostOf(url: string | undefined): string | undefined {
	if (!url) return undefined;
	try {
		return new URL(url).host;
	} catch {
		return undefined;
	}
}

async function defaultNetwork(deps: ProbeHandlerDeps): Promise<Network> {
	// Loaded on first use so tests that inject a network never load the pinned transport.
	const { urlSafetyNetwork } = await import('./azure-devops/url-safety-network');
	const { sharedDispatchers } = await import('./url-safety/dispatcher-pool');
	const base = deps.resolve;
	const demo = deps.config.servicesOrigin !== undefined;
	const resolve =
		demo || base
			? async (host: string) =>
					demo && MICROSOFT_HOST.test(host)
						? [MICROSOFT_PLACEHOLDER_ADDRESS]
						: base
							? base(host)
							: defaultLookup(host)
			: undefined;
	return urlSafetyNetwork({
		allowlist: deps.config.allowlist,
		...(resolve ? { resolve } : {}),
		...(deps.config.extraCa ? { ca: deps.config.extraCa } : {}),
		connectTimeoutMs: Math.min(5000, deps.config.probeTimeoutMs),
		maxResponseBytes: MAX_UPSTREAM_RESPONSE_BYTES,
		// Warm connections across probes; each probe still resolves and assesses anew.
		pool: sharedDispatchers
	});
}

async function defaultLookup(host: string): Promise<string[]> {
	const { lookup } = await import('node:dns/promises');
	const answers = await lookup(host, { all: true, verbatim: true });
	return answers.map((a) => a.address);
}
