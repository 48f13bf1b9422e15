import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => {
	sim.faults.reset();
});

const CLIENT = '00000000-0000-0000-0000-0000000000c1';
const REDIRECT = 'http://127.0.0.1:9/settings/integrations/azure-devops/oauth/callback';
const SCOPE =
	'499b84ac-1321-427f-aa17-267ca6975798/vso.work_write 499b84ac-1321-427f-aa17-267ca6975798/vso.project offline_access';
const APP_ORIGIN = 'http://127.0.0.1:9';

function pkce() {
	const verifier = randomBytes(32).toString('base64url');
	return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function authorize(params: Record<string, string>) {
	const url = new URL(`${sim.entra.authority}/oauth2/v2.0/authorize`);
	for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
	return fetch(url, { redirect: 'manual' });
}

/** Runs the consent page with the given decision; returns the redirect back to the app. */
async function consent(
	decision: 'accept' | 'deny',
	challenge: string,
	extra: Record<string, string> = {}
) {
	const page = await authorize({
		client_id: CLIENT,
		response_type: 'code',
		redirect_uri: REDIRECT,
		scope: SCOPE,
		state: 'st-1',
		nonce: 'n-1',
		code_challenge: challenge,
		code_challenge_method: 'S256',
		...extra
	});
	expect(page.status).toBe(200);
	const body = await page.text();
	const request = /name="request" value="([^"]+)"/.exec(body)?.[1] ?? '';
	const back = await fetch(`${sim.entra.authority}/oauth2/v2.0/consent`, {
		method: 'POST',
		body: new URLSearchParams({ request, decision }),
		redirect: 'manual'
	});
	expect(back.status).toBe(302);
	return new URL(back.headers.get('location') ?? '');
}

async function redeem(form: Record<string, string>, origin: string | null = APP_ORIGIN) {
	const r = await fetch(`${sim.entra.authority}/oauth2/v2.0/token`, {
		method: 'POST',
		headers: origin ? { origin } : {},
		body: new URLSearchParams(form)
	});
	return {
		status: r.status,
		json: (await r.json()) as Record<string, string>,
		cors: r.headers.get('access-control-allow-origin')
	};
}

function claims(jwt: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
		string,
		unknown
	>;
}

async function signIn() {
	const { verifier, challenge } = pkce();
	const back = await consent('accept', challenge);
	const code = back.searchParams.get('code') ?? '';
	return redeem({
		grant_type: 'authorization_code',
		client_id: CLIENT,
		code,
		redirect_uri: REDIRECT,
		code_verifier: verifier
	});
}

const connectionData = (org: string, token: string) =>
	fetch(`${sim.origin}/${org}/_apis/connectionData?api-version=7.1-preview`, {
		headers: { authorization: `Bearer ${token}`, 'x-tfs-fedauthredirect': 'Suppress' }
	});

