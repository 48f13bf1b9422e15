import { z } from './zod-mini';
import type { StepId } from './steps';

/** Every blocked code the setup can produce (docs/architecture.md §5). */
export const BLOCKED_CODES = [
	'PROVIDER_AUTH_REQUIRED',
	'PROVIDER_BASE_URL_BLOCKED',
	'PROVIDER_SCOPE_UNAVAILABLE',
	'PROVIDER_ORGANIZATION_REQUIRED',
	'PROVIDER_PROJECT_REQUIRED',
	'PROVIDER_BASE_URL_UNREACHABLE',
	'PROVIDER_TLS_UNTRUSTED',
	'PROVIDER_API_VERSION_UNSUPPORTED',
	'PROVIDER_RATE_LIMITED',
	'PROVIDER_CREDENTIAL_TOO_BROAD',
	'TICKET_EXPORT_MAPPING_REQUIRED'
] as const;

export const blockedCodeSchema = z.enum(BLOCKED_CODES);
export type BlockedCode = z.infer<typeof blockedCodeSchema>;

export interface CodeEntry {
	/** What happened, in the admin's words. */
	message: string;
	/** What the customer can fix next. */
	fix: string;
	/** The wizard step where the fix is made. */
	step: StepId;
	/** True when waiting alone can clear it (nothing to change). */
	temporary: boolean;
	/** True when the portable fallback should be offered while it stands. */
	offers_fallback: boolean;
}

/** The one place each code's message and "fix next" text is written. */
export const CODE_CATALOGUE: Record<BlockedCode, CodeEntry> = {
	PROVIDER_AUTH_REQUIRED: {
		message:
			'Azure DevOps did not accept the credential: it is missing, invalid, expired or revoked.',
		fix: 'Reconnect OAuth or paste a new personal access token, then run the check again. The target stays blocked until a valid credential passes.',
		step: 'credential',
		temporary: false,
		offers_fallback: false
	},
	PROVIDER_BASE_URL_BLOCKED: {
		message:
			'The Azure DevOps URL failed an ownership, scheme, port, host, DNS, reserved-IP, private-network or redirect check.',
		fix: 'Enter the HTTPS collection URL of a server the customer owns. For a private-network server, ask the WebRiskOps operator to add it to the outbound allowlist, or use the portable fallback.',
		step: 'base_url',
		temporary: false,
		offers_fallback: true
	},
	PROVIDER_SCOPE_UNAVAILABLE: {
		message: 'The credential cannot read project metadata, create work items or update work items.',
		fix: 'Create a token with Work Items (Read & write) and Project and Team (Read), or ask a project administrator for Contributor access to the chosen area, then check again. Otherwise use the portable fallback.',
		step: 'scopes',
		temporary: false,
		offers_fallback: true
	},
	PROVIDER_ORGANIZATION_REQUIRED: {
		message:
			'No Azure DevOps organization or collection is chosen, so export cannot place a work item.',
		fix: 'Enter the customer-owned organization (Services) or the collection URL (Server).',
		step: 'organization',
		temporary: false,
		offers_fallback: false
	},
	PROVIDER_PROJECT_REQUIRED: {
		message: 'No Azure DevOps project is chosen, so export cannot place a work item.',
		fix: 'Pick the project that will receive work items from the list the credential can see.',
		step: 'project',
		temporary: false,
		offers_fallback: false
	},
	PROVIDER_BASE_URL_UNREACHABLE: {
		message:
			'The Azure DevOps server could not be reached: the connection timed out, was refused or was filtered.',
		fix: 'Open the firewall, VPN or approved tunnel from WebRiskOps to the server, set the network path, then check again.',
		step: 'network',
		temporary: false,
		offers_fallback: true
	},
	PROVIDER_TLS_UNTRUSTED: {
		message:
			"The server's TLS certificate is not trusted: a private certificate authority or a host name mismatch.",
		fix: 'Serve a certificate whose name matches the URL, or ask the WebRiskOps operator to add the private CA with WEBRISKOPS_EXTRA_CA_CERTS.',
		step: 'base_url',
		temporary: false,
		offers_fallback: true
	},
	PROVIDER_API_VERSION_UNSUPPORTED: {
		message:
			'This server is older than Azure DevOps Server 2019 (REST API 5.0), which WebRiskOps needs.',
		fix: 'Upgrade the server to Azure DevOps Server 2019 or later, or use the portable fallback.',
		step: 'connection',
		temporary: false,
		offers_fallback: true
	},
	PROVIDER_RATE_LIMITED: {
		message: 'Azure DevOps is throttling requests from this credential for now.',
		fix: 'Wait until the time shown, then check again. Nothing needs to change.',
		step: 'connection',
		temporary: true,
		offers_fallback: false
	},
	PROVIDER_CREDENTIAL_TOO_BROAD: {
		message:
			'The credential can do more than work item export needs (a global or full-access token, or unrelated scopes).',
		fix: 'Create a token limited to this organization with only Work Items (Read & write) and Project and Team (Read). A global token is always refused; other extra access can be acknowledged.',
		step: 'scopes',
		temporary: false,
		offers_fallback: false
	},
	TICKET_EXPORT_MAPPING_REQUIRED: {
		message:
			'The work item mapping does not fit the project: a type, required field, area, iteration, priority or assignee is missing or not allowed.',
		fix: 'Review the mapping field named below, choose an allowed value, and run the dry-run create again.',
		step: 'mapping',
		temporary: false,
		offers_fallback: true
	}
};

export function describeCode(code: BlockedCode): CodeEntry & { code: BlockedCode } {
	return { code, ...CODE_CATALOGUE[code] };
}
