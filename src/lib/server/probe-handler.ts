import { CHECK_CATALOGUE } from '$lib/domain/checks';
import { CODE_CATALOGUE } from '$lib/domain/codes';
import {
	probeRequestSchema,
	type ProbeRequest,
	type ProbeResponse
} from '$lib/domain/probe.schema';
import { accessRefusal, checkAccess } from './access';
import type { Admission } from './admission';
import { secretForms } from './azure-devops/auth';
import { PROBE_LIMITS } from './azure-devops/budget';
import type { AdoError } from './azure-devops/errors';
import { sharedLocations, type LocationCache } from './azure-devops/location-cache';
import type { Network } from './azure-devops/network';
import { runProbe } from './azure-devops/run-probe';
import type { OperatorConfig } from './config';
import type { Logger } from './log';

export const MAX_BODY_BYTES = 64 * 1024;
/**
 * An oversized body is read on (and dropped) up to this much, so the client gets its 413 rather
 * than a reset connection; beyond it the connection is cut.
 */
const DRAIN_BYTES = 1024 * 1024;
const DRAIN_MS = 2000;
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
	/** Probes in flight and per-client rates (the route passes the process-wide one). */
	admission?: Admission;
	/** The caller's address, the admission key when no trusted user header names the caller. */
	clientAddress?: string;
	/** Resource locations kept across probes; default the process-wide cache. */
	locationCache?: LocationCache;
}

/** Microsoft hosts stand-in resolution in demo mode: they are assessed, never connected to. */
const MICROSOFT_HOST = /^(dev\.azure\.com|vssps\.dev\.azure\.com|[a-z0-9-]+\.visualstudio\.com)$/i;
const MICROSOFT_PLACEHOLDER_ADDRESS = '13.107.42.20';

function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
	return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
		status,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff',
			...extra
		}
	});
}

class BodyTooLarge extends Error {}

/** SvelteKit's own BODY_SIZE_LIMIT surfaces as an error with status 413 from the body stream. */
function isTooLarge(error: unknown): boolean {
	return (error as { status?: unknown } | null)?.status === 413;
}

async function readCapped(request: Request, limit: number): Promise<string> {
	const declared = request.headers.get('content-length');
	if (!request.body) {
		if (declared !== null && Number(declared) > limit) throw new BodyTooLarge();
		return '';
	}
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	let tooLarge = declared !== null && Number(declared) > limit;
	const started = Date.now();
	for (;;) {
		let step: ReadableStreamReadResult<Uint8Array>;
		try {
			step = await reader.read();
		} catch (error) {
			if (tooLarge || isTooLarge(error)) throw new BodyTooLarge();
			throw error;
		}
		if (step.done) break;
		total += step.value.byteLength;
		if (total > limit) tooLarge = true;
		if (!tooLarge) chunks.push(step.value);
		else if (total > DRAIN_BYTES || Date.now() - started > DRAIN_MS) {
			// Past the drain allowance: not worth reading on; the connection is cut.
			void reader.cancel().catch(() => {});
			break;
		}
	}
	if (tooLarge) throw new BodyTooLarge();
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
 * data or a classified failure; 400/401/403/413/429 only describe our own request (its body,
 * its caller, our admission limits); never 500, whatever the upstream sends.
 */
export async function handleProbe(request: Request, deps: ProbeHandlerDeps): Promise<Response> {
	const now = deps.now ?? (() => performance.now());
	const started = now();
	if (request.method !== 'POST') return json(405, { error: 'method_not_allowed' });
	// Same-origin pages only, and only signed-in users behind an auth proxy: the token-holding
	// proxy must not be usable from another site (CSRF) or by a stranger as a relay.
	const access = checkAccess(
		request,
		deps.config.trustedUserHeader ? { trustedUserHeader: deps.config.trustedUserHeader } : {},
		{ origin: 'required' }
	);
	if (!access.ok) {
		deps.log.log('warn', 'probe.refused', { reason: access.reason, client: deps.clientAddress });
		return accessRefusal(access);
	}
	const actor = access.user;
	const admitted = deps.admission?.admit(actor ?? deps.clientAddress ?? 'unknown');
	if (admitted && !admitted.ok) {
		deps.log.log('warn', 'probe.refused', {
			reason: admitted.reason,
			user: actor,
			client: deps.clientAddress
		});
		return json(
			429,
			{ error: 'too_many_probes', reason: admitted.reason, retry_after: admitted.retryAfter },
			{ 'retry-after': String(admitted.retryAfter) }
		);
	}
	try {
		return await admittedProbe(request, deps, actor, now, started);
	} finally {
		admitted?.release();
	}
}

async function admittedProbe(
	request: Request,
	deps: ProbeHandlerDeps,
	actor: string | undefined,
	now: () => number,
	started: number
): Promise<Response> {
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
			deps.log.log('warn', 'probe.refused', { reason: 'body-too-large', user: actor });
			return json(
				413,
				{ error: 'body_too_large', limit_bytes: MAX_BODY_BYTES },
				{ connection: 'close' }
			);
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
	let observed: string | undefined;
	const onFailure = (error: AdoError) => {
		observed = error.observed;
	};
	try {
		// The time limit is enforced here too: a probe that ignores its signal still ends.
		response = await Promise.race([
			runProbe(
				req,
				{
					network,
					signal: controller.signal,
					maxResponseBytes: MAX_UPSTREAM_RESPONSE_BYTES,
					...(deps.config.servicesOrigin ? { servicesOrigin: deps.config.servicesOrigin } : {}),
					crossCheckOrganizations: deps.config.crossCheckOrganizations ?? [],
					locationCache: deps.locationCache ?? sharedLocations,
					now
				},
				onFailure
			),
			new Promise<ProbeResponse<typeof req.probe>>((resolve) => {
				const onAbort = () => resolve(checkFailure('probe-time-limit', now() - started));
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

	// The answer is capped and serialised inside the time limit; the budgets keep both small.
	let body: string;
	try {
		body = JSON.stringify(response);
	} catch {
		body = '';
	}
	if (body === '' || Buffer.byteLength(body) > PROBE_LIMITS.answerBytes) {
		response = checkFailure('budget-exceeded', now() - started);
		observed = 'answer too large';
		body = JSON.stringify(response);
	} else if (response.ok && now() - started > deps.config.probeTimeoutMs) {
		response = checkFailure('probe-time-limit', now() - started);
		body = JSON.stringify(response);
	}

	log.log(response.ok ? 'info' : 'warn', 'probe.done', {
		probe: req.probe,
		...(actor !== undefined ? { user: actor } : {}),
		provider_key: req.target.provider_key,
		organization: req.target.organization,
		host: hostOf(req.target.base_url),
		ok: response.ok,
		...(response.ok ? {} : { code: response.code, check: response.check }),
		...(observed !== undefined ? { observed } : {}),
		duration_ms: Math.round(now() - started),
		requests: response.ok ? response.diagnostics.requests : undefined
	});
	return json(200, body);
}

function checkFailure(
	check: 'probe-time-limit' | 'budget-exceeded',
	elapsed: number
): ProbeResponse<never> {
	return {
		ok: false,
		code: 'PROVIDER_BASE_URL_UNREACHABLE',
		message: CHECK_CATALOGUE[check].message,
		fix: CHECK_CATALOGUE[check].fix,
		check,
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