describe('Entra ID authority (authorization code + PKCE)', () => {
	it('consent accepted: code returned with the state, redeemed once for ES256 tokens with scp, aud, exp, tid and the nonce', async () => {
		const tokens = await signIn();
		expect(tokens.status).toBe(200);
		expect(tokens.cors).toBe(APP_ORIGIN);
		const access = claims(tokens.json.access_token ?? '');
		expect(access).toMatchObject({
			aud: '499b84ac-1321-427f-aa17-267ca6975798',
			scp: 'vso.work_write vso.project',
			tid: sim.entra.tenant
		});
		expect(access.exp).toBeGreaterThan(Date.now() / 1000);
		expect(
			JSON.parse(
				Buffer.from((tokens.json.access_token ?? '').split('.')[0] ?? '', 'base64url').toString()
			)
		).toMatchObject({ alg: 'ES256' });
		expect(claims(tokens.json.id_token ?? '')).toMatchObject({ aud: CLIENT, nonce: 'n-1' });
		expect((await connectionData('fabrikam', tokens.json.access_token ?? '')).status).toBe(200);
	});

	it('consent denied: access_denied with AADSTS65004 and the state, no code', async () => {
		const back = await consent('deny', pkce().challenge);
		expect(back.searchParams.get('error')).toBe('access_denied');
		expect(back.searchParams.get('error_description')).toMatch(/AADSTS65004/);
		expect(back.searchParams.get('state')).toBe('st-1');
		expect(back.searchParams.has('code')).toBe(false);
	});

	it.each([
		['no PKCE', { code_challenge_method: 'plain' }, 'invalid_request'],
		['response type token', { response_type: 'token' }, 'unsupported_response_type'],
		[
			'a scope outside the resource',
			{ scope: 'https://graph.microsoft.com/User.Read' },
			'invalid_scope'
		]
	])('authorize refuses %s', async (_name, extra, error) => {
		const r = await authorize({
			client_id: CLIENT,
			response_type: 'code',
			redirect_uri: REDIRECT,
			scope: SCOPE,
			state: 's',
			code_challenge: pkce().challenge,
			code_challenge_method: 'S256',
			...extra
		});
		expect(r.status).toBe(302);
		expect(new URL(r.headers.get('location') ?? '').searchParams.get('error')).toBe(error);
	});

	it.each([
		[
			'a wrong verifier',
			(v: string) => ({ code_verifier: `${v.slice(0, -1)}${v.endsWith('A') ? 'B' : 'A'}` }),
			APP_ORIGIN,
			/AADSTS501481/
		],
		[
			'another redirect URI',
			() => ({ redirect_uri: 'http://127.0.0.1:9/other' }),
			APP_ORIGIN,
			/AADSTS50148/
		],
		['a client secret', () => ({ client_secret: 'x' }), APP_ORIGIN, /AADSTS700025/],
		['a same-origin (server-side) redemption', () => ({}), null, /AADSTS9002327/]
	])('token endpoint refuses %s', async (_name, change, origin, message) => {
		const { verifier, challenge } = pkce();
		const code = (await consent('accept', challenge)).searchParams.get('code') ?? '';
		const r = await redeem(
			{
				grant_type: 'authorization_code',
				client_id: CLIENT,
				code,
				redirect_uri: REDIRECT,
				code_verifier: verifier,
				...change(verifier)
			},
			origin
		);
		expect(r.status).toBe(400);
		expect(r.json.error_description).toMatch(message);
		expect(JSON.stringify(r.json)).not.toContain(code);
	});

	it('a code is single use', async () => {
		const { verifier, challenge } = pkce();
		const code = (await consent('accept', challenge)).searchParams.get('code') ?? '';
		const form = {
			grant_type: 'authorization_code',
			client_id: CLIENT,
			code,
			redirect_uri: REDIRECT,
			code_verifier: verifier
		};
		expect((await redeem(form)).status).toBe(200);
		expect((await redeem(form)).json.error).toBe('invalid_grant');
	});

	it('refresh works until the refresh switch fails it (AADSTS700082)', async () => {
		const first = await signIn();
		const again = await redeem({
			grant_type: 'refresh_token',
			client_id: CLIENT,
			refresh_token: first.json.refresh_token ?? ''
		});
		expect(again.status).toBe(200);
		sim.faults.set({ oauthRefreshFails: true });
		const failed = await redeem({
			grant_type: 'refresh_token',
			client_id: CLIENT,
			refresh_token: again.json.refresh_token ?? ''
		});
		expect(failed.json.error_description).toMatch(/AADSTS700082/);
	});
});

describe('Azure DevOps routes with Entra tokens', () => {
	it.each([
		[
			'organization policy refuses OAuth: 401 TF400813',
			{ oauthBlockedByPolicy: true },
			'fabrikam',
			401
		],
		['expired token: 401', { oauthTokenLifetimeSeconds: -5 }, 'fabrikam', 401],
		['fake clock past the expiry: 401', { oauthClockAheadSeconds: 3601 }, 'big-org', 401],
		['fake clock short of the expiry: 200', { oauthClockAheadSeconds: 3500 }, 'big-org', 200],
		['organization not connected to the tenant: 401', {}, 'contoso-security', 401],
		['connected organization: 200', {}, 'big-org', 200]
	])('%s', async (_name, faults, org, status) => {
		sim.faults.set(faults);
		const tokens = await signIn();
		const r = await connectionData(org, tokens.json.access_token ?? '');
		expect(r.status).toBe(status);
		if ('oauthBlockedByPolicy' in faults)
			expect(decodeURIComponent(r.headers.get('x-tfs-serviceerror') ?? '')).toMatch(/TF400813/);
	});

	it('scopes are enforced: a token without vso.code cannot list repositories', async () => {
		const token = (await signIn()).json.access_token ?? '';
		const r = await fetch(`${sim.origin}/fabrikam/_apis/git/repositories?api-version=7.1`, {
			headers: { authorization: `Bearer ${token}` }
		});
		expect(r.status).toBe(401);
	});

	it('a token signed by another key or for another audience is refused', async () => {
		const good = sim.entra.issueAccessToken();
		const [h, p] = good.split('.');
		const forged = `${h}.${p}.${Buffer.alloc(64, 1).toString('base64url')}`;
		expect((await connectionData('fabrikam', forged)).status).toBe(401);
		expect(
			(
				await connectionData(
					'fabrikam',
					sim.entra.issueAccessToken({ aud: 'https://graph.microsoft.com' })
				)
			).status
		).toBe(401);
		expect((await connectionData('fabrikam', good)).status).toBe(200);
	});
});
