import type { ProbeCredential } from '$lib/domain/probe.schema';

/**
 * Authorization for Azure DevOps: a PAT travels as Basic with an empty user name (sent as
 * Bearer it fails with TF400813 user ''), an OAuth/Entra access token as Bearer.
 */
export function authorizationHeader(credential: ProbeCredential): string {
	if (credential.auth_method === 'pat') {
		return `Basic ${Buffer.from(`:${credential.token}`, 'utf8').toString('base64')}`;
	}
	return `Bearer ${credential.token}`;
}

/** Headers every call carries: no sign-in redirects, JSON only. */
export function baseHeaders(credential?: ProbeCredential): Record<string, string> {
	return {
		accept: 'application/json',
		'x-tfs-fedauthredirect': 'Suppress',
		...(credential ? { authorization: authorizationHeader(credential) } : {})
	};
}

/** Every form a token can take in an outgoing request, for log redaction. */
export function secretForms(credential?: ProbeCredential): string[] {
	if (!credential) return [];
	const { token } = credential;
	return [
		token,
		Buffer.from(`:${token}`, 'utf8').toString('base64'),
		Buffer.from(token, 'utf8').toString('base64'),
		encodeURIComponent(token)
	];
}
