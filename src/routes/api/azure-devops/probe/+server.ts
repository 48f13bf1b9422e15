import type { RequestHandler } from './$types';
import { handleProbe } from '$lib/server/probe-handler';
import { operator } from '$lib/server/operator';

/** Thin: everything (access, admission, size cap, zod, budgets, classification) is in handleProbe. */
export const POST: RequestHandler = ({ request, getClientAddress }) => {
	const { config, log, admission } = operator();
	return handleProbe(request, { config, log, admission, clientAddress: getClientAddress() });
};
