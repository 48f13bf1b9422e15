import type { ProbeName, ProbeRequest, ProbeResponse } from '$lib/domain/probe.schema';
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
	ctx: ProbeContext
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
		const outcome = await probe(req, { ...ctx, network });
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
		const classified =
			error instanceof AdoError
				? error
				: ctx.signal.aborted
					? new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'probe-time-limit')
					: classifyTransportError(error);
		return {
			...classified.toFailure(),
			diagnostics: { duration_ms: Math.max(0, Math.round(now() - started)) }
		};
	} finally {
		// Released without holding the answer back: a graceful close waits for the socket.
		void Promise.allSettled(opened.map((t) => t.close()));
	}
}
