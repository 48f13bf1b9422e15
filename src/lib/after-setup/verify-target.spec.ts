import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { ProbeName, ProbeResponse, ProviderRecord, SetupDraft } from '$lib/domain';
import { sampleServerRecord, sampleServicesRecord } from '$lib/domain/provider-record.samples';
import type { AuditEntryInput } from '$lib/storage';
import {
	capabilitiesOk,
	connectionOk,
	discovery,
	ok,
	preflightOk
} from '$lib/domain/probe-responses.stubs';
import { decision } from '$lib/policy/decision.stubs';
import { createLiveSavedTargetMachine } from './after-setup.actors';
import { draftFromRecord, verifyTarget, type VerifyDeps } from './verify-target';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst';
const NOW = new Date('2026-11-26T22:00:00.000Z');

type Answers = Partial<Record<ProbeName, ProbeResponse<ProbeName>>>;

function fakes(
	opts: {
		answers?: Answers;
		canSave?: boolean;
		vaultFails?: boolean;
		record?: ProviderRecord | null;
	} = {}
) {
	const state = {
		record:
			opts.record === undefined
				? sampleServicesRecord({ last_verified_at: '2026-11-01T00:00:00.000Z' })
				: opts.record,
		audit: [] as AuditEntryInput[],
		requests: [] as unknown[],
		drafts: [] as SetupDraft[]
	};
	const answers: Answers = {
		connection: connectionOk,
		discovery: ok<'discovery'>(discovery),
		capabilities: capabilitiesOk,
		preflight: preflightOk,
		...opts.answers
	};
	const deps: VerifyDeps = {
		loadTarget: async () => state.record,
		openToken: async () => {
			if (opts.vaultFails) throw new Error(`vault refused ${TOKEN}`);
			return TOKEN;
		},
		probe: async (request) => {
			state.requests.push(request);
			return answers[request.probe] as never;
		},
		evaluate: async (draft) => {
			state.drafts.push(draft);
			return opts.canSave === false
				? decision([{ code: 'TICKET_EXPORT_MAPPING_REQUIRED' }])
				: decision([], true);
		},
		saveRecord: async (r) => {
			state.record = r;
		},
		appendAudit: async (e) => {
			state.audit.push(e);
		},
		now: () => NOW
	};
	return { deps, state };
}

const fail = (
	code: 'PROVIDER_AUTH_REQUIRED' | 'TICKET_EXPORT_MAPPING_REQUIRED' | 'PROVIDER_RATE_LIMITED',
	check: string
) =>
	({ ok: false, code, message: `m ${code}`, fix: `f ${code}`, check }) as ProbeResponse<ProbeName>;

