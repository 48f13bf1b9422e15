import type { ProbeName } from '$lib/domain/probe.schema';
import { baseUrlProbe } from './base-url';
import { capabilitiesProbe } from './capabilities';
import { connectionProbe } from './connection';
import { discoveryProbe } from './discovery';
import { identitiesProbe } from './identities';
import { preflightProbe } from './preflight';
import type { Probe } from './probe';
import { projectsProbe } from './projects';

/** Each probe kind's implementation, one file each. */
export const PROBES: { [P in ProbeName]: Probe<P> } = {
	'base-url': baseUrlProbe,
	connection: connectionProbe,
	projects: projectsProbe,
	discovery: discoveryProbe,
	identities: identitiesProbe,
	capabilities: capabilitiesProbe,
	preflight: preflightProbe
};
