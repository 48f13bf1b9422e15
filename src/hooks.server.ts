import type { Handle, ServerInit } from '@sveltejs/kit';
import { accessRefusal, checkAccess } from '$lib/server/access';
import { initOperator, operator } from '$lib/server/operator';
import { sharedDispatchers } from '$lib/server/url-safety/dispatcher-pool';

/** A malformed operator setting stops the server here, with a message naming the setting. */
export const init: ServerInit = () => {
	initOperator(process.env);
	// adapter-node's graceful stop: warm upstream connections are closed, not left to time out.
	process.once('sveltekit:shutdown', () => void sharedDispatchers.closeAll());
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

/** Checks its own callers (and counts them for admission) in handleProbe. */
const PROBE_PATH = '/api/azure-devops/probe';

export const handle: Handle = async ({ event, resolve }) => {
	const refusal = refuse(event.request, event.url.pathname);
	const response = refusal ?? (await resolve(event));
	const headers = new Headers(response.headers);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!headers.has(name)) headers.set(name, value);
	}
	// The browser redeems the Entra ID code itself (public client): allow fetches to that authority only.
	const entra = operator().config.entra;
	const csp = headers.get('content-security-policy');
	if (entra && csp)
		headers.set(
			'content-security-policy',
			csp.replace(/connect-src 'self'/, `connect-src 'self' ${new URL(entra.authority).origin}`)
		);
	// API answers carry no kit CSP: they still refuse framing and any active content.
	if (!headers.has('content-security-policy') && event.url.pathname.startsWith('/api/')) {
		headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
	}
	// A fresh Response: some responses (redirects) have immutable headers.
	return new Response(response.body, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
};

/**
 * Behind an auth proxy every request must carry its user header (a request that bypassed the
 * proxy gets 401, pages included); the API refuses other sites, and writes without `Origin`.
 */
function refuse(request: Request, pathname: string): Response | undefined {
	const { config, log } = operator();
	const api = pathname.startsWith('/api/');
	if (pathname === PROBE_PATH || (!api && !config.trustedUserHeader)) return undefined;
	const settings = config.trustedUserHeader ? { trustedUserHeader: config.trustedUserHeader } : {};
	const decision = checkAccess(request, settings, {
		origin: !api ? 'any' : /^(GET|HEAD)$/.test(request.method) ? 'same-site-only' : 'required'
	});
	if (decision.ok) return undefined;
	log.log('warn', 'request.refused', { path: pathname, reason: decision.reason });
	return accessRefusal(decision);
}
