import type { ProbeData, ProbeName, ProbeRequest } from '$lib/domain/probe.schema';
import { projectSegment } from '../urls';
import type { AdoClient } from '../client';
import { AdoError } from '../errors';
import type { ProbeContext, Session } from '../session';

/** The request of one probe kind. */
export type Req<P extends ProbeName> = Extract<ProbeRequest, { probe: P }>;

export interface ProbeOutcome<P extends ProbeName> {
	data: ProbeData<P>;
	session: Session;
	/** Sequential request waves, reported by discovery. */
	waves?: number;
}

export type Probe<P extends ProbeName> = (
	req: Req<P>,
	ctx: ProbeContext
) => Promise<ProbeOutcome<P>>;

/**
 * A deployment that answers but has no such organization (Services) or collection (Server).
 * run-probe names the typed value in the message.
 */
export function notFoundTarget(kind: 'services' | 'server'): AdoError {
	return new AdoError(
		'PROVIDER_ORGANIZATION_REQUIRED',
		kind === 'services' ? 'organization-not-found' : 'collection-not-found'
	);
}

export function requireProject(req: { target: { project?: string | undefined } }): string {
	if (!req.target.project) throw new AdoError('PROVIDER_PROJECT_REQUIRED', 'project-missing');
	// Checked before any request: the name goes into every project-scoped path.
	projectSegment(req.target.project);
	return req.target.project;
}

/** Reads whether a call succeeds; auth/scope refusals are `false`, everything else propagates. */
export async function canRead(
	client: AdoClient,
	base: URL,
	path: string,
	query: Record<string, string | number> = {},
	version?: null
): Promise<boolean> {
	try {
		await client.call(base, 'GET', path, { query, ...(version === null ? { version: null } : {}) });
		return true;
	} catch (error) {
		if (
			error instanceof AdoError &&
			[
				'PROVIDER_AUTH_REQUIRED',
				'PROVIDER_SCOPE_UNAVAILABLE',
				'PROVIDER_PROJECT_REQUIRED'
			].includes(error.code)
		)
			return false;
		if (error instanceof AdoError && error.check === 'not-found') return false;
		throw error;
	}
}

/** A repository id no organization has: asking for it costs one tiny answer at any size. */
export const NO_REPOSITORY = '00000000-0000-0000-0000-000000000000';

/**
 * Whether the credential's scopes reach an area, asked with a GET of a resource that does not
 * exist: Azure DevOps checks the token's scope before it looks the resource up, so a 404 (or a
 * 200) proves the scope and a 401 refuses it. Unlike listing the area, the answer stays small in
 * any organization.
 */
export async function scopeReaches(client: AdoClient, base: URL, path: string): Promise<boolean> {
	try {
		await client.call(base, 'GET', path, { allow: [404] });
		return true;
	} catch (error) {
		if (
			error instanceof AdoError &&
			['PROVIDER_AUTH_REQUIRED', 'PROVIDER_SCOPE_UNAVAILABLE'].includes(error.code)
		)
			return false;
		throw error;
	}
}
