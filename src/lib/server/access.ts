// Who may call the API: pages of this origin only (Origin and Sec-Fetch-Site), and, when the
// operator runs the app behind an authenticating reverse proxy, only requests that proxy signed
// in (its trusted header names the user).

export interface AccessSettings {
	/** Lower-case name of the header the proxy sets to the signed-in user; unset: no proxy. */
	trustedUserHeader?: string;
}

export type AccessDecision =
	{ ok: true; user?: string } | { ok: false; status: 401 | 403; error: string; reason: string };

/** Longest user name accepted from the proxy header (a UPN or e-mail fits easily). */
const MAX_USER_LENGTH = 256;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * `origin`: `required` for state-changing calls (POST): `Origin` must equal our own origin; a
 * same-origin fetch sends it, a script on another site or a plain HTTP client does not.
 * `same-site-only` (API reads): any `Origin` or `Sec-Fetch-Site` naming another site is refused.
 * `any` (pages, opened from links and bookmarks): only the trusted user header counts.
 */
export function checkAccess(
	request: Request,
	settings: AccessSettings,
	options: { origin: 'required' | 'same-site-only' | 'any' }
): AccessDecision {
	const own = new URL(request.url).origin;
	const origin = request.headers.get('origin');
	const site = request.headers.get('sec-fetch-site');
	const strict = options.origin !== 'any';
	if (strict && site !== null && site !== 'same-origin')
		return { ok: false, status: 403, error: 'cross_origin', reason: `sec-fetch-site ${site}` };
	if (strict && origin !== null && origin !== own)
		return { ok: false, status: 403, error: 'cross_origin', reason: 'origin mismatch' };
	if (origin === null && options.origin === 'required')
		return { ok: false, status: 403, error: 'origin_required', reason: 'no origin' };
	if (settings.trustedUserHeader) {
		const user = request.headers.get(settings.trustedUserHeader)?.trim() ?? '';
		if (user === '' || user.length > MAX_USER_LENGTH || CONTROL.test(user))
			return { ok: false, status: 401, error: 'sign_in_required', reason: 'no trusted user' };
		return { ok: true, user };
	}
	return { ok: true };
}

export function accessRefusal(decision: Extract<AccessDecision, { ok: false }>): Response {
	return new Response(JSON.stringify({ error: decision.error }), {
		status: decision.status,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
