import type { SetupDraft } from '$lib/domain';
import type { SetupDecision } from '$lib/policy/evaluate';
import type { ReadinessFlag } from '$lib/policy/rule-file.schema';

type Row = ReadinessFlag | 'can_save';

/** The policy's readiness flags and can_save, labelled, in the order the review step lists them. */
const READINESS_LABEL = {
	services_ready: 'Azure DevOps Services ready',
	server_ready: 'Azure DevOps Server ready',
	project_ready: 'Project ready',
	field_mapping_ready: 'Field mapping ready',
	network_ready: 'Network ready',
	can_save: 'Can save'
} as const satisfies Record<Row, string>;

const ROWS = Object.keys(READINESS_LABEL) as Row[];

/** The decision's readiness flags, labelled; Services/Server only for the chosen provider. */
export function readinessRows(
	decision: Partial<Pick<SetupDecision, Row>> | null,
	provider_key: SetupDraft['provider_key']
): Array<{ flag: Row; label: string; ready: boolean }> {
	return ROWS.filter(
		(flag) =>
			!(flag === 'services_ready' && provider_key === 'azure_devops_server') &&
			!(flag === 'server_ready' && provider_key !== 'azure_devops_server')
	).map((flag) => ({ flag, label: READINESS_LABEL[flag], ready: decision?.[flag] === true }));
}
