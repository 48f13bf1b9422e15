import type { BaseUrlData } from '$lib/domain/probe.schema';
import { AdoError } from '../errors';
import { answersLikeAzureDevOps } from '../responses/connection-data';
import { openSession, type ProbeContext } from '../session';
import { notFoundTarget, type ProbeOutcome, type Req } from './probe';

/**
 * No credential: url-safety facts plus one unauthenticated call. An Azure DevOps deployment
 * answers 401 with an auth realm; any HTTP answer proves reachability. Connection failures are
 * data (reachable:false), TLS failures a PROVIDER_TLS_UNTRUSTED answer.
 */
export async function baseUrlProbe(
	req: Req<'base-url'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'base-url'>> {
	const session = await openSession(req, ctx);
	const { urls, entered, effective, client } = session;
	let reachable = true;
	let looks = false;
	try {
		const result = await client.call(urls.collection, 'GET', '_apis/connectionData', {
			version: null,
			allow: [401, 404]
		});
		looks = answersLikeAzureDevOps(result.headers, result.json);
		// Azure DevOps itself answered, but not for this organization or collection: a typo there,
		// not a network problem.
		if (result.status === 404 && looks) throw notFoundTarget(urls.kind);
	} catch (error) {
		if (!(error instanceof AdoError)) throw error;
		if (error.code === 'PROVIDER_ORGANIZATION_REQUIRED') throw error;
		if (error.code === 'PROVIDER_TLS_UNTRUSTED' || error.code === 'PROVIDER_BASE_URL_BLOCKED')
			throw error;
		// An HTML sign-in page still proves something answered.
		if (error.code === 'PROVIDER_AUTH_REQUIRED') looks = true;
		else if (
			error.code === 'PROVIDER_BASE_URL_UNREACHABLE' &&
			error.check !== 'upstream-server-error'
		)
			reachable = false;
	}
	const services = urls.kind === 'services';
	const data: BaseUrlData = {
		url: (services ? urls.public_url : urls.collection).href,
		host: entered.url.hostname,
		address_class: entered.address_class,
		allowlist_match: services ? effective.allowlist_match && urls.demo : entered.allowlist_match,
		tls: effective.url.protocol === 'https:' ? 'trusted' : 'not_applicable',
		reachable,
		suggested_allowlist_status: services
			? 'not_required'
			: !reachable
				? 'unreachable'
				: entered.address_class === 'public'
					? 'direct'
					: 'allowlisted',
		looks_like_azure_devops: looks
	};
	return { data, session };
}
