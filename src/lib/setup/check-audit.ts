import { PROBE_NAMES, type ProbeName } from '$lib/domain';
import type { ProbeResults } from '$lib/domain/draft.schema';
import type { AuditEntryInput } from '$lib/storage';

/**
 * Audit entries for the checks the wizard ran since the last persisted draft: each new probe
 * outcome (a new `at`) becomes `check.passed` or `check.blocked` with its code. Only the probe
 * name, code and check id are kept: never data, messages or anything typed by the admin.
 */
export function checkAuditEntries(
	previous: ProbeResults | undefined,
	next: ProbeResults,
	target_id: string
): AuditEntryInput[] {
	const out: AuditEntryInput[] = [];
	for (const probe of PROBE_NAMES as readonly ProbeName[]) {
		const r = next[probe];
		if (!r || previous?.[probe]?.at === r.at) continue;
		if (r.ok)
			out.push({ kind: 'check.passed', at: r.at, target_id, detail: { step: 'setup', probe } });
		else
			out.push({
				kind: 'check.blocked',
				at: r.at,
				target_id,
				code: r.code,
				detail: {
					step: 'setup',
					probe,
					...('check' in r && typeof r.check === 'string' ? { check: r.check } : {})
				}
			});
	}
	return out.sort((a, b) => a.at.localeCompare(b.at));
}
