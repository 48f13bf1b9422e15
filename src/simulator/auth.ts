/**
 * Credential handling of the simulator, as Azure DevOps does it: PAT over Basic (user name
 * ignored), Bearer only for OAuth/Entra tokens, organization-limited PATs, per-route scopes.
 * No token value is ever put into a response, header or log.
 */
import { DEMO_TOKENS, type DemoToken } from './demo-tokens';
import { DEMO_USER, type CollectionFixture } from './catalogue';
import { SimError, err } from './responses';

/** What a route needs, as the PAT scope families Azure DevOps checks. */
export type RouteScope =
	'any' | 'profile' | 'project' | 'work' | 'work_write' | 'identity' | 'code' | 'build';

const SATISFIES: Record<Exclude<RouteScope, 'any'>, readonly string[]> = {
	profile: ['vso.profile', 'vso.profile_write'],
	project: ['vso.profile', 'vso.project', 'vso.project_write', 'vso.project_manage'],
	work: ['vso.work', 'vso.work_write', 'vso.work_full'],
	work_write: ['vso.work_write', 'vso.work_full'],
	identity: ['vso.identity', 'vso.identity_manage'],
	code: ['vso.code', 'vso.code_write', 'vso.code_manage', 'vso.code_full'],
	build: ['vso.build', 'vso.build_execute']
};

export type AuthorizationKind = 'none' | 'basic' | 'bearer';

export interface Caller {
	kind: 'pat' | 'oauth';
	scopes: readonly string[];
	user: { id: string; displayName: string; uniqueName: string };
}

/**
 * Seam for the later OAuth issue: validates a Bearer (Entra/OAuth) access token and returns its
 * caller, or null. No authority exists yet, so every Bearer token is refused.
 */
export type BearerValidator = (token: string, collection: CollectionFixture) => Caller | null;

export function authorizationKind(header: string | undefined): AuthorizationKind {
	if (!header) return 'none';
	const scheme = header.trim().split(/\s+/)[0]?.toLowerCase();
	return scheme === 'basic' ? 'basic' : scheme === 'bearer' ? 'bearer' : 'none';
}

/** A value shaped like a PAT (52 base32 chars, or the 84-char format with the AZDO signature). */
function looksLikePat(token: string): boolean {
	return /^[a-z2-7]{52}$/.test(token) || (token.length === 84 && token.slice(76, 80) === 'AZDO');
}

function anonymous(
	collection: CollectionFixture,
	origin: string,
	method: string,
	suppress: boolean
): SimError {
	const serviceError =
		'TF400813%3a+Resource+not+available+for+anonymous+access.+Client+authentication+required.';
	if (collection.release === 'services') {
		// Without Suppress, GET/POST get the sign-in page as 203; PATCH still gets 401 (observed).
		if (!suppress && method !== 'PATCH') {
			const signin = `${origin}/_signin?realm=dev.azure.com&reply_to=${encodeURIComponent(`${origin}${collection.basePath}`)}`;
			return new SimError(
				203,
				null,
				{ 'X-TFS-FedAuthRedirect': signin },
				{ contentType: 'text/html; charset=utf-8', text: SIGN_IN_HTML }
			);
		}
		return new SimError(401, null, {
			'WWW-Authenticate': [
				'Bearer authorization_uri=https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000',
				`Basic realm="${origin}/"`,
				'TFS-Federated'
			],
			'X-TFS-FedAuthRealm': `${origin}/`,
			'X-TFS-FedAuthIssuer': `${origin}/`,
			'X-VSS-ResourceTenant': '00000000-0000-0000-0000-000000000000',
			'X-TFS-ServiceError': serviceError
		});
	}
	// Server (IIS): always 401 with the Windows auth schemes next to Basic.
	return new SimError(401, null, {
		'WWW-Authenticate': [
			'Bearer',
			`Basic realm="${origin}/${collection.release}"`,
			'Negotiate',
			'NTLM'
		],
		'X-TFS-ServiceError': serviceError
	});
}

const SIGN_IN_HTML =
	'<!DOCTYPE html><html lang="en-US"><head><title>Azure DevOps Services | Sign In</title><meta charset="utf-8"></head>' +
	'<body><div id="signin"><h1>Sign in</h1><p>Sign in to continue to Azure DevOps.</p></div></body></html>';

export function unauthorizedUser(userId: string): SimError {
	return err(
		401,
		`TF400813: The user '${userId}' is not authorized to access this resource.`,
		'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
		'UnauthorizedRequestException',
		{},
		{
			'X-TFS-ServiceError': encodeURIComponent(
				`TF400813: The user '${userId}' is not authorized to access this resource.`
			)
		}
	);
}

function expired(): SimError {
	return err(
		401,
		'Access Denied: The Personal Access Token used has expired.',
		'Microsoft.VisualStudio.Services.Security.AccessCheckException, Microsoft.VisualStudio.Services.WebApi',
		'AccessCheckException',
		{
			customProperties: {
				Descriptor: null,
				IdentityDisplayName: null,
				Token: null,
				RequestedPermissions: 0,
				NamespaceId: '00000000-0000-0000-0000-000000000000'
			}
		},
		{
			'X-TFS-ServiceError':
				'Access%20Denied%3A%20The%20Personal%20Access%20Token%20used%20has%20expired.'
		}
	);
}

export interface AuthInput {
	authorization: string | undefined;
	suppress: boolean;
	method: string;
	origin: string;
	collection: CollectionFixture;
	revoked: ReadonlySet<string>;
	validateBearer: BearerValidator;
}

/** Returns the caller or throws the SimError Azure DevOps would answer with. */
export function authenticate(input: AuthInput): Caller {
	const { authorization, collection } = input;
	const kind = authorizationKind(authorization);
	const deny = () => anonymous(collection, input.origin, input.method, input.suppress);
	if (kind === 'none' || !authorization) throw deny();
	const credential = authorization
		.trim()
		.slice(authorization.trim().indexOf(' ') + 1)
		.trim();
	if (kind === 'bearer') {
		// A PAT sent as Bearer is read as an (invalid) OAuth token for an empty user.
		if (looksLikePat(credential) || DEMO_TOKENS.some((t) => t.token === credential))
			throw unauthorizedUser('');
		const caller = input.validateBearer(credential, collection);
		if (!caller) throw deny();
		return caller;
	}
	const decoded = Buffer.from(credential, 'base64').toString('utf8');
	// The user name is ignored (clients send '' or 'PAT'); the password is the token. Basic
	// credentials without a colon are malformed and fail like an unknown token.
	const colon = decoded.indexOf(':');
	if (colon < 0) throw deny();
	const token = decoded.slice(colon + 1);
	const demo = DEMO_TOKENS.find((t) => t.token === token);
	if (!demo || !validFor(demo, collection)) throw deny();
	if (demo.status === 'revoked' || input.revoked.has(demo.id)) throw deny();
	if (demo.status === 'expired') throw expired();
	return { kind: 'pat', scopes: demo.scopes, user: { ...DEMO_USER } };
}

function validFor(token: DemoToken, collection: CollectionFixture): boolean {
	if (collection.key !== '*' && token.collections.includes(collection.key)) return true;
	// Global PATs span every Services organization (and the organization-less host), never a Server collection.
	return token.collections.includes('*') && collection.release === 'services';
}

export function hasScope(caller: Caller, need: RouteScope): boolean {
	if (need === 'any' || caller.scopes.includes('app_token')) return true;
	return SATISFIES[need].some((s) => caller.scopes.includes(s));
}
