import type { Handle, ServerInit } from '@sveltejs/kit';
import { initOperator } from '$lib/server/operator';

/** A malformed operator setting stops the server here, with a message naming the setting. */
export const init: ServerInit = () => {
	initOperator(process.env);
};

// Content-Security-Policy comes from svelte.config.js (kit hashes its own boot script).
const SECURITY_HEADERS: Record<string, string> = {
	'referrer-policy': 'no-referrer',
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-resource-policy': 'same-origin',
	'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()'
};

export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	// Pages built without kit's CSP (API answers) still refuse framing and scripts.
	if (!response.headers.has('content-security-policy') && event.url.pathname.startsWith('/api/')) {
		response.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
	}
	return response;
};
