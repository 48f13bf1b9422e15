// Checks whose own wording replaces their code's general sentences: the code keeps the step and
// the fallback offer, the check says what was actually observed.

export interface CheckText {
	message: string;
	fix: string;
}

export const CHECK_CATALOGUE = {
	/** One answer for refused, reset, timed out and unresolvable: the detail stays in the server log. */
	unreachable: {
		message:
			'The Azure DevOps server could not be reached: the connection failed, was refused, reset, timed out or was filtered.',
		fix: 'Open the firewall, VPN or approved tunnel from WebRiskOps to the server, set the network path, then check again.'
	},
	'budget-exceeded': {
		message:
			'The Azure DevOps server answered with more than WebRiskOps reads for one check (too many bytes, requests, fields or classification nodes, or a tree deeper than Azure DevOps allows).',
		fix: 'Check that the URL points at a genuine Azure DevOps server; if it does, ask the WebRiskOps operator, or use the portable fallback.'
	},
	'response-too-large': {
		message:
			'The Azure DevOps server sent an answer larger than Azure DevOps sends for that request.',
		fix: 'Check that the URL points at a genuine Azure DevOps server; if it does, ask the WebRiskOps operator, or use the portable fallback.'
	},
	'malformed-response': {
		message:
			'The server answered, but not as Azure DevOps does: the answer was not JSON of the expected shape.',
		fix: 'Check that the URL points at the Azure DevOps collection itself, not at a proxy or sign-in page in front of it, then check again.'
	},
	'probe-time-limit': {
		message: 'The Azure DevOps server did not finish answering within the time limit of one check.',
		fix: 'Check again; if it stays slow, check the network path to the server or ask the WebRiskOps operator to raise WEBRISKOPS_PROBE_TIMEOUT_MS.'
	}
} as const satisfies Record<string, CheckText>;

type CatalogueCheck = keyof typeof CHECK_CATALOGUE;

/** The check's own wording, when it has one. */
export function checkText(check: string | undefined): CheckText | undefined {
	return check !== undefined && Object.hasOwn(CHECK_CATALOGUE, check)
		? CHECK_CATALOGUE[check as CatalogueCheck]
		: undefined;
}
