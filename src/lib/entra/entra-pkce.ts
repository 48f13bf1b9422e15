import { z } from '$lib/domain/zod-mini';
import { CODE_CATALOGUE } from '$lib/domain';

/**
 * Microsoft Entra ID sign-in for Azure DevOps Services as a public client (single-page app):
 * authorization code with PKCE (S256), `state` against cross-site answers, `nonce` against a
 * replayed id_token. Pure helpers; the browser orchestration is in entra-sign-in.ts.
 */

/** The Azure DevOps resource in Entra ID; its delegated scopes are `{resource}/vso.*`. */
const AZURE_DEVOPS_RESOURCE_ID = '499b84ac-1321-427f-aa17-267ca6975798';
/** Exactly what WebRiskOps asks for: work items read/write, project metadata, and a refresh token. */
const ENTRA_SCOPES = [
	`${AZURE_DEVOPS_RESOURCE_ID}/vso.work_write`,
	`${AZURE_DEVOPS_RESOURCE_ID}/vso.project`,
	'offline_access'
] as const;
/** The scopes a usable access token must carry in `scp`. */
const REQUIRED_SCP = ['vso.work_write', 'vso.project'] as const;

export const entraConfigSchema = z.object({
	client_id: z.string().check(z.regex(/^[0-9a-f-]{36}$/i)),
	authority: z.url(),
	redirect_uri: z.url()
});
export type EntraConfig = z.infer<typeof entraConfigSchema>;

/** What one sign-in attempt must remember between the redirect and the answer (memory only). */
export interface PkceRequest {
	state: string;
	nonce: string;
	code_verifier: string;
	code_challenge: string;
}

export function base64url(bytes: Uint8Array): string {
	let bin = '';
	for (const b of bytes) bin += String.fromCharCode(b);
	return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes each: a 43-character verifier (RFC 7636 allows 43–128), state and nonce. */
export async function createPkceRequest(
	random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))
): Promise<PkceRequest> {
	const code_verifier = base64url(random(32));
	const digest = new Uint8Array(
		await crypto.subtle.digest('SHA-256', new TextEncoder().encode(code_verifier))
	);
	return {
		state: base64url(random(32)),
		nonce: base64url(random(32)),
		code_verifier,
		code_challenge: base64url(digest)
	};
}

export function authorizeUrl(
	config: EntraConfig,
	request: PkceRequest,
	loginHint?: string
): string {
	const url = new URL(`${config.authority.replace(/\/+$/, '')}/oauth2/v2.0/authorize`);
	const q = url.searchParams;
	q.set('client_id', config.client_id);
	q.set('response_type', 'code');
	q.set('redirect_uri', config.redirect_uri);
	q.set('response_mode', 'query');
	q.set('scope', ENTRA_SCOPES.join(' '));
	q.set('state', request.state);
	q.set('nonce', request.nonce);
	q.set('code_challenge', request.code_challenge);
	q.set('code_challenge_method', 'S256');
	q.set('prompt', 'select_account');
	if (loginHint) q.set('login_hint', loginHint);
	return url.toString();
}

export function tokenEndpoint(config: EntraConfig): string {
	return `${config.authority.replace(/\/+$/, '')}/oauth2/v2.0/token`;
}

export function tokenRequestBody(
	config: EntraConfig,
	request: PkceRequest,
	code: string
): URLSearchParams {
	return new URLSearchParams({
		client_id: config.client_id,
		grant_type: 'authorization_code',
		code,
		redirect_uri: config.redirect_uri,
		code_verifier: request.code_verifier,
		scope: ENTRA_SCOPES.join(' ')
	});
}

/** Why a sign-in did not produce a token. Each kind has its own exact fix. */
export type SignInFailure =
	| 'consent_denied'
	| 'state_mismatch'
	| 'nonce_mismatch'
	| 'authority_error'
	| 'token_refused'
	| 'scopes_missing'
	| 'popup_blocked'
	| 'timed_out'
	| 'not_configured'
	| 'refresh_failed';

const FAILURE_TEXT: Record<SignInFailure, string> = {
	consent_denied:
		'Consent was declined in Microsoft Entra ID, so WebRiskOps received no access. Choose Sign in again and accept, or ask a tenant administrator to grant admin consent for the WebRiskOps application.',
	state_mismatch:
		'The sign-in answer did not belong to this sign-in (state did not match) and was discarded. Choose Sign in again from this page.',
	nonce_mismatch:
		'The identity token did not belong to this sign-in (nonce did not match) and was discarded. Choose Sign in again from this page.',
	authority_error:
		'Microsoft Entra ID refused the sign-in request. Ask the operator to check the Entra ID application registration (client id, redirect URI as a single-page application, API permissions for Azure DevOps).',
	token_refused:
		'Microsoft Entra ID did not issue a token for this sign-in. Choose Sign in again; if it keeps failing, ask the operator to check the Entra ID application registration.',
	scopes_missing:
		'The token lacks vso.work_write or vso.project. Ask a tenant administrator to grant both Azure DevOps permissions to the WebRiskOps application, then sign in again.',
	popup_blocked:
		'The browser blocked the sign-in window. Allow pop-ups for this site and choose Sign in again.',
	timed_out: 'The sign-in window was not completed within 5 minutes. Choose Sign in again.',
	not_configured:
		'Sign-in with Microsoft Entra ID is not configured on this WebRiskOps instance. Choose a personal access token, or ask the operator to register the Entra ID application.',
	refresh_failed:
		'The Entra ID session could not be renewed (refresh failed). Reconnect: sign in with Microsoft Entra ID again.'
};

