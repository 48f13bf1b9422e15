import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { operator } from '$lib/server/operator';

/** The operator's Entra ID registration, read-only for the browser (public client: nothing secret). */
export const GET: RequestHandler = () => {
	const entra = operator().config.entra;
	return json(entra ? { configured: true, ...entra } : { configured: false }, {
		headers: { 'cache-control': 'no-store' }
	});
};
