import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSetupDb } from './db';
import type { SetupDb } from './db.schema';
import { createAuditRepository } from './audit.repository';
import { AUDIT_KINDS, type AuditEntryInput } from './audit.schema';
import { SECRET_KEY_NAMES } from './secret-guard';
import { freshDbName } from './storage-test-support';

const AT = '2026-11-26T10:00:00.000Z';
const FP = 'sha256:0123456789abcdef';
const LIVE = 'audit-live-token-9a8b7c6d5e4f';

let db: SetupDb;
beforeEach(async () => {
	db = await openSetupDb(freshDbName('audit'));
});
afterEach(() => db.close());

const audit = () => createAuditRepository(db, { isSecret: (s) => s === LIVE });

describe('audit repository', () => {
	it.each(AUDIT_KINDS)('appends and lists a %s entry', async (kind) => {
		const entry = {
			kind,
			at: AT,
			target_id: 't1',
			credential_fingerprint: FP,
			code: 'PROVIDER_AUTH_REQUIRED'
		} as AuditEntryInput;
		const stored = await audit().append(entry);
		expect(stored).toEqual({ ...entry, seq: 1 });
		expect((await audit().list('t1')).entries).toEqual([stored]);
	});

	it("lists one target's history in append order", async () => {
		const a = audit();
		await a.append({ kind: 'target.created', at: '2026-11-26T10:00:02.000Z', target_id: 't1' });
		await a.append({
			kind: 'check.blocked',
			at: '2026-11-26T10:00:01.000Z',
			target_id: 't1',
			code: 'PROVIDER_SCOPE_UNAVAILABLE',
			detail: { probe: 'capabilities' }
		});
		await a.append({ kind: 'target.created', at: AT, target_id: 't2' });
		await a.append({
			kind: 'check.passed',
			at: '2026-11-26T10:00:03.000Z',
			target_id: 't1',
			detail: 'connection'
		});
		const { entries, unreadable } = await a.list('t1');
		expect(entries.map((e) => [e.seq, e.kind])).toEqual([
			[1, 'target.created'],
			[2, 'check.blocked'],
			[4, 'check.passed']
		]);
		expect(unreadable).toEqual([]);
		expect((await a.list('nobody')).entries).toEqual([]);
	});

	it.each([
		['check.blocked without a code', { kind: 'check.blocked', at: AT, target_id: 't1' }],
		['an unknown kind', { kind: 'target.renamed', at: AT, target_id: 't1' }],
		[
			'a code outside the catalogue',
			{ kind: 'check.blocked', at: AT, target_id: 't1', code: 'SOMETHING_ELSE' }
		],
		['a non-ISO time', { kind: 'target.saved', at: 'yesterday', target_id: 't1' }],
		['an unknown field', { kind: 'target.saved', at: AT, target_id: 't1', note: 'x' }],
		[
			'a malformed fingerprint',
			{ kind: 'target.saved', at: AT, target_id: 't1', credential_fingerprint: 'abc' }
		],
		['a nested detail', { kind: 'target.saved', at: AT, target_id: 't1', detail: { a: { b: 1 } } }]
	])('refuses %s and writes nothing', async (_label, entry) => {
		await expect(audit().append(entry as AuditEntryInput)).rejects.toThrow(
			/Refused to append the audit entry/
		);
		expect(await db.count('audit')).toBe(0);
	});

	it.each(SECRET_KEY_NAMES)('refuses a detail key named %s', async (key) => {
		const entry = {
			kind: 'check.passed',
			at: AT,
			target_id: 't1',
			detail: { [key]: 'x' }
		} as AuditEntryInput;
		await expect(audit().append(entry)).rejects.toThrow(/field named like a secret/);
		expect(await db.count('audit')).toBe(0);
	});

	it.each([
		['detail text', { kind: 'check.passed', at: AT, target_id: 't1', detail: LIVE }],
		['a detail value', { kind: 'check.passed', at: AT, target_id: 't1', detail: { probe: LIVE } }],
		['the target id', { kind: 'check.passed', at: AT, target_id: LIVE }]
	])('refuses a live secret in %s without echoing it', async (_label, entry) => {
		const error = (await audit()
			.append(entry as AuditEntryInput)
			.catch((e: unknown) => e)) as Error;
		expect(error.message).toMatch(/live secret/);
		expect(error.message).not.toContain(LIVE);
		expect(await db.count('audit')).toBe(0);
	});

	it('offers no way to change or remove an entry', () => {
		expect(Object.keys(audit()).sort()).toEqual(['append', 'exportJson', 'list']);
	});

	it('lists an unreadable stored entry instead of hiding it', async () => {
		await audit().append({ kind: 'target.saved', at: AT, target_id: 't1' });
		await db.add('audit', { kind: 'mystery', at: AT, target_id: 't1' });
		const { entries, unreadable } = await audit().list('t1');
		expect(entries).toHaveLength(1);
		expect(unreadable).toEqual([
			{ seq: 2, message: expect.stringContaining('audit entry 2 is unreadable') }
		]);
	});

	it('exports stable, pretty JSON regardless of how entries were written', async () => {
		const a = audit();
		await a.append({ kind: 'target.saved', at: AT, target_id: 't1', credential_fingerprint: FP });
		await a.append({
			detail: { z: 1, a: 'first' },
			code: 'PROVIDER_RATE_LIMITED',
			target_id: 't1',
			at: AT,
			kind: 'check.blocked'
		});
		const json = await a.exportJson('t1');
		expect(json).toBe(await a.exportJson('t1'));
		expect(json).toBe(
			`${JSON.stringify(
				{
					target_id: 't1',
					entries: [
						{
							seq: 1,
							kind: 'target.saved',
							at: AT,
							target_id: 't1',
							credential_fingerprint: FP,
							code: null,
							detail: null
						},
						{
							seq: 2,
							kind: 'check.blocked',
							at: AT,
							target_id: 't1',
							credential_fingerprint: null,
							code: 'PROVIDER_RATE_LIMITED',
							detail: { a: 'first', z: 1 }
						}
					],
					unreadable: []
				},
				null,
				2
			)}\n`
		);
	});
});
