import type { RequestHandler } from './$types';
import { handleProbe } from '$lib/server/probe-handler';
import { operator } from '$lib/server/operator';

/** Thin: everything (origin check, size cap, zod, time limit, classification) is in handleProbe. */
export const POST: RequestHandler = ({ request }) => {
	const { config, log } = operator();
	return handleProbe(request, { config, log });
};
