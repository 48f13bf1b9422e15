import type { ConnectionData } from '$lib/domain/probe.schema';
import { FULL_ACCESS_SCOPE, REQUIRED_SCOPES, SCOPE_IMPLIES } from '$lib/domain/scopes';
import type { AdoClient } from '../client';
import { AdoError, versionCeiling } from '../errors';
import { PROJECTS_RESOURCE } from '../resources';
import { readConnectionData } from '../responses/connection-data';
import { openSession, type ProbeContext } from '../session';
import { headerValue } from '../transport';
import { pathSegment, segmentProblem, type ServicesUrls } from '../urls';
import {
	compareVersions,
	majorMinor,
	PROBE_API_VERSION,
	serverRelease,
	SERVICES_API_VERSION,
	versionFromContentType
} from '../versions';
import {
	canRead,
	NO_REPOSITORY,
	notFoundTarget,
	scopeReaches,
	type ProbeOutcome,
	type Req
} from './probe';

/** Scopes from an Entra/OAuth JWT (`scp`), when the token is one; never validated, only read. */
export function jwtScopes(token: string): string[] | undefined {
	const parts = token.split('.');
	if (parts.length !== 3 || !parts[1]) return undefined;
	try {
		const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as {
			scp?: unknown;
		};
		if (typeof payload.scp !== 'string') return undefined;
		return payload.scp.split(/\s+/).filter(Boolean);
	} catch {
		return undefined;
	}
}

export function scopesTooBroad(scopes: readonly string[]): boolean {
	const allowed = new Set<string>(['offline_access', 'openid', 'profile', 'email']);
	for (const s of REQUIRED_SCOPES) {
		allowed.add(s);
		for (const implied of SCOPE_IMPLIES[s] ?? []) allowed.add(implied);
	}
	allowed.add('vso.work');
	return scopes.some((raw) => {
		const scope = raw.replace(/^.*\//, '');
		return (
			scope === FULL_ACCESS_SCOPE ||
			scope === 'user_impersonation' ||
			scope === '.default' ||
			!allowed.has(scope)
		);
	});
}

/**
 * Who am I, deployment type, api-version ceiling and how broad the credential is. A global or
 * full-access token is returned as ok data with its flag set: the rules engine decides that it
 * blocks (PROVIDER_CREDENTIAL_TOO_BROAD), so the admin sees every fact at once.
 */
export async function connectionProbe(
	req: Req<'connection'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'connection'>> {
	const session = await openSession(req, ctx);
	const { urls, client } = session;
	const server = urls.kind === 'server';

	const [connection, ceiling] = await Promise.all([
		client
			.call(urls.collection, 'GET', '_apis/connectionData', { version: null })
			.catch((error: unknown) => {
				// A 404 for the collection's own connectionData: no such organization or collection.
				if (error instanceof AdoError && error.check === 'not-found')
					throw notFoundTarget(urls.kind);
				// connectionData needs no scope: a known user refused here means the credential itself is
				// refused, e.g. the organization's policy blocks third-party OAuth access (TF400813).
				if (error instanceof AdoError && error.check === 'scope-missing') {
					throw new AdoError(
						'PROVIDER_AUTH_REQUIRED',
						req.credential.auth_method === 'oauth' ? 'oauth-access-refused' : 'credential-rejected'
					);
				}
				throw error;
			}),
		server ? detectCeiling(client, urls.collection) : Promise.resolve(SERVICES_API_VERSION)
	]);
	const { user, deployment_type, instance_id } = readConnectionData(connection.json);
	// A Services URL answering as a server (or the reverse) is not what the admin attested.
	if ((deployment_type === 'hosted') === server)
		throw new AdoError('PROVIDER_BASE_URL_BLOCKED', 'ownership');

	const apiVersion =
		ceiling ??
		versionFromContentType(headerValue(connection.headers, 'content-type') ?? '') ??
		'5.0';
	client.adoptCeiling(apiVersion);

	const token = req.credential.token;
	const scopes = req.credential.auth_method === 'oauth' ? jwtScopes(token) : undefined;
	let credential_global = false;
	let credential_too_broad = scopes ? scopesTooBroad(scopes) : false;
	if (!server) {
		const [global, extra] = await Promise.all([
			isGlobalCredential(client, urls, ctx.crossCheckOrganizations ?? []),
			scopes
				? Promise.resolve(false)
				: scopeReaches(client, urls.collection, `_apis/git/repositories/${NO_REPOSITORY}`)
		]);
		credential_global = global;
		credential_too_broad = credential_too_broad || extra || global;
	} else if (!scopes) {
		credential_too_broad = await scopeReaches(
			client,
			urls.collection,
			`_apis/git/repositories/${NO_REPOSITORY}`
		);
	}

	const data: ConnectionData = {
		user,
		deployment_type,
		instance_id,
		api_version: majorMinor(apiVersion),
		...(server ? { server_release: serverRelease(apiVersion) } : {}),
		credential_global,
		credential_too_broad,
		...(scopes ? { granted_scopes: scopes } : {})
	};
	return { data, session };
}

/**
 * The server's REST version range. First from its own resource locations (`OPTIONS
 * _apis/core`: `maxVersion` of the projects resource), which no language or wording changes.
 * Failing that, the answer to a deliberately high api-version names the ceiling
 * (VssVersionOutOfRangeException, any known wording or language). A server that says neither is
 * not refused: the caller falls back to the version connectionData echoed. Below 5.0 the probe
 * ends with API_VERSION_UNSUPPORTED.
 */
async function detectCeiling(client: AdoClient, base: URL): Promise<string | undefined> {
	const location = await client.location(base, PROJECTS_RESOURCE);
	if (location && compareVersions(location.maxVersion, '0.0') > 0) {
		client.adoptCeiling(location.maxVersion);
		return majorMinor(location.maxVersion);
	}
	const result = await client.call(base, 'GET', '_apis/projects', {
		version: PROBE_API_VERSION,
		query: { $top: 1 },
		allow: [400, 404]
	});
	// No such collection: connectionData, asked at the same time, says so.
	if (result.status === 404) return undefined;
	if (result.status === 400) {
		const ceiling = versionCeiling(result.json, PROBE_API_VERSION);
		if (!ceiling) return undefined;
		client.adoptCeiling(ceiling);
		return ceiling;
	}
	return versionFromContentType(headerValue(result.headers, 'content-type') ?? '');
}

/**
 * A global PAT ("all accessible organizations") also opens other organizations; an
 * organization-scoped one gets 401 there. There is no endpoint that reports a PAT's
 * organizations to an org-scoped caller, so the probe asks connectionData of the operator's
 * cross-check organizations (demo: the simulator's other organizations). Without any, the flag
 * stays false and the README says so.
 */
async function isGlobalCredential(
	client: AdoClient,
	urls: ServicesUrls,
	others: readonly string[]
): Promise<boolean> {
	const candidates = others
		.filter((o) => o.toLowerCase() !== urls.organization.toLowerCase())
		.filter((o) => segmentProblem('organization', o) === null)
		.slice(0, 3);
	if (candidates.length === 0) return false;
	const results = await Promise.all(
		candidates.map((org) => {
			const base = new URL(`${pathSegment('organization', org)}/`, new URL('/', urls.collection));
			return canRead(client, base, '_apis/connectionData', {}, null).catch(() => false);
		})
	);
	return results.some(Boolean);
}
