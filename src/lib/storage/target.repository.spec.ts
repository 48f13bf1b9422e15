import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderRecord } from '$lib/domain';
import { openSetupDb } from './db';
import type { SetupDb, VaultRecord } from './db.schema';
import { createAuditRepository } from './audit.repository';
import { createTargetRepository } from './target.repository';
import { hasCredential, openCredential, prepareCredential, sealCredential } from './vault';
import { dumpContains, dumpDatabase, freshDbName } from './storage-test-support';
import { sampleServicesRecord } from '$lib/domain/provider-record.samples';

const AT = '2026-11-26T10:00:00.000Z';
const TOKEN = 'target-spec-token-0f9e8d7c6b5a4321';

function record(id: string, overrides: Partial<ProviderRecord> = {}): ProviderRecord {
	return sampleServicesRecord({
		id,
		organization: 'contoso',
		base_url: 'https://dev.azure.com/contoso',
		...overrides
	});
}

let db: SetupDb;
beforeEach(async () => {
	db = await openSetupDb(freshDbName('targets'));
});
afterEach(() => db.close());

const targets = () =>
	createTargetRepository(db, { now: () => new Date('2026-11-26T11:00:00.000Z') });

describe('target repository', () => {
	it('saves, loads and lists provider records', async () => {
		await targets().save(record('t1'));
		await targets().save(record('t2', { project: 'Other' }));
		expect(await targets().load('t1')).toEqual({ status: 'ok', record: record('t1') });
		expect(await targets().load('nope')).toEqual({ status: 'none' });
		expect((await targets().list()).map((r) => r.id).sort()).toEqual(['t1', 't2']);
	});

	it('overwrites a record on save (verify, rotate)', async () => {
		await targets().save(record('t1'));
		await targets().save(
			record('t1', { status: 'blocked', blocked_code: 'PROVIDER_AUTH_REQUIRED' })
		);
		expect(await targets().load('t1')).toMatchObject({
			status: 'ok',
			record: { status: 'blocked', blocked_code: 'PROVIDER_AUTH_REQUIRED' }
		});
	});

	it.each([
		[
			'Server with OAuth',
			record('t1', {
				provider_key: 'azure_devops_server',
				deployment_mode: 'self-hosted',
				auth_method: 'oauth'
			})
		],
		['a missing project', { ...record('t1'), project: '' }],
		['a bad fingerprint', record('t1', { credential_fingerprint: 'abc' })]
	])('refuses an invalid record (%s) and writes nothing', async (_label, bad) => {
		await expect(targets().save(bad)).rejects.toThrow(/Refused to store the target/);
		expect(await db.count('targets')).toBe(0);
	});

	it('refuses a record that carries a secret field', async () => {
		const bad = { ...record('t1'), access_token: TOKEN } as ProviderRecord;
		const error = (await targets()
			.save(bad)
			.catch((e: unknown) => e)) as Error;
		expect(error.message).toMatch(/field named like a secret/);
		expect(error.message).not.toContain(TOKEN);
		expect(await db.count('targets')).toBe(0);
	});

	it('reports a corrupt or old-format record as corrupt, and lists only readable ones', async () => {
		await targets().save(record('good'));
		await db.put('targets', { id: 'old', provider: 'azure', org: 'contoso' });
		const loaded = await targets().load('old');
		expect(loaded.status).toBe('corrupt');
		expect(loaded.status === 'corrupt' ? loaded.message : '').toMatch(
			/damaged or from an older format/
		);
		expect((await targets().list()).map((r) => r.id)).toEqual(['good']);
		const { records, corrupt } = await targets().inspect();
		expect(records.map((r) => r.id)).toEqual(['good']);
		expect(corrupt).toEqual([{ id: 'old', message: expect.stringContaining('older format') }]);
	});

	it('deletes the record, wipes its credential and appends target.deleted in one flow', async () => {
		const { credential_fingerprint } = await sealCredential(db, 't1', TOKEN);
		await targets().save(record('t1', { credential_fingerprint }));
		await sealCredential(db, 't2', 'other-token');
		await targets().save(record('t2'));
		const sealed = (await db.get('vault', 't1')) as VaultRecord;

		const entry = await targets().delete('t1', 'Removed by admin');
		expect(entry).toMatchObject({
			kind: 'target.deleted',
			target_id: 't1',
			credential_fingerprint,
			at: '2026-11-26T11:00:00.000Z',
			detail: 'Removed by admin'
		});

		expect(await targets().load('t1')).toEqual({ status: 'none' });
		expect(await hasCredential(db, 't1')).toBe(false);
		expect(dumpContains(await dumpDatabase(db), sealed.ciphertext)).toBe(false);
		expect(await hasCredential(db, 't2')).toBe(true);
		const { entries } = await createAuditRepository(db).list('t1');
		expect(entries.map((e) => e.kind)).toEqual(['target.deleted']);
	});

	it('deletes a corrupt record too, taking the fingerprint from the vault', async () => {
		const { credential_fingerprint } = await sealCredential(db, 'old', TOKEN);
		await db.put('targets', { id: 'old', provider: 'azure' });
		expect(await targets().delete('old')).toMatchObject({
			kind: 'target.deleted',
			credential_fingerprint
		});
		expect(await hasCredential(db, 'old')).toBe(false);
	});

	it('writes nothing when the target does not exist', async () => {
		await sealCredential(db, 'ghost', TOKEN);
		expect(await targets().delete('ghost')).toBeNull();
		expect(await hasCredential(db, 'ghost')).toBe(true);
		expect(await db.count('audit')).toBe(0);
	});

	it('deletes nothing when the audit entry is refused', async () => {
		await sealCredential(db, 't1', TOKEN);
		await targets().save(record('t1'));
		const guarded = createTargetRepository(db, { isSecret: (s) => s === TOKEN });
		await expect(guarded.delete('t1', TOKEN)).rejects.toThrow(/live secret/);
		expect(await targets().load('t1')).toMatchObject({ status: 'ok' });
		expect(await hasCredential(db, 't1')).toBe(true);
		expect(await db.count('audit')).toBe(0);
	});

	it('saves a target with its sealed credential and audit entry in one transaction', async () => {
		const sealed = await prepareCredential(db, 't1', TOKEN);
		expect(await hasCredential(db, 't1')).toBe(false);
		const entry = await targets().saveWithCredential(
			record('t1', { credential_fingerprint: sealed.credential_fingerprint }),
			sealed,
			{
				kind: 'target.saved',
				at: AT,
				target_id: 't1',
				credential_fingerprint: sealed.credential_fingerprint
			}
		);
		expect(entry).toMatchObject({ kind: 'target.saved', seq: 1 });
		expect(await targets().load('t1')).toMatchObject({ status: 'ok' });
		expect(await openCredential(db, 't1')).toBe(TOKEN);
		expect(dumpContains(await dumpDatabase(db), new TextEncoder().encode(TOKEN))).toBe(false);
	});

	it.each([
		[
			'an invalid record',
			async () => ({
				rec: { ...record('t1'), project: '' },
				cred: await prepareCredential(db, 't1', TOKEN)
			})
		],
		[
			'a credential sealed for another target',
			async () => {
				const cred = await prepareCredential(db, 'other', TOKEN);
				return { rec: record('t1', { credential_fingerprint: cred.credential_fingerprint }), cred };
			}
		],
		[
			'a fingerprint that does not match',
			async () => ({ rec: record('t1'), cred: await prepareCredential(db, 't1', TOKEN) })
		]
	])('writes nothing for %s', async (_label, arrange) => {
		const { rec, cred } = await arrange();
		await expect(
			targets().saveWithCredential(rec, cred, { kind: 'target.saved', at: AT, target_id: 't1' })
		).rejects.toThrow(/Refused to store the target/);
		expect([await db.count('targets'), await db.count('vault'), await db.count('audit')]).toEqual([
			0, 0, 0
		]);
	});

	it('appends several entries in order with the target (created, then saved)', async () => {
		const sealed = await prepareCredential(db, 't1', TOKEN);
		const fp = sealed.credential_fingerprint;
		const last = await targets().saveWithCredential(
			record('t1', { credential_fingerprint: fp }),
			sealed,
			[
				{ kind: 'target.created', at: AT, target_id: 't1', credential_fingerprint: fp },
				{ kind: 'target.saved', at: AT, target_id: 't1', credential_fingerprint: fp }
			]
		);
		expect(last).toMatchObject({ kind: 'target.saved', seq: 2 });
		expect((await db.getAll('audit')).map((e) => e.kind)).toEqual([
			'target.created',
			'target.saved'
		]);
		await expect(
			targets().saveWithCredential(record('t1', { credential_fingerprint: fp }), sealed, [])
		).rejects.toThrow(/audit entry is missing/);
	});

	it('writes nothing when the audit entry is refused or names another target', async () => {
		const cred = await prepareCredential(db, 't1', TOKEN);
		const rec = record('t1', { credential_fingerprint: cred.credential_fingerprint });
		await expect(
			targets().saveWithCredential(rec, cred, { kind: 'target.saved', at: 'now', target_id: 't1' })
		).rejects.toThrow(/audit entry/);
		await expect(
			targets().saveWithCredential(rec, cred, { kind: 'target.saved', at: AT, target_id: 't2' })
		).rejects.toThrow(/another target/);
		expect([await db.count('targets'), await db.count('vault'), await db.count('audit')]).toEqual([
			0, 0, 0
		]);
	});
});
