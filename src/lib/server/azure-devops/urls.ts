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
	const org = encodeURIComponent(organization);

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
	if (url.pathname.split('/').filter(Boolean).length === 0) {
		throw new AdoError('PROVIDER_ORGANIZATION_REQUIRED', 'collection-missing');
	}
	const collection = withTrailingSlash(url);
	return { kind: 'server', collection, identity: collection };
}

export function deploymentUrls(target: ProbeTarget, servicesOrigin?: string): DeploymentUrls {
	return target.provider_key === 'azure_devops_services'
		? servicesUrls(target, servicesOrigin)
		: serverUrls(target);
}

/** Path segment for a project (name or id); spaces and the rest percent-encoded. */
export function projectSegment(project: string): string {
	return encodeURIComponent(project);
}

/** `_apis/wit/workitems/$Type`: the `$` is literal, the type name encoded. */
export function workItemTypeSegment(type: string): string {
	return `$${encodeURIComponent(type)}`;
}

/** Resolves an API path under a base that ends with a slash, with an encoded query. */
export function apiUrl(
	base: URL,
	path: string,
	query: Record<string, string | number | boolean | undefined> = {}
): URL {
	const url = new URL(path.replace(/^\/+/, ''), base);
	for (const [key, value] of Object.entries(query)) {
		if (value !== undefined) url.searchParams.set(key, String(value));
	}
	return url;
}
