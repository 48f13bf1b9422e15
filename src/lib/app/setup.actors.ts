import { fromPromise, type PromiseActorLogic } from 'xstate';
import type { ProbeResponse } from '$lib/domain';
import { evaluateDraft } from '$lib/policy';
import {
	PROBE_ACTOR_NAMES,
	PROBE_ACTORS,
	type ProbeActorName,
	type ProbeOf
} from '$lib/probe/probe-actors';
import { callProbe } from '$lib/probe/probe.client';
import { probeRequest } from '$lib/probe/probe-requests';
import { setupMachine, type ProbeInput, type SaveOutput } from '$lib/setup/setup.machine';
import type { SetupServices } from './setup-services';

/**
 * The only place the chart's actors are bound to real I/O: our probe endpoint, the rules engine
 * and browser storage. Each actor receives the abort signal, so leaving a state cancels its call.
 */
function probe<A extends ProbeActorName>(name: A) {
	return fromPromise<ProbeResponse<ProbeOf<A>>, ProbeInput>(async ({ input, signal }) => {
		const request = probeRequest(PROBE_ACTORS[name].probe, input.draft, input.token, input.query);
		return (await callProbe(request as never, { signal })) as ProbeResponse<ProbeOf<A>>;
	});
}

/** Every probe actor of the table, bound to the endpoint. */
const liveProbeActors = Object.fromEntries(
	PROBE_ACTOR_NAMES.map((name) => [name, probe(name)])
) as { [A in ProbeActorName]: PromiseActorLogic<ProbeResponse<ProbeOf<A>>, ProbeInput> };

export function createLiveSetupMachine(services: SetupServices) {
	return setupMachine.provide({
		actors: {
			...liveProbeActors,
			evaluatePolicy: fromPromise(async ({ input }) => evaluateDraft(input.draft, new Date())),
			saveTarget: fromPromise<SaveOutput, Parameters<SetupServices['saveTarget']>[0]>(
				async ({ input }) => services.saveTarget(input)
			),
			signInWithEntra: fromPromise(async ({ input, signal }) =>
				services.signInWithEntra(input, signal)
			)
		}
	});
}
