import { CODE_CATALOGUE, type BlockedCode } from '$lib/domain/codes';
import {
	probeResponseSchema,
	type ProbeFailure,
	type ProbeName,
	type ProbeRequest,
	type ProbeResponse
} from '$lib/domain/probe.schema';

/** Our own endpoint; the browser never talks to Azure DevOps directly. */
export const PROBE_ENDPOINT = '/api/azure-devops/probe';

export interface CallProbeOptions {
	signal?: AbortSignal;
	fetch?: typeof fetch;
}

function failure(code: BlockedCode, check: string): ProbeFailure {
	const entry = CODE_CATALOGUE[code];
	return { ok: false, code, message: entry.message, fix: entry.fix, check };
}

/** Names the first invalid field of a 400 answer (zod issues), without echoing any value. */
function invalidField(body: unknown): string {
	if (body && typeof body === 'object' && 'issues' in body && Array.isArray(body.issues)) {
		const first: unknown = body.issues[0];
		if (first && typeof first === 'object' && 'path' in first && Array.isArray(first.path)) {
			const path = first.path
				.filter((p: unknown) => typeof p === 'string' || typeof p === 'number')
				.join('.');
			if (path) return path;
		}
	}
	return 'request';
}

function codeForInvalid(field: string): BlockedCode {
	if (field.startsWith('credential')) return 'PROVIDER_AUTH_REQUIRED';
	if (field.startsWith('target.organization')) return 'PROVIDER_ORGANIZATION_REQUIRED';
	if (field.startsWith('target.project')) return 'PROVIDER_PROJECT_REQUIRED';
	if (field.startsWith('target.base_url')) return 'PROVIDER_BASE_URL_BLOCKED';
	if (field.startsWith('params')) return 'TICKET_EXPORT_MAPPING_REQUIRED';
	return 'PROVIDER_BASE_URL_BLOCKED';
}

const MAX_BUSY_RETRIES = 3;

function retryAfterMs(response: Response): number {
	const seconds = Number(response.headers.get('retry-after'));
	return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 10) * 1000 : 1000;
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason as Error);
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener(
			'abort',
			() => {
				clearTimeout(timer);
				reject(signal.reason as Error);
			},
			{ once: true }
		);
	});
}

/**
 * Calls POST /api/azure-devops/probe and returns a parsed answer. Never throws for network or
 * server trouble: those become a ProbeFailure with check 'proxy' so the statechart can branch.
 * An abort is re-thrown so the caller's cancellation stays a cancellation.
 */
export async function callProbe<P extends ProbeName>(
	request: Extract<ProbeRequest, { probe: P }>,
	options: CallProbeOptions = {}
): Promise<ProbeResponse<P>> {
	const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
	let response: Response;
	for (let attempt = 0; ; attempt++) {
		try {
			// A same-origin POST carries Origin, which the endpoint requires.
			response = await doFetch(PROBE_ENDPOINT, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(request),
				credentials: 'same-origin',
				cache: 'no-store',
				...(options.signal ? { signal: options.signal } : {})
			});
		} catch (error) {
			if (options.signal?.aborted) throw error;
			return failure('PROVIDER_BASE_URL_UNREACHABLE', 'proxy');
		}
		// Our own admission limit (too many probes at once): wait as told, a few times.
		if (response.status !== 429 || attempt >= MAX_BUSY_RETRIES) break;
		await pause(retryAfterMs(response), options.signal);
	}

	let body: unknown;
	try {
		body = await response.json();
	} catch (error) {
		if (options.signal?.aborted) throw error;
		return failure('PROVIDER_BASE_URL_UNREACHABLE', 'proxy');
	}

	if (response.status === 400) {
		const field = invalidField(body);
		return failure(codeForInvalid(field), `invalid:${field}`);
	}
	if (response.status === 403) return failure('PROVIDER_BASE_URL_BLOCKED', 'proxy-origin');
	if (response.status === 413)
		return failure('TICKET_EXPORT_MAPPING_REQUIRED', 'proxy-body-too-large');
	if (response.status !== 200) return failure('PROVIDER_BASE_URL_UNREACHABLE', 'proxy');

	const parsed = probeResponseSchema(request.probe).safeParse(body);
	if (!parsed.success) return failure('PROVIDER_BASE_URL_UNREACHABLE', 'proxy');
	return parsed.data as ProbeResponse<P>;
}