/** An error for the chart: PROVIDER_AUTH_REQUIRED with the situation and the exact fix. Never holds a code or token. */
export class EntraSignInError extends Error {
	readonly code = 'PROVIDER_AUTH_REQUIRED' as const;
	constructor(
		readonly failure: SignInFailure,
		/** A non-secret reference from the authority (e.g. AADSTS65004). */
		readonly reference?: string
	) {
		super(
			`PROVIDER_AUTH_REQUIRED: ${FAILURE_TEXT[failure]}${reference ? ` (${reference})` : ''} ${failure === 'not_configured' || failure === 'popup_blocked' ? '' : CODE_CATALOGUE.PROVIDER_AUTH_REQUIRED.fix}`.trim()
		);
		this.name = 'EntraSignInError';
	}
}

/** `AADSTS65004: …` → `AADSTS65004` (the only part of an authority error that is shown). */
export function aadstsReference(description: string | null | undefined): string | undefined {
	return /\bAADSTS\d{5,7}\b/.exec(description ?? '')?.[0];
}

/**
 * Reads the authorization response (the query of the redirect). The state is compared first:
 * an answer for another request is discarded whatever it says.
 */
export function parseAuthorizationResponse(
	search: string,
	expectedState: string
): { code: string } {
	const q = new URLSearchParams(search);
	if (!expectedState || q.get('state') !== expectedState)
		throw new EntraSignInError('state_mismatch');
	const error = q.get('error');
	if (error)
		throw new EntraSignInError(
			error === 'access_denied' || error === 'consent_required'
				? 'consent_denied'
				: 'authority_error',
			aadstsReference(q.get('error_description')) ?? error
		);
	const code = q.get('code');
	if (!code) throw new EntraSignInError('authority_error');
	return { code };
}

function decodeJwtClaims(jwt: string): Record<string, unknown> | null {
	const part = jwt.split('.')[1];
	if (!part || jwt.split('.').length !== 3) return null;
	try {
		const bin = atob(
			part
				.replace(/-/g, '+')
				.replace(/_/g, '/')
				.padEnd(Math.ceil(part.length / 4) * 4, '=')
		);
		const json: unknown = JSON.parse(
			new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))
		);
		return json && typeof json === 'object' && !Array.isArray(json)
			? (json as Record<string, unknown>)
			: null;
	} catch {
		return null;
	}
}

/** The delegated scopes granted, read from the access token's `scp` claim. */
export function grantedScopes(accessToken: string): string[] {
	const scp = decodeJwtClaims(accessToken)?.scp;
	return typeof scp === 'string' ? scp.split(/\s+/).filter(Boolean) : [];
}

export const tokenResponseSchema = z.object({
	token_type: z.string().check(z.regex(/^bearer$/i)),
	access_token: z.string().check(z.minLength(20), z.maxLength(16_384)),
	expires_in: z.pipe(z.coerce.number(), z.int()),
	id_token: z.string().check(z.minLength(20), z.maxLength(16_384)),
	refresh_token: z.optional(z.string()),
	scope: z.optional(z.string())
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export interface EntraSignInResult {
	access_token: string;
	expires_at: string;
	granted_scopes: string[];
	tenant_id: string;
}

/**
 * Checks a token answer against the request: the id_token's nonce, audience (our client id) and
 * expiry, and that the access token is for Azure DevOps with both scopes. The id_token arrived
 * over the direct TLS call to the authority, so its claims are checked, not its signature.
 */
export function acceptTokenResponse(
	config: EntraConfig,
	request: PkceRequest,
	body: TokenResponse,
	now: Date
): EntraSignInResult {
	const id = decodeJwtClaims(body.id_token);
	if (!id || id.nonce !== request.nonce) throw new EntraSignInError('nonce_mismatch');
	const nowSeconds = Math.floor(now.getTime() / 1000);
	if (id.aud !== config.client_id || typeof id.exp !== 'number' || id.exp <= nowSeconds)
		throw new EntraSignInError('token_refused');
	const access = decodeJwtClaims(body.access_token);
	if (!access || access.aud !== AZURE_DEVOPS_RESOURCE_ID)
		throw new EntraSignInError('token_refused');
	const scopes = grantedScopes(body.access_token);
	if (!REQUIRED_SCP.every((s) => scopes.includes(s))) throw new EntraSignInError('scopes_missing');
	const exp =
		typeof access.exp === 'number' ? access.exp * 1000 : now.getTime() + body.expires_in * 1000;
	return {
		access_token: body.access_token,
		expires_at: new Date(exp).toISOString(),
		granted_scopes: scopes,
		tenant_id:
			typeof access.tid === 'string' ? access.tid : typeof id.tid === 'string' ? id.tid : ''
	};
}
