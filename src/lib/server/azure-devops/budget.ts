import { AdoError } from './errors';

// What one probe may read from upstream, whatever the upstream sends. Sized from the simulator's
// big-org, measured: discovery of "Big Project" reads ~7 MB in 19 requests (its 20,000-node area
// tree is 6.8 MB, a type's field list 23 KB, connectionData 1.7 KB) and answers 2.9 MB; each
// limit leaves twice that or more, and stays small enough that the admitted probes together fit
// in a few hundred MiB.

export const PROBE_LIMITS = {
	/** Bytes read from upstream over the whole probe. */
	upstreamBytes: 16 * 1024 * 1024,
	/** Upstream requests over the whole probe (discovery of a 40-type project needs ~60). */
	requests: 150,
	/** Nodes in one area or iteration tree. */
	treeNodes: 40_000,
	/** Levels below the root: Azure DevOps allows 14. */
	treeDepth: 14,
	/** Characters of one node name (Azure DevOps: 255). */
	nodeName: 255,
	/** Characters of one node path (Azure DevOps: 4,000). */
	nodePath: 4000,
	/** Fields of one work item type (a process holds at most 1,024 custom fields). */
	typeFields: 2000,
	/** Allowed values of one field. */
	allowedValues: 10_000,
	/** Work item types read in one project. */
	workItemTypes: 100,
	/** The answer sent to the browser, serialised. */
	answerBytes: 8 * 1024 * 1024
} as const;

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Largest answer each endpoint may send: a tree is the only large one (12 MiB: a 35,000-node
 * tree); a field list with every allowed value stays under 1 MiB even with big picklists; the
 * rest are small records.
 */
const ENDPOINT_CAPS: readonly { test: RegExp; method?: string; bytes: number }[] = [
	{ test: /\/_apis\/connectionData$/i, bytes: 64 * KiB },
	{ test: /\/_apis\/wit\/classificationnodes\//i, bytes: 12 * MiB },
	{ test: /\/_apis\/wit\/workitemtypes\/[^/]+\/fields$/i, bytes: 1 * MiB },
	{ test: /\/_apis\/projects$/i, bytes: 1 * MiB },
	{ test: /\/_apis\/identities$|\/_apis\/identitypicker\//i, bytes: 2 * MiB },
	{ test: /\/_apis\/[^/]+$/i, method: 'OPTIONS', bytes: 1 * MiB }
];
const DEFAULT_CAP = 2 * MiB;

/** Byte cap for one upstream answer, by method and path (no query). */
export function responseCap(method: string, pathname: string): number {
	const upper = method.toUpperCase();
	for (const cap of ENDPOINT_CAPS)
		if ((cap.method === undefined || cap.method === upper) && cap.test.test(pathname))
			return cap.bytes;
	return DEFAULT_CAP;
}

export function budgetExceeded(observed: string): AdoError {
	return new AdoError(
		'PROVIDER_BASE_URL_UNREACHABLE',
		'budget-exceeded',
		undefined,
		undefined,
		observed
	);
}

/** Bytes and requests one probe has left; shared by every request the probe makes. */
export class ProbeBudget {
	bytes = 0;
	requests = 0;

	constructor(
		readonly maxBytes: number = PROBE_LIMITS.upstreamBytes,
		readonly maxRequests: number = PROBE_LIMITS.requests
	) {}

	get remainingBytes(): number {
		return Math.max(0, this.maxBytes - this.bytes);
	}

	/** Counts one request; refuses it when the probe has made its allowance. */
	startRequest(): void {
		if (this.requests >= this.maxRequests)
			throw budgetExceeded(`more than ${this.maxRequests} upstream requests`);
		this.requests += 1;
	}

	/** Counts bytes as they arrive; false once the probe read more than it may. */
	take(bytes: number): boolean {
		this.bytes += bytes;
		return this.bytes <= this.maxBytes;
	}

	get exhausted(): boolean {
		return this.bytes > this.maxBytes;
	}
}
