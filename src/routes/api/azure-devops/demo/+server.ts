import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { operator } from '$lib/server/operator';

/** Whether Services calls go to the embedded simulator (the UI shows a demo badge). */
export const GET: RequestHandler = () =>
	json(
		{ demo: operator().config.servicesOrigin !== undefined },
		{ headers: { 'cache-control': 'no-store' } }
	);