describe('verifyTarget', () => {
	it('a pass refreshes last_verified_at, keeps it ready and audits target.verified', async () => {
		const { deps, state } = fakes();
		const outcome = await verifyTarget(deps, { target_id: 't1' });
		expect(outcome.status).toBe('ready');
		expect(state.record).toMatchObject({
			status: 'ready',
			blocked_code: null,
			last_verified_at: NOW.toISOString()
		});
		expect(state.audit).toEqual([
			expect.objectContaining({
				kind: 'target.verified',
				target_id: 't1',
				credential_fingerprint: 'sha256:0123456789abcdef'
			})
		]);
		expect(state.requests.map((r) => (r as { probe: string }).probe)).toEqual([
			'connection',
			'discovery',
			'capabilities',
			'preflight'
		]);
		expect(outcome.discovery?.data.project.name).toBe('Fabrikam Fiber');
	});

	it.each([
		[
			'revoked token',
			{ connection: fail('PROVIDER_AUTH_REQUIRED', 'auth') },
			'PROVIDER_AUTH_REQUIRED',
			1
		],
		[
			'renamed area',
			{ discovery: fail('TICKET_EXPORT_MAPPING_REQUIRED', 'area_path') },
			'TICKET_EXPORT_MAPPING_REQUIRED',
			2
		],
		[
			'rate limited',
			{ capabilities: fail('PROVIDER_RATE_LIMITED', 'rate') },
			'PROVIDER_RATE_LIMITED',
			3
		],
		[
			'newly required field',
			{ preflight: fail('TICKET_EXPORT_MAPPING_REQUIRED', 'Custom.SecurityOwner') },
			'TICKET_EXPORT_MAPPING_REQUIRED',
			4
		]
	] as const)(
		'%s blocks the saved target with its code and stops there',
		async (_l, answers, code, calls) => {
			const { deps, state } = fakes({ answers });
			const outcome = await verifyTarget(deps, { target_id: 't1' });
			expect(outcome).toMatchObject({ status: 'blocked', code });
			expect(state.record).toMatchObject({
				status: 'blocked',
				blocked_code: code,
				last_verified_at: '2026-11-01T00:00:00.000Z'
			});
			expect(state.audit).toEqual([
				expect.objectContaining({ kind: 'check.blocked', code, target_id: 't1' })
			]);
			expect(state.requests).toHaveLength(calls);
		}
	);

	it('the policy blocking (say, preflight found a required field) blocks with the rule code', async () => {
		const { deps, state } = fakes({ canSave: false });
		const outcome = await verifyTarget(deps, { target_id: 't1' });
		expect(outcome).toMatchObject({
			status: 'blocked',
			code: 'TICKET_EXPORT_MAPPING_REQUIRED',
			check: 'rule:test-ticket_export_mapping_required'
		});
		expect(state.record?.status).toBe('blocked');
	});

	it('a blocked target that passes again is ready again', async () => {
		const { deps, state } = fakes({
			record: sampleServicesRecord({ status: 'blocked', blocked_code: 'PROVIDER_AUTH_REQUIRED' })
		});
		await verifyTarget(deps, { target_id: 't1' });
		expect(state.record).toMatchObject({ status: 'ready', blocked_code: null });
	});

	it('an unreadable vault blocks with PROVIDER_AUTH_REQUIRED and sends nothing', async () => {
		const { deps, state } = fakes({ vaultFails: true });
		const outcome = await verifyTarget(deps, { target_id: 't1' });
		expect(outcome).toMatchObject({
			status: 'blocked',
			code: 'PROVIDER_AUTH_REQUIRED',
			check: 'vault'
		});
		expect(state.requests).toEqual([]);
	});

	it('the token goes only into probe requests: never into the record, audit, outcome or draft', async () => {
		for (const opts of [
			{},
			{ vaultFails: true },
			{ answers: { preflight: fail('TICKET_EXPORT_MAPPING_REQUIRED', 'x') } }
		]) {
			const { deps, state } = fakes(opts);
			const outcome = await verifyTarget(deps, { target_id: 't1' });
			expect(JSON.stringify([outcome, state.record, state.audit, state.drafts])).not.toContain(
				TOKEN
			);
		}
		const { deps, state } = fakes();
		await verifyTarget(deps, { target_id: 't1' });
		expect(JSON.stringify(state.requests)).toContain(TOKEN);
	});

	it('a deleted target is an error, not a block', async () => {
		const { deps } = fakes({ record: null });
		await expect(verifyTarget(deps, { target_id: 't1' })).rejects.toThrow('no longer exists');
	});

	it('sends the record mapping in the dry-run create', async () => {
		const { deps, state } = fakes({
			record: sampleServicesRecord({ area_path: 'Fabrikam Fiber\\Web' })
		});
		await verifyTarget(deps, { target_id: 't1' });
		expect(state.requests[3]).toMatchObject({
			probe: 'preflight',
			params: { work_item_type: 'Bug', area_path: 'Fabrikam Fiber\\Web' }
		});
	});
});

describe('draftFromRecord', () => {
	it('Server keeps base_url and allowlist_status; saved attestations and acknowledgements carry over', () => {
		const saved = {
			attestations: { owns_server: true, api_reachable: true, scan_export_authorized: true },
			broad_scopes_acknowledged: true
		} as SetupDraft;
		const d = draftFromRecord(sampleServerRecord(), saved);
		expect(d).toMatchObject({
			base_url: 'https://devops.example.com/tfs/DefaultCollection',
			allowlist_status: 'allowlisted',
			broad_scopes_acknowledged: true,
			results: {}
		});
		expect(draftFromRecord(sampleServicesRecord()).base_url).toBeUndefined();
	});
});

describe('savedTargetMachine', () => {
	it('loads, verifies on request and keeps the outcome', async () => {
		const { deps } = fakes({ answers: { connection: fail('PROVIDER_AUTH_REQUIRED', 'auth') } });
		const actor = createActor(createLiveSavedTargetMachine(deps), {
			input: { target_id: 't1' }
		}).start();
		await waitFor(actor, (s) => s.matches('idle'));
		expect(actor.getSnapshot().context.record?.status).toBe('ready');
		actor.send({ type: 'verify.requested' });
		expect(actor.getSnapshot().hasTag('busy')).toBe(true);
		const done = await waitFor(actor, (s) => s.matches('idle'));
		expect(done.context.outcome).toMatchObject({
			status: 'blocked',
			code: 'PROVIDER_AUTH_REQUIRED'
		});
		expect(done.context.record?.blocked_code).toBe('PROVIDER_AUTH_REQUIRED');
		actor.stop();
	});

	it('a missing target lands in missing; verify is refused there', async () => {
		const { deps, state } = fakes({ record: null });
		const actor = createActor(createLiveSavedTargetMachine(deps), {
			input: { target_id: 't1' }
		}).start();
		await waitFor(actor, (s) => s.matches('missing'));
		actor.send({ type: 'verify.requested' });
		expect(actor.getSnapshot().matches('missing')).toBe(true);
		expect(state.requests).toEqual([]);
		actor.stop();
	});
});
