import { fromPromise } from 'xstate';
import type { ProbeName, ProbeResponse } from '$lib/domain';
import { callProbe } from '$lib/probe/probe.client';
import { evaluateDraft } from '$lib/policy';
import type { ProbeInput, SaveOutput } from './setup.machine';
import { setupMachine } from './setup.machine';
import { probeRequest } from './probe-requests';
import type { SetupServices } from './setup-services';

/**
 * The only place the chart's actors are bound to real I/O: our probe endpoint, the rules engine
 * and browser storage. Each actor receives the abort signal, so leaving a state cancels its call.
 */
function probe<P extends ProbeName>(name: P) {
	return fromPromise<ProbeResponse<P>, ProbeInput>(async ({ input, signal }) => {
		const request = probeRequest(name, input.draft, input.token, input.query);
		return (await callProbe(request as never, { signal })) as ProbeResponse<P>;
	});
}

export function createLiveSetupMachine(services: SetupServices) {
	return setupMachine.provide({
		actors: {
			checkBaseUrl: probe('base-url'),
			checkConnection: probe('connection'),
			listProjects: probe('projects'),
			discoverProject: probe('discovery'),
			proveScopes: probe('capabilities'),
			lookUpAssignee: probe('identities'),
			runDryRunCreate: probe('preflight'),
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
