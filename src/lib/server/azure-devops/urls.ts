import { nodeNameProblem, PROJECT_MAX, projectNameSchema } from '$lib/domain/fields.schema';
import type { ProbeTarget } from '$lib/domain/probe.schema';
import { AdoError } from './errors';

/** Organization names: letters, digits, hyphens; start and end alphanumeric; at most 50. */
const ORGANIZATION_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/;

const SERVICES_ORIGIN = 'https://dev.azure.com';
const SERVICES_IDENTITY_ORIGIN = 'https://vssps.dev.azure.com';

export interface ServicesUrls {
	kind: 'services';
	organization: string;
	/** What url-safety assesses as a Services URL (the real Microsoft host). */
	public_url: URL;
	/** Where requests go: the public URL, or the demo origin substitute. */
	collection: URL;
	/** Identity/profile host for the organization. */
	identity: URL;
	demo: boolean;
}

export interface ServerUrls {
	kind: 'server';
	collection: URL;
	identity: URL;
}

export type DeploymentUrls = ServicesUrls | ServerUrls;

/** Organization from `dev.azure.com/{org}` or `{org}.visualstudio.com`, if the URL is either. */
function organizationFromServicesUrl(input: string): string | undefined {
	let url: URL;
	try {
		url = new URL(input);
	} catch {
		return undefined;
	}
	const host = url.hostname.toLowerCase();
	if (host === 'dev.azure.com') return url.pathname.split('/').filter(Boolean)[0];
	const legacy = /^([a-z0-9-]+)\.visualstudio\.com$/.exec(host);
	return legacy?.[1];
}

function withTrailingSlash(url: URL): URL {
	const copy = new URL(url.href);
	copy.search = '';
	copy.hash = '';
	if (!copy.pathname.endsWith('/')) copy.pathname += '/';
	return copy;
}

/**
 * Services URLs for an organization. `servicesOrigin` is the operator's demo setting: it
 * replaces https://dev.azure.com by `{origin}` and https://vssps.dev.azure.com by `{origin}/_vssps`.
 */
export function servicesUrls(target: ProbeTarget, servicesOrigin?: string): ServicesUrls {
	const organization =
		target.organization ??
		(target.base_url ? organizationFromServicesUrl(target.base_url) : undefined);
	if (!organization) throw new AdoError('PROVIDER_ORGANIZATION_REQUIRED', 'organization-missing');
	if (!ORGANIZATION_NAME.test(organization))
		throw new AdoError('PROVIDER_ORGANIZATION_REQUIRED', 'organization-name');
	const org = pathSegment('organization', organization);

	// The legacy form is kept as typed; everything else uses the current form.
	const legacy = target.base_url && /\.visualstudio\.com$/i.test(safeHost(target.base_url));
	const public_url = legacy
		? new URL(`https://${org}.visualstudio.com/`)
		: new URL(`${SERVICES_ORIGIN}/${org}/`);

	if (servicesOrigin) {
		const origin = servicesOrigin.replace(/\/+$/, '');
		return {
			kind: 'services',
			organization,
			public_url,
			collection: new URL(`${origin}/${org}/`),
			identity: new URL(`${origin}/_vssps/${org}/`),
			demo: true
		};
	}
	return {
		kind: 'services',
		organization,
		public_url,
		collection: public_url,
		identity: new URL(`${SERVICES_IDENTITY_ORIGIN}/${org}/`),
		demo: false
	};
}

function safeHost(input: string): string {
	try {
		return new URL(input).hostname;
	} catch {
		return '';
	}
}

/** Server collection URL `host[:port]/[vdir/]{collection}` as entered (url-safety validates it). */
export function serverUrls(target: ProbeTarget): ServerUrls {
	if (!target.base_url) throw new AdoError('PROVIDER_ORGANIZATION_REQUIRED', 'base-url-missing');
	let url: URL;
	try {
		url = new URL(target.base_url);
	} catch {
		throw new AdoError('PROVIDER_BASE_URL_BLOCKED', 'input');
	}
	const segments = url.pathname.split('/').filter(Boolean);
	if (segments.length === 0) {
		throw new AdoError('PROVIDER_ORGANIZATION_REQUIRED', 'collection-missing');
	}
	// The parser resolved every dot segment; an encoded "/", "\\" or "." left in one is refused,
	// and the collection itself must be a collection name.
	for (const segment of segments) {
		if (/%(2f|5c|2e)/i.test(segment))
			throw new AdoError('PROVIDER_BASE_URL_BLOCKED', 'path-segment-encoded-separator');
	}
	let collectionName: string;
	try {
		collectionName = decodeURIComponent(segments.at(-1) ?? '');
	} catch {
		throw new AdoError('PROVIDER_ORGANIZATION_REQUIRED', 'path-segment-collection-name');
	}
	if (segmentProblem('collection', collectionName))
		throw new AdoError('PROVIDER_ORGANIZATION_REQUIRED', 'path-segment-collection-name');
	const collection = withTrailingSlash(url);
	return { kind: 'server', collection, identity: collection };
}

