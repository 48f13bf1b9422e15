import type { ProbeName, ProbeRequest, ProbeResponse } from '$lib/domain/probe.schema';
import { ProbeBudget } from './budget';
import { AdoError, classifyTransportError } from './errors';
import type { Network } from './network';
import { PROBES } from './probes/registry';
import type { ProbeContext } from './session';
import type { Transport } from './transport';

/**
 * Runs one probe and turns every upstream outcome into a ProbeResponse: ok data with
 * diagnostics, or a classified failure. Every transport opened for the probe is closed after it.
 */
export async function runProbe<P extends ProbeName>(
	req: Extract<ProbeRequest, { probe: P }>,
	ctx: ProbeContext,
	/** Sees the classified failure with what was observed (for the server log only). */
	onFailure?: (error: AdoError) => void
): Promise<ProbeResponse<P>> {
	const now = ctx.now ?? (() => performance.now());
	const started = now();
	const opened: Transport[] = [];
	const network: Network = {
		assess: (input, context) => ctx.network.assess(input, context),
		connect: (target) => {
			const transport = ctx.network.connect(target);
			opened.push(transport);
			return transport;
		}
	};
	const probe = PROBES[req.probe] as unknown as (
		r: typeof req,
		c: ProbeContext
	) => ReturnType<(typeof PROBES)[P]>;
	try {
		const outcome = await probe(req, { ...ctx, network, budget: ctx.budget ?? new ProbeBudget() });
		const client = outcome.session.client;
		return {
			ok: true,
			data: outcome.data,
			diagnostics: {
				duration_ms: Math.max(0, Math.round(now() - started)),
				requests: client.requests,
				api_version: client.apiVersion
			}
		} as ProbeResponse<P>;
	} catch (error) {
		const classified = namingTypedValue(
			error instanceof AdoError
				? error
				: ctx.signal.aborted
					? new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'probe-time-limit')
					: classifyTransportError(error),
			req
		);
		onFailure?.(classified);
		return {
			...classified.toFailure(),
			diagnostics: { duration_ms: Math.max(0, Math.round(now() - started)) }
		};
	} finally {
		// Released without holding the answer back: a graceful close waits for the socket.
		void Promise.allSettled(opened.map((t) => t.close()));
	}
}

/**
 * A typo'd organization, collection or project: the answer names what was typed and where to
 * correct it (the rules send "Fix it" to that step). Names are what the admin entered, never a
 * credential.
 */
function namingTypedValue(error: AdoError, req: ProbeRequest): AdoError {
	const { target } = req;
	const byName = req.probe === 'projects' ? req.params?.name : undefined;
	const project = target.project ?? byName;
	if (error.code === 'PROVIDER_PROJECT_REQUIRED' && error.check === 'project-not-found' && project)
		return new AdoError(error.code, error.check, undefined, {
			message: `Azure DevOps has no project named '${project}' that this credential can see.`,
			fix: `Correct '${project}' on the Project step, or pick the project from the list the credential can see.`
		});
	if (error.code !== 'PROVIDER_ORGANIZATION_REQUIRED') return error;
	if (error.check === 'organization-not-found' && target.organization)
		return new AdoError(error.code, error.check, undefined, {
			message: `Azure DevOps Services has no organization named '${target.organization}'.`,
			fix: `Correct '${target.organization}' on the Organization step: it is the name after dev.azure.com/ in the organization's address.`
		});
	if (error.check === 'collection-not-found' && target.base_url) {
		const url = target.base_url.replace(/\/+$/, '');
		const cut = url.lastIndexOf('/');
		const server = url.slice(0, cut);
		const collection = decodeURIComponent(url.slice(cut + 1));
		return new AdoError(error.code, error.check, undefined, {
			message: `The server at ${server} answers, but it has no collection named '${collection}'.`,
			fix: `Correct the collection in the Server URL (${server}/{collection}, e.g. ${server}/DefaultCollection).`
		});
	}
	return error;
}
