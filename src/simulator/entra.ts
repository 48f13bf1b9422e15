/**
 * The simulator's stand-in for the Microsoft identity platform (v2.0 endpoints) for the demo and
 * tests: authorization code with PKCE (S256 only) for a single-page app, a consent page with
 * Accept/Deny, a token endpoint answering cross-origin requests, and ES256-signed access tokens
 * for the Azure DevOps resource carrying `scp`, `aud`, `exp`, `tid`. The key pair lives only in
 * this process. No token or code is ever written to a log or put in an error text.
 */
import {
	createHash,
	generateKeyPairSync,
	randomBytes,
	randomUUID,
	sign,
	verify,
	type KeyObject
} from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEMO_USER, type CollectionFixture } from './catalogue';
import type { Caller } from './auth';

/** The Azure DevOps resource (application) id in Microsoft Entra ID. */
const AZURE_DEVOPS_RESOURCE = '499b84ac-1321-427f-aa17-267ca6975798';
/** The demo tenant: only organizations connected to it accept its tokens. */
export const DEMO_TENANT = '7f3c2a10-5d4e-4b8f-9a61-2c0d1e3f4a5b';
/** Organizations connected to the demo tenant (contoso-security is not: its token check tells a broad token). */
const CONNECTED_ORGANIZATIONS = new Set(['fabrikam', 'big-org']);
/** Delegated scopes the resource knows; anything else requested is refused like AADSTS70011. */
const KNOWN_SCOPES = new Set([
	'vso.work',
	'vso.work_write',
	'vso.project',
	'vso.profile',
	'vso.identity',
	'vso.code',
	'vso.build'
]);
const CODE_LIFETIME_MS = 10 * 60_000;

export interface EntraSwitches {
	/** Azure DevOps refuses OAuth access (organization policy): TF400813 for every Bearer call. */
	oauthBlockedByPolicy: boolean;
	/** Lifetime of issued access tokens (seconds). Tests use 0 or negative for already-expired tokens. */
	oauthTokenLifetimeSeconds: number;
	/** The refresh-token grant fails (AADSTS700082), as after a revoked session. */
	oauthRefreshFails: boolean;
	/**
	 * Azure DevOps' clock reads this many seconds ahead when it checks a Bearer token's `exp`: a fake
	 * clock, so expiry tests need not sleep for a token to run out.
	 */
	oauthClockAheadSeconds: number;
}

export const DEFAULT_ENTRA_SWITCHES: Readonly<EntraSwitches> = Object.freeze({
	oauthBlockedByPolicy: false,
	oauthTokenLifetimeSeconds: 3600,
	oauthRefreshFails: false,
	oauthClockAheadSeconds: 0
});

interface PendingConsent {
	client_id: string;
	redirect_uri: string;
	state: string;
	nonce: string;
	code_challenge: string;
	scopes: string[];
	created: number;
}

interface IssuedCode extends PendingConsent {
	tenant: string;
}

interface RefreshGrant {
	client_id: string;
	tenant: string;
	scopes: string[];
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

export interface EntraAuthority {
	/** Handles `/_entra/{tenant}/oauth2/v2.0/{authorize,token}`; false when the path is not its own. */
	handle(
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		readBody: () => Promise<string>,
		switches: EntraSwitches
	): Promise<boolean>;
	/** The simulator's Bearer seam: a valid access token for the resource and an organization of its tenant. */
	validateBearer(
		token: string,
		collection: CollectionFixture,
		clockAheadSeconds?: number
	): Caller | null;
	/** Test helper: a signed access token with the given claims over defaults. */
	issueAccessToken(claims?: Record<string, unknown>): string;
}

function html(res: ServerResponse, status: number, body: string): void {
	res.writeHead(status, {
		'Content-Type': 'text/html; charset=utf-8',
		'Cache-Control': 'no-store',
		'Content-Security-Policy':
			"default-src 'none'; style-src 'unsafe-inline'; form-action *; frame-ancestors 'none'",
		'Referrer-Policy': 'no-referrer'
	});
	res.end(body);
}

function escapeHtml(s: string): string {
	return s.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string
	);
}

function redirect(res: ServerResponse, to: URL): void {
	res.writeHead(302, {
		Location: to.toString(),
		'Cache-Control': 'no-store',
		'Content-Length': '0'
	});
	res.end();
}

function cors(req: IncomingMessage): Record<string, string> {
	const origin = typeof req.headers.origin === 'string' ? req.headers.origin : '';
	// Entra answers SPA token requests cross-origin; it never accepts credentials (cookies).
	return origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
}

function tokenJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Cache-Control': 'no-store',
		Pragma: 'no-cache',
		...cors(req)
	});
	res.end(JSON.stringify(body));
}

function oauthError(
	req: IncomingMessage,
	res: ServerResponse,
	error: string,
	aadsts: string
): void {
	tokenJson(req, res, 400, {
		error,
		error_description: `${aadsts}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`,
		error_codes: [Number(aadsts.slice(6, aadsts.indexOf(':')))],
		timestamp: new Date().toISOString()
	});
}

/** `499b84ac-…/vso.work_write` → `vso.work_write`; OIDC and offline_access are not resource scopes. */
function resourceScopes(scope: string): string[] {
	const out: string[] = [];
	for (const s of scope.split(/\s+/).filter(Boolean)) {
		const m =
			/^(?:499b84ac-1321-427f-aa17-267ca6975798|https:\/\/app\.vssps\.visualstudio\.com)\/(.+)$/i.exec(
				s
			);
		if (m?.[1] && m[1] !== '.default') out.push(m[1]);
	}
	return out;
}

export function createEntraAuthority(): EntraAuthority {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const kid = randomBytes(8).toString('hex');
	const pending = new Map<string, PendingConsent>();
	const codes = new Map<string, IssuedCode>();
	const refreshTokens = new Map<string, RefreshGrant>();

	function signJwt(payload: Record<string, unknown>, key: KeyObject): string {
		const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', kid }));
		const body = b64url(JSON.stringify(payload));
		const sig = sign('sha256', Buffer.from(`${head}.${body}`), { key, dsaEncoding: 'ieee-p1363' });
		return `${head}.${body}.${b64url(sig)}`;
	}

	function verifyJwt(token: string): Record<string, unknown> | null {
		const parts = token.split('.');
		if (parts.length !== 3) return null;
		const [head, body, sig] = parts as [string, string, string];
		try {
			const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as {
				alg?: unknown;
				kid?: unknown;
			};
			if (header.alg !== 'ES256' || header.kid !== kid) return null;
			const ok = verify(
				'sha256',
				Buffer.from(`${head}.${body}`),
				{ key: publicKey, dsaEncoding: 'ieee-p1363' },
				Buffer.from(sig, 'base64url')
			);
			if (!ok) return null;
			const claims: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
			return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
		} catch {
			return null;
		}
	}

	function accessToken(
		tenant: string,
		clientId: string,
		scopes: string[],
		lifetime: number,
		extra: Record<string, unknown> = {}
	): string {
		const now = Math.floor(Date.now() / 1000);
		return signJwt(
			{
				aud: AZURE_DEVOPS_RESOURCE,
				iss: `https://sts.windows.net/${tenant}/`,
				iat: now,
				nbf: now,
				exp: now + lifetime,
				appid: clientId,
				oid: DEMO_USER.id,
				upn: DEMO_USER.uniqueName,
				name: DEMO_USER.displayName,
				scp: scopes.join(' '),
				tid: tenant,
				ver: '1.0',
				...extra
			},
			privateKey
		);
	}

	function issueTokens(
		origin: string,
		grant: RefreshGrant,
		nonce: string | null,
		switches: EntraSwitches
	) {
		const lifetime = switches.oauthTokenLifetimeSeconds;
		const now = Math.floor(Date.now() / 1000);
		const refresh = randomBytes(32).toString('base64url');
		refreshTokens.set(refresh, grant);
		return {
			token_type: 'Bearer',
			scope: grant.scopes.map((s) => `${AZURE_DEVOPS_RESOURCE}/${s}`).join(' '),
			expires_in: lifetime,
			ext_expires_in: lifetime,
			access_token: accessToken(grant.tenant, grant.client_id, grant.scopes, lifetime),
			refresh_token: refresh,
			id_token: signJwt(
				{
					aud: grant.client_id,
					iss: `${origin}/_entra/${grant.tenant}/v2.0`,
					iat: now,
					nbf: now,
					exp: now + 3600,
					name: DEMO_USER.displayName,
					preferred_username: DEMO_USER.uniqueName,
					oid: DEMO_USER.id,
					tid: grant.tenant,
					...(nonce ? { nonce } : {}),
					ver: '2.0'
				},
				privateKey
			)
		};
	}

	function authorize(res: ServerResponse, url: URL, tenant: string): void {
		const q = url.searchParams;
		const redirectUri = q.get('redirect_uri') ?? '';
		let back: URL;
		try {
			back = new URL(redirectUri);
			if (back.protocol !== 'http:' && back.protocol !== 'https:') throw new Error('scheme');
		} catch {
			// Without a usable redirect URI the error is shown here, never sent anywhere.
			html(
				res,
				400,
				page(
					'Sign in',
					'<p>AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.</p>'
				)
			);
			return;
		}
		const state = q.get('state') ?? '';
		const fail = (error: string, description: string) => {
			back.searchParams.set('error', error);
			back.searchParams.set('error_description', description);
			if (state) back.searchParams.set('state', state);
			redirect(res, back);
		};
		if (q.get('response_type') !== 'code')
			return fail('unsupported_response_type', 'AADSTS700054: response_type must be code.');
		const challenge = q.get('code_challenge') ?? '';
		if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge))
			return fail(
				'invalid_request',
				'AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption (code_challenge_method S256).'
			);
		const clientId = q.get('client_id') ?? '';
		if (!/^[0-9a-f-]{36}$/i.test(clientId))
			return fail('unauthorized_client', 'AADSTS700016: Application not found in the directory.');
		const requested = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
		const scopes = resourceScopes(requested.join(' '));
		const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
		if (scopes.length === 0 || unknown.length > 0)
			return fail(
				'invalid_scope',
				'AADSTS70011: The provided value for the input parameter scope is not valid.'
			);
		const id = randomBytes(16).toString('base64url');
		pending.set(id, {
			client_id: clientId,
			redirect_uri: redirectUri,
			state,
			nonce: q.get('nonce') ?? '',
			code_challenge: challenge,
			scopes,
			created: Date.now()
		});
		const list = scopes
			.map(
				(s) =>
					`<li>${escapeHtml(s === 'vso.work_write' ? 'Azure DevOps: read and write work items (vso.work_write)' : s === 'vso.project' ? 'Azure DevOps: read projects and teams (vso.project)' : `Azure DevOps: ${s}`)}</li>`
			)
			.join('');
		const offline = requested.includes('offline_access')
			? '<li>Maintain access to data you have given it access to (offline_access)</li>'
			: '';
		html(
			res,
			200,
			page(
				'Permissions requested',
				`<p>Signed in as ${escapeHtml(DEMO_USER.uniqueName)} (demo tenant). The application <code>${escapeHtml(clientId)}</code> asks to:</p><ul>${list}${offline}</ul>` +
					`<form method="post" action="/_entra/${escapeHtml(tenant)}/oauth2/v2.0/consent"><input type="hidden" name="request" value="${id}">` +
					'<button type="submit" name="decision" value="accept">Accept</button> <button type="submit" name="decision" value="deny">Deny</button></form>'
			)
		);
	}

	function consent(res: ServerResponse, form: URLSearchParams, tenant: string): void {
		const id = form.get('request') ?? '';
		const p = pending.get(id);
		pending.delete(id);
		if (!p || Date.now() - p.created > CODE_LIFETIME_MS) {
			html(
				res,
				400,
				page(
					'Sign in',
					'<p>AADSTS90014: The sign-in request expired. Start the sign-in again from the application.</p>'
				)
			);
			return;
		}
		const back = new URL(p.redirect_uri);
		if (form.get('decision') !== 'accept') {
			back.searchParams.set('error', 'access_denied');
			back.searchParams.set(
				'error_description',
				'AADSTS65004: User declined to consent to access the app.'
			);
		} else {
			const code = randomBytes(32).toString('base64url');
			codes.set(code, { ...p, tenant, created: Date.now() });
			back.searchParams.set('code', code);
		}
		if (p.state) back.searchParams.set('state', p.state);
		redirect(res, back);
	}

	function token(
		req: IncomingMessage,
		res: ServerResponse,
		form: URLSearchParams,
		origin: string,
		switches: EntraSwitches
	): void {
		const grantType = form.get('grant_type');
		const clientId = form.get('client_id') ?? '';
		if (form.has('client_secret'))
			return oauthError(
				req,
				res,
				'invalid_request',
				'AADSTS700025: Client is public so neither client_assertion nor client_secret should be presented.'
			);
		if (grantType === 'authorization_code') {
			const code = form.get('code') ?? '';
			const issued = codes.get(code);
			codes.delete(code); // one use, even when the rest fails
			if (!issued || Date.now() - issued.created > CODE_LIFETIME_MS)
				return oauthError(
					req,
					res,
					'invalid_grant',
					'AADSTS70008: The provided authorization code or refresh token has expired or was already used.'
				);
			if (issued.client_id !== clientId || issued.redirect_uri !== form.get('redirect_uri'))
				return oauthError(
					req,
					res,
					'invalid_grant',
					'AADSTS50148: The code was issued to another client or redirect URI.'
				);
			const verifier = form.get('code_verifier') ?? '';
			if (
				!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) ||
				b64url(createHash('sha256').update(verifier).digest()) !== issued.code_challenge
			)
				return oauthError(
					req,
					res,
					'invalid_grant',
					'AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.'
				);
			if (!req.headers.origin)
				return oauthError(
					req,
					res,
					'invalid_request',
					"AADSTS9002327: Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests."
				);
			return tokenJson(
				req,
				res,
				200,
				issueTokens(
					origin,
					{ client_id: clientId, tenant: issued.tenant, scopes: issued.scopes },
					issued.nonce || null,
					switches
				)
			);
		}
		if (grantType === 'refresh_token') {
			const refresh = form.get('refresh_token') ?? '';
			const grant = refreshTokens.get(refresh);
			refreshTokens.delete(refresh);
			if (!grant || grant.client_id !== clientId || switches.oauthRefreshFails)
				return oauthError(
					req,
					res,
					'invalid_grant',
					'AADSTS700082: The refresh token has expired due to inactivity.'
				);
			return tokenJson(req, res, 200, issueTokens(origin, grant, null, switches));
		}
		return oauthError(
			req,
			res,
			'unsupported_grant_type',
			'AADSTS70003: The app requested an unsupported grant type.'
		);
	}

	return {
		async handle(req, res, url, readBody, switches) {
			const m =
				/^\/_entra\/([0-9a-f-]{36}|common|organizations)\/oauth2\/v2\.0\/(authorize|consent|token)$/i.exec(
					url.pathname
				);
			if (!m) return false;
			const tenant =
				m[1] === 'common' || m[1] === 'organizations'
					? DEMO_TENANT
					: (m[1] as string).toLowerCase();
			const method = (req.method ?? 'GET').toUpperCase();
			const origin = `${url.protocol}//${url.host}`;
			if (m[2] === 'token' && method === 'OPTIONS') {
				res.writeHead(204, {
					...cors(req),
					'Access-Control-Allow-Methods': 'POST',
					'Access-Control-Allow-Headers': 'content-type',
					'Access-Control-Max-Age': '600'
				});
				res.end();
				return true;
			}
			if (m[2] === 'authorize' && method === 'GET') authorize(res, url, tenant);
			else if (m[2] === 'consent' && method === 'POST')
				consent(res, new URLSearchParams(await readBody()), tenant);
			else if (m[2] === 'token' && method === 'POST')
				token(req, res, new URLSearchParams(await readBody()), origin, switches);
			else {
				res.writeHead(405, { Allow: m[2] === 'authorize' ? 'GET' : 'POST', 'Content-Length': '0' });
				res.end();
			}
			return true;
		},
		validateBearer(token, collection, clockAheadSeconds = 0) {
			const claims = verifyJwt(token);
			if (!claims) return null;
			const now = Math.floor(Date.now() / 1000) + clockAheadSeconds;
			if (
				claims.aud !== AZURE_DEVOPS_RESOURCE ||
				typeof claims.exp !== 'number' ||
				claims.exp <= now
			)
				return null;
			if (typeof claims.tid !== 'string' || typeof claims.scp !== 'string') return null;
			// An organization accepts Entra tokens only from the tenant it is connected to.
			if (claims.tid !== DEMO_TENANT || !CONNECTED_ORGANIZATIONS.has(collection.key)) return null;
			return {
				kind: 'oauth',
				scopes: claims.scp.split(/\s+/).filter(Boolean),
				user: { ...DEMO_USER }
			};
		},
		issueAccessToken(claims = {}) {
			return accessToken(
				DEMO_TENANT,
				'00000000-0000-0000-0000-0000000000a1',
				['vso.work_write', 'vso.project'],
				3600,
				claims
			);
		}
	};
}

function page(title: string, body: string): string {
	return (
		`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} | Microsoft Entra ID (simulated)</title></head>` +
		`<body style="font-family:sans-serif;max-width:36rem;margin:2rem auto"><p><strong>Demo authority</strong>: this page stands in for Microsoft sign-in.</p><h1>${escapeHtml(title)}</h1>${body}</body></html>`
	);
}
