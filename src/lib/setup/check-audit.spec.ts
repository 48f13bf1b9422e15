import { describe, expect, it } from 'vitest';
import type { ProbeResults } from '$lib/domain/draft.schema';
import { auditEntrySchema } from '$lib/storage/audit.schema';
import { checkAuditEntries } from './check-audit';

const T1 = '2026-11-26T10:00:00.000Z';
const T2 = '2026-11-26T10:01:00.000Z';
const connectionOk = {
	ok: true,
	at: T1,
	data: {
		user: { id: 'u', display_name: 'A' },
		deployment_type: 'hosted',
		instance_id: 'i',
		api_version: '7.1',
		credential_global: false,
		credential_too_broad: false
	}
};
const projectsBlocked = {
	ok: false,
	at: T2,
	code: 'PROVIDER_SCOPE_UNAVAILABLE',
	message: 'm',
	fix: 'f',
	check: 'scope-missing'
};

describe('checkAuditEntries', () => {
	it.each([
		['nothing new', { connection: connectionOk }, { connection: connectionOk }, []],
		[
			'a pass',
			{},
			{ connection: connectionOk },
			[
				{
					kind: 'check.passed',
					at: T1,
					target_id: 'd',
					detail: { step: 'setup', probe: 'connection' }
				}
			]
		],
		[
			'a block with its code and check',
			{ connection: connectionOk },
			{ connection: connectionOk, projects: projectsBlocked },
			[
				{
					kind: 'check.blocked',
					at: T2,
					target_id: 'd',
					code: 'PROVIDER_SCOPE_UNAVAILABLE',
					detail: { step: 'setup', probe: 'projects', check: 'scope-missing' }
				}
			]
		],
		[
			'a rerun of the same probe (new at)',
			{ connection: connectionOk },
			{ connection: { ...connectionOk, at: T2 } },
			[
				{
					kind: 'check.passed',
					at: T2,
					target_id: 'd',
					detail: { step: 'setup', probe: 'connection' }
				}
			]
		]
	])('%s', (_name, prev, next, expected) => {
		const entries = checkAuditEntries(prev as ProbeResults, next as ProbeResults, 'd');
		expect(entries).toEqual(expected);
		// Every entry passes the strict audit schema (no data, no message, no token field).
		for (const e of entries) expect(auditEntrySchema.safeParse(e).success).toBe(true);
	});
});
