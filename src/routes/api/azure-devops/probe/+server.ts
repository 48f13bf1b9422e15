import type { RequestHandler } from './$types';
import { compressJsonResponse } from '$lib/server/compress-json';
import { handleProbe } from '$lib/server/probe-handler';
import { probeRequestSecrets } from '$lib/server/probe-secrets';
import { operator } from '$lib/server/operator';

/** Thin: everything (origin check, size cap, zod, time limit, classification) is in handleProbe. */
export const POST: RequestHandler = async ({ request }) => {
	const { config, log } = operator();
	// A copy to learn the token from, read only if the answer is to be compressed.
	const copy = request.clone();
	try {
		const response = await handleProbe(request, { config, log });
		return await compressJsonResponse(request.headers.get('accept-encoding'), response, () =>
			probeRequestSecrets(copy)
		);
	} finally {
		// Unread (small or refused answer): let the copy's buffered body go.
		if (!copy.bodyUsed) void copy.body?.cancel().catch(() => {});
	}
};
