import { describe, expect, it } from 'vitest';
import type { ProbeName, ProbeResponse, ProviderRecord } from '$lib/domain';
import { sampleServicesRecord } from '$lib/domain/provider-record.samples';
import type { AuditEntryInput } from '$lib/storage';
import {
	capabilitiesOk,
	connectionOk,
	discovery,
	ok,
	preflightOk
} from '$lib/domain/probe-responses.stubs';
import { decision } from '$lib/policy/decision.stubs';
import { rotateCredential, type RotateDeps } from './rotate-credential';

const NEW_TOKEN = 'newtokennewtokennewtokennewtokennewtokennewtoken2345';
const NOW = new Date('2026-11-26T22:00:00.000Z');
const NEW_FP = 'sha256:fedcba9876543210';

function fakes(
	opts: { connection?: ProbeResponse<ProbeName>; start?: Partial<ProviderRecord> } = {}
) {
	const state = {
		record: sampleServicesRecord({
			status: 'blocked',
			blocked_code: 'PROVIDER_AUTH_REQUIRED',
			...opts.start
		}),
		sealed: [] as { record: ProviderRecord; token: string; audit: AuditEntryInput }[],
		audit: [] as AuditEntryInput[],
		tokensSent: [] as string[]
	};
	const answers: Partial<Record<ProbeName, ProbeResponse<ProbeName>>> = {
		connection: opts.connection ?? connectionOk,
		discovery: ok<'discovery'>(discovery),
		capabilities: capabilitiesOk,
		preflight: preflightOk
	};
	const deps: RotateDeps = {
		loadTarget: async () => state.record,
		probe: async (request) => {
			if ('credential' in request && request.credential)
				state.tokensSent.push(request.credential.token);
			return answers[request.probe] as never;
		},
		evaluate: async () => decision([], true),
		appendAudit: async (e) => {
			state.audit.push(e);
		},
		sealAndSave: async (record, token, audit) => {
			state.sealed.push({
				record: { ...record, credential_fingerprint: NEW_FP },
				token,
				audit: audit(NEW_FP)
			});
			state.record = { ...record, credential_fingerprint: NEW_FP };
			return NEW_FP;
		},
		now: () => NOW
	};
	return { deps, state };
}

describe('rotateCredential', () => {
	it('a passing new token is sealed in place: same target and mapping, ready, credential.rotated with both fingerprints', async () => {
		const { deps, state } = fakes();
		const before = state.record;
		const outcome = await rotateCredential(deps, {
			target_id: before.id,
			token: NEW_TOKEN,
			token_expires_at: '2027-02-01T00:00:00.000Z'
		});
		expect(outcome).toMatchObject({
			status: 'rotated',
			old_fingerprint: before.credential_fingerprint,
			new_fingerprint: NEW_FP
		});
		expect(state.tokensSent.every((t) => t === NEW_TOKEN)).toBe(true);
		expect(state.sealed).toHaveLength(1);
		const saved = state.sealed[0];
		expect(saved?.token).toBe(NEW_TOKEN);
		expect(saved?.record).toMatchObject({
			id: before.id,
			status: 'ready',
			blocked_code: null,
			work_item_type: before.work_item_type,
			area_path: before.area_path,
			token_expires_at: '2027-02-01T00:00:00.000Z'
		});
		expect(saved?.audit).toEqual({
			kind: 'credential.rotated',
			at: NOW.toISOString(),
			target_id: before.id,
			credential_fingerprint: NEW_FP,
			detail: {
				old_fingerprint: before.credential_fingerprint,
				new_fingerprint: NEW_FP,
				checks: 'connection,discovery,capabilities,preflight'
			}
		});
		expect(JSON.stringify(saved?.audit)).not.toContain(NEW_TOKEN);
	});

	it.each([
		[
			'blocked target',
			{ status: 'blocked' as const, blocked_code: 'PROVIDER_AUTH_REQUIRED' as const }
		],
		['ready target', { status: 'ready' as const, blocked_code: null }]
	])(
		'a failing new token changes nothing on a %s: no seal, check.blocked audited',
		async (_name, start) => {
			const { deps, state } = fakes({
				start,
				connection: {
					ok: false,
					code: 'PROVIDER_AUTH_REQUIRED',
					message: 'm',
					fix: 'f',
					check: 'credential-expired'
				} as ProbeResponse<ProbeName>
			});
			const before = state.record;
			const outcome = await rotateCredential(deps, {
				target_id: before.id,
				token: NEW_TOKEN,
				token_expires_at: null
			});
			expect(outcome).toMatchObject({ status: 'blocked', code: 'PROVIDER_AUTH_REQUIRED' });
			expect(state.sealed).toEqual([]);
			expect(state.record).toBe(before);
			expect(state.audit).toEqual([
				expect.objectContaining({
					kind: 'check.blocked',
					code: 'PROVIDER_AUTH_REQUIRED',
					credential_fingerprint: before.credential_fingerprint,
					detail: { action: 'rotate', check: 'probe:connection:credential-expired' }
				})
			]);
		}
	);
});
