/**
 * A policy decision for specs that drive the chart or the after-setup checks without the rules
 * engine: the given blocked codes, with the catalogue's message, fix and step. Test code only.
 */
import { CODE_CATALOGUE, type BlockedCode, type StepId } from '$lib/domain';
import type { SetupDecision } from './evaluate';

export function decision(
	blocked: Array<{ code: BlockedCode; step?: StepId }> = [],
	can_save = false
): SetupDecision {
	return {
		services_ready: false,
		server_ready: false,
		project_ready: false,
		field_mapping_ready: false,
		network_ready: false,
		can_save,
		blocked: blocked.map((b) => ({
			code: b.code,
			rule_id: `test-${b.code.toLowerCase()}`,
			message: CODE_CATALOGUE[b.code].message,
			fix: CODE_CATALOGUE[b.code].fix,
			step: b.step ?? CODE_CATALOGUE[b.code].step
		})),
		trace: []
	} as unknown as SetupDecision;
}
