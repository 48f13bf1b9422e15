import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	EntraSignInError,
	acceptTokenResponse,
	authorizeUrl,
	base64url,
	createPkceRequest,
	grantedScopes,
	parseAuthorizationResponse,
	tokenRequestBody,
	type PkceRequest
} from './entra-pkce';

const CONFIG = {
	client_id: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
	authority: 'https://login.microsoftonline.com/organizations',
	redirect_uri: 'https://app.example/settings/integrations/azure-devops/oauth/callback'
};
const REQUEST: PkceRequest = {
	state: 'state-abc',
	nonce: 'nonce-xyz',
	code_verifier: 'v'.repeat(43),
	code_challenge: 'c'.repeat(43)
};
const NOW = new Date('2026-11-26T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;

const jwt = (claims: Record<string, unknown>) =>
	`${base64url(new TextEncoder().encode('{"alg":"ES256"}'))}.${base64url(new TextEncoder().encode(JSON.stringify(claims)))}.sig`;
const ACCESS = {
	aud: '499b84ac-1321-427f-aa17-267ca6975798',
	scp: 'vso.work_write vso.project',
	exp: NOW_S + 3600,
	tid: 't-1'
};
const ID = { aud: CONFIG.client_id, nonce: REQUEST.nonce, exp: NOW_S + 3600, tid: 't-1' };
const body = (access: Record<string, unknown> = ACCESS, id: Record<string, unknown> = ID) => ({
	token_type: 'Bearer',
	access_token: jwt(access),
	id_token: jwt(id),
	expires_in: 3600
});

describe('PKCE request', () => {
	it('verifier 43 url-safe chars; challenge = base64url(SHA-256(verifier)); state and nonce fresh each time', async () => {
		const a = await createPkceRequest();
		const b = await createPkceRequest();
		expect(a.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(a.code_challenge).toBe(createHash('sha256').update(a.code_verifier).digest('base64url'));
		expect(
			new Set([a.state, a.nonce, a.code_verifier, b.state, b.nonce, b.code_verifier]).size
		).toBe(6);
	});

	it('authorize URL: code + S256 challenge, state, nonce, exactly the three scopes, never the verifier', () => {
		const url = new URL(authorizeUrl(CONFIG, REQUEST));
		expect(url.origin + url.pathname).toBe(
			'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize'
		);
		expect(Object.fromEntries(url.searchParams)).toMatchObject({
			client_id: CONFIG.client_id,
			response_type: 'code',
			redirect_uri: CONFIG.redirect_uri,
			state: REQUEST.state,
			nonce: REQUEST.nonce,
			code_challenge: REQUEST.code_challenge,
			code_challenge_method: 'S256',
			scope:
				'499b84ac-1321-427f-aa17-267ca6975798/vso.work_write 499b84ac-1321-427f-aa17-267ca6975798/vso.project offline_access'
		});
		expect(url.toString()).not.toContain(REQUEST.code_verifier);
	});

	it('token request carries the verifier and no client secret', () => {
		const form = tokenRequestBody(CONFIG, REQUEST, 'the-code');
		expect(form.get('code_verifier')).toBe(REQUEST.code_verifier);
		expect(form.get('grant_type')).toBe('authorization_code');
		expect(form.has('client_secret')).toBe(false);
	});
});

describe('authorization response', () => {
	it.each([
		['matching state with a code', '?code=abc&state=state-abc', null],
		['another state', '?code=abc&state=other', 'state_mismatch'],
		['no state', '?code=abc', 'state_mismatch'],
		[
			'consent denied',
			'?error=access_denied&error_description=AADSTS65004%3A+User+declined&state=state-abc',
			'consent_denied'
		],
		[
			'other authority error',
			'?error=invalid_request&error_description=AADSTS9002325%3A+PKCE&state=state-abc',
			'authority_error'
		],
		['no code', '?state=state-abc', 'authority_error'],
		['error for another request', '?error=access_denied&state=other', 'state_mismatch']
	])('%s', (_name, search, failure) => {
		if (failure === null)
			expect(parseAuthorizationResponse(search, 'state-abc')).toEqual({ code: 'abc' });
		else
			expect(() => parseAuthorizationResponse(search, 'state-abc')).toThrow(
				expect.objectContaining({ failure, code: 'PROVIDER_AUTH_REQUIRED' })
			);
	});

	it('an empty expected state accepts nothing', () => {
		expect(() => parseAuthorizationResponse('?code=abc&state=', '')).toThrow(EntraSignInError);
	});

	it('consent denied says PROVIDER_AUTH_REQUIRED, the AADSTS reference and the fix', () => {
		try {
			parseAuthorizationResponse(
				'?error=access_denied&error_description=AADSTS65004%3A+declined&state=s',
				's'
			);
			expect.unreachable();
		} catch (e) {
			expect((e as Error).message).toMatch(
				/^PROVIDER_AUTH_REQUIRED: Consent was declined.*\(AADSTS65004\).*Reconnect OAuth/
			);
		}
	});
});

describe('token response', () => {
	it('accepted: expiry from the access token, scopes from scp', () => {
		expect(acceptTokenResponse(CONFIG, REQUEST, body(), NOW)).toEqual({
			access_token: jwt(ACCESS),
			expires_at: '2026-11-26T13:00:00.000Z',
			granted_scopes: ['vso.work_write', 'vso.project'],
			tenant_id: 't-1'
		});
	});

	it.each([
		['nonce of another sign-in', body(ACCESS, { ...ID, nonce: 'replayed' }), 'nonce_mismatch'],
		['no nonce', body(ACCESS, { ...ID, nonce: undefined }), 'nonce_mismatch'],
		['id_token for another client', body(ACCESS, { ...ID, aud: 'someone-else' }), 'token_refused'],
		['expired id_token', body(ACCESS, { ...ID, exp: NOW_S - 1 }), 'token_refused'],
		[
			'access token for another resource',
			body({ ...ACCESS, aud: 'https://graph.microsoft.com' }),
			'token_refused'
		],
		['scp without vso.project', body({ ...ACCESS, scp: 'vso.work_write' }), 'scopes_missing']
	])('refused: %s', (_name, b, failure) => {
		expect(() => acceptTokenResponse(CONFIG, REQUEST, b, NOW)).toThrow(
			expect.objectContaining({ failure })
		);
	});

	it('grantedScopes reads scp; garbage gives none', () => {
		expect(grantedScopes(jwt({ scp: 'vso.project  vso.work_write' }))).toEqual([
			'vso.project',
			'vso.work_write'
		]);
		expect(grantedScopes('not-a-jwt')).toEqual([]);
	});
});
