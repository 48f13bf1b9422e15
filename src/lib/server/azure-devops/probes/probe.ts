import type { ProbeData, ProbeName, ProbeRequest } from '$lib/domain/probe.schema';
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

export function requireProject(req: { target: { project?: string | undefined } }): string {
	if (!req.target.project) throw new AdoError('PROVIDER_PROJECT_REQUIRED', 'project-missing');
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
