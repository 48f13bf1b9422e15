import type { RequestHandler } from './$types';
import { compressJsonResponse } from '$lib/server/compress-json';
import { handleProbe, MAX_BODY_BYTES } from '$lib/server/probe-handler';
import { probeRequestSecrets } from '$lib/server/probe-secrets';
import { operator } from '$lib/server/operator';

/**
 * Thin: everything (access, admission, size cap, zod, budgets, classification) is in handleProbe;
 * large answers are compressed here when they hold no secret of the request.
 */
export const POST: RequestHandler = async ({ request, getClientAddress }) => {
	const { config, log, admission } = operator();
	// A copy to learn the token from, kept only for bodies within the endpoint's cap (announced by
	// Content-Length), so an oversized or chunked body is never buffered twice: those answers go
	// out uncompressed.
	const length = Number(request.headers.get('content-length') ?? Number.NaN);
	const copy = Number.isFinite(length) && length <= MAX_BODY_BYTES ? request.clone() : null;
	try {
		const response = await handleProbe(request, {
			config,
			log,
			admission,
			clientAddress: getClientAddress()
		});
		if (!copy) return response;
		return await compressJsonResponse(request.headers.get('accept-encoding'), response, () =>
			probeRequestSecrets(copy)
		);
	} finally {
		// Unread (small or refused answer): let the copy's buffered body go.
		if (copy && !copy.bodyUsed) void copy.body?.cancel().catch(() => {});
	}
};
