import type { ConnectionData } from '$lib/domain/probe.schema';
import { objectValue } from '../client';
import { AdoError } from '../errors';
import { headerValue, type HeaderBag } from '../transport';
import { obj, str } from './json';

/**
 * Who the credential belongs to and which deployment answers, from `GET _apis/connectionData`.
 * Anything but `hosted` or `onPremises` is not an Azure DevOps answer.
 */
export function readConnectionData(
	json: unknown
): Pick<ConnectionData, 'user' | 'deployment_type' | 'instance_id'> {
	const cd = objectValue(json);
	const user = obj(cd.authenticatedUser);
	const deployment = str(cd.deploymentType);
	if (deployment !== 'hosted' && deployment !== 'onPremises')
		throw new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'malformed-response');
	const account = str(obj(obj(user.properties).Account).$value);
	return {
		user: {
			id: str(user.id) ?? '',
			display_name: str(user.providerDisplayName) ?? str(user.customDisplayName) ?? account ?? '',
			...(account ? { unique_name: account } : {})
		},
		deployment_type: deployment,
		instance_id: str(cd.instanceId) ?? ''
	};
}

/**
 * Whether an unauthenticated answer comes from Azure DevOps: an auth realm Azure DevOps uses, one
 * of its own headers, or a connectionData body.
 */
export function answersLikeAzureDevOps(headers: HeaderBag, json: unknown): boolean {
	const realm = headerValue(headers, 'www-authenticate') ?? '';
	return (
		/realm|Bearer|TFS-Federated|NTLM|Negotiate/i.test(realm) ||
		headerValue(headers, 'x-tfs-serviceerror') !== undefined ||
		headerValue(headers, 'x-vss-e2eid') !== undefined ||
		headerValue(headers, 'activityid') !== undefined ||
		str(obj(json).deploymentType) !== undefined
	);
}