export function deploymentUrls(target: ProbeTarget, servicesOrigin?: string): DeploymentUrls {
	return target.provider_key === 'azure_devops_services'
		? servicesUrls(target, servicesOrigin)
		: serverUrls(target);
}

/**
 * What a value placed in an Azure DevOps path is. Names the admin chose are checked against the
 * Azure DevOps naming rules; ids read from upstream answers must look like ids. A value that does
 * not fit is refused before any request, so no spelling of "." or ".." (which the WHATWG parser
 * resolves even as %2e) and no "/" or "\\" (which IIS may decode) can climb out of the collection.
 */
export type SegmentKind =
	| 'organization'
	| 'collection'
	| 'project'
	| 'work-item-type'
	| 'team-id'
	| 'process-id'
	| 'node-name'
	| 'integer-id';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER_ID = /^[1-9][0-9]{0,9}$/;
const WORK_ITEM_TYPE_MAX = 128;
// Characters no Azure DevOps name of these kinds may hold, and that change a path's meaning.
// eslint-disable-next-line no-control-regex -- the rule is exactly about control characters
const PATH_UNSAFE = /[\u0000-\u001f\u007f-\u009f/\\?#%]/;

/** Why `value` cannot be a path segment of `kind`; null when it can. */
export function segmentProblem(kind: SegmentKind, value: unknown): string | null {
	if (typeof value !== 'string' || value.length === 0) return 'empty';
	if (/^\.+$/.test(value)) return 'dot-segment';
	if (!value.isWellFormed()) return 'lone-surrogate';
	switch (kind) {
		case 'organization':
			return ORGANIZATION_NAME.test(value) ? null : 'organization-name';
		case 'collection':
			// Server collection names follow the project rules, but their own defaults are not reserved.
			return value.length <= PROJECT_MAX && !/^\.|\.$/.test(value) && !PATH_UNSAFE.test(value)
				? null
				: 'collection-name';
		case 'project':
			return projectNameSchema.safeParse(value).success && !PATH_UNSAFE.test(value)
				? null
				: 'project-name';
		case 'work-item-type':
			return value.length <= WORK_ITEM_TYPE_MAX &&
				value.trim() === value &&
				!PATH_UNSAFE.test(value)
				? null
				: 'work-item-type-name';
		case 'team-id':
		case 'process-id':
			return GUID.test(value) ? null : `${kind}-not-guid`;
		case 'node-name':
			return nodeNameProblem(value) === null && !PATH_UNSAFE.test(value) ? null : 'node-name';
		case 'integer-id':
			return INTEGER_ID.test(value) ? null : 'not-integer';
	}
}

/** Who is told when a segment is refused: the admin's own input, or a malformed upstream answer. */
const REFUSAL: Record<SegmentKind, ConstructorParameters<typeof AdoError>[0]> = {
	organization: 'PROVIDER_ORGANIZATION_REQUIRED',
	collection: 'PROVIDER_ORGANIZATION_REQUIRED',
	project: 'PROVIDER_PROJECT_REQUIRED',
	'work-item-type': 'TICKET_EXPORT_MAPPING_REQUIRED',
	'team-id': 'PROVIDER_BASE_URL_UNREACHABLE',
	'process-id': 'PROVIDER_BASE_URL_UNREACHABLE',
	'node-name': 'PROVIDER_BASE_URL_UNREACHABLE',
	'integer-id': 'PROVIDER_BASE_URL_UNREACHABLE'
};

/** The validated, percent-encoded path segment; throws AdoError when the value does not fit. */
export function pathSegment(kind: SegmentKind, value: unknown): string {
	const problem = segmentProblem(kind, value);
	if (problem) {
		const upstream = REFUSAL[kind] === 'PROVIDER_BASE_URL_UNREACHABLE';
		throw new AdoError(REFUSAL[kind], upstream ? 'malformed-response' : `path-segment-${problem}`);
	}
	return encodeURIComponent(value as string);
}

/** Path segment for a project (name or id). */
export function projectSegment(project: string): string {
	return pathSegment('project', project);
}

/** `_apis/wit/workitems/$Type`: the `$` is literal, the type name validated and encoded. */
export function workItemTypeSegment(type: string): string {
	return `$${pathSegment('work-item-type', type)}`;
}

/** Resolves an API path under a base that ends with a slash, with an encoded query. */
export function apiUrl(
	base: URL,
	path: string,
	query: Record<string, string | number | boolean | undefined> = {}
): URL {
	const url = new URL(path.replace(/^\/+/, ''), base);
	// Whatever a segment held, the request stays under the collection (or identity) base.
	if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname) || url.hash !== '')
		throw new AdoError('PROVIDER_BASE_URL_BLOCKED', 'path-outside-collection');
	for (const [key, value] of Object.entries(query)) {
		if (value !== undefined) url.searchParams.set(key, String(value));
	}
	return url;
}
