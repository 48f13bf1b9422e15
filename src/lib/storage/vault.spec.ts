import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialFingerprint } from '$lib/domain';
import { openSetupDb } from './db';
import type { SetupDb, VaultRecord } from './db.schema';
import {
	credentialFingerprintOf,
	hasCredential,
	openCredential,
	sealCredential,
	VAULT_KEY_ID,
	VaultError,
	wipeCredential
} from './vault';
import { dumpContains, dumpDatabase, freshDbName } from './storage-test-support';

const TOKEN = 'pat-4kq7zv2m9x8w3n5r1t6y0u2i4o8p7a3s5d9f1g6h2j0k4l8';
const enc = (s: string) => new TextEncoder().encode(s);

let db: SetupDb;
let name: string;
beforeEach(async () => {
	name = freshDbName('vault');
	db = await openSetupDb(name);
});
afterEach(() => db.close());

describe('vault', () => {
	it('seals and opens a token, returning its fingerprint', async () => {
		const { credential_fingerprint } = await sealCredential(db, 't1', TOKEN);
		expect(credential_fingerprint).toBe(await credentialFingerprint(TOKEN));
		expect(await hasCredential(db, 't1')).toBe(true);
		expect(await credentialFingerprintOf(db, 't1')).toBe(credential_fingerprint);
		expect(await openCredential(db, 't1')).toBe(TOKEN);
	});

	it('stores only the documented fields, with a 96-bit IV and a non-extractable key', async () => {
		await sealCredential(db, 't1', TOKEN);
		const record = (await db.get('vault', 't1')) as VaultRecord;
		expect(Object.keys(record).sort()).toEqual([
			'algorithm',
			'ciphertext',
			'created_at',
			'fingerprint',
			'iv',
			'target_id'
		]);
		expect(record.iv.byteLength).toBe(12);
		expect(record.algorithm).toBe('AES-GCM-256');
		const key = await db.get('keys', VAULT_KEY_ID);
		expect(key?.key).toBeInstanceOf(CryptoKey);
		expect(key?.key.extractable).toBe(false);
		await expect(crypto.subtle.exportKey('raw', key!.key)).rejects.toThrow();
	});

	it('survives a reload: the key comes back from IndexedDB and still decrypts', async () => {
		await sealCredential(db, 't1', TOKEN);
		db.close();
		db = await openSetupDb(name);
		expect(await openCredential(db, 't1')).toBe(TOKEN);
	});

	it('uses one key for the database and a fresh IV for every write', async () => {
		await sealCredential(db, 't1', TOKEN);
		const first = (await db.get('vault', 't1')) as VaultRecord;
		await sealCredential(db, 't1', TOKEN);
		const second = (await db.get('vault', 't1')) as VaultRecord;
		expect(second.iv).not.toEqual(first.iv);
		expect(second.ciphertext).not.toEqual(first.ciphertext);
		expect(await db.getAllKeys('keys')).toEqual([VAULT_KEY_ID]);
	});

	it('agrees on one key when two first writes race', async () => {
		await Promise.all([sealCredential(db, 't1', TOKEN), sealCredential(db, 't2', `${TOKEN}-2`)]);
		expect(await db.count('keys')).toBe(1);
		expect(await openCredential(db, 't1')).toBe(TOKEN);
		expect(await openCredential(db, 't2')).toBe(`${TOKEN}-2`);
	});

	it('replaces the token on rotation', async () => {
		await sealCredential(db, 't1', TOKEN);
		const { credential_fingerprint } = await sealCredential(db, 't1', 'rotated-token-value');
		expect(credential_fingerprint).toBe(await credentialFingerprint('rotated-token-value'));
		expect(await openCredential(db, 't1')).toBe('rotated-token-value');
	});

	it('refuses a ciphertext moved to another target (AAD is the target id)', async () => {
		await sealCredential(db, 'victim', TOKEN);
		const moved = { ...((await db.get('vault', 'victim')) as VaultRecord), target_id: 'attacker' };
		await db.put('vault', moved);
		const error = await openCredential(db, 'attacker').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(VaultError);
		expect(error).toMatchObject({ reason: 'tampered' });
	});

	it.each([
		[
			'a flipped ciphertext bit',
			(r: VaultRecord) => ({ ...r, ciphertext: r.ciphertext.map((b, i) => (i === 0 ? b ^ 1 : b)) })
		],
		['another IV', (r: VaultRecord) => ({ ...r, iv: r.iv.map((b) => b ^ 0xff) })],
		[
			'a swapped fingerprint',
			(r: VaultRecord) => ({ ...r, fingerprint: 'sha256:0000000000000000' })
		]
	])('refuses %s', async (_label, tamper) => {
		await sealCredential(db, 't1', TOKEN);
		await db.put('vault', tamper((await db.get('vault', 't1')) as VaultRecord) as VaultRecord);
		await expect(openCredential(db, 't1')).rejects.toMatchObject({ reason: 'tampered' });
	});

	it.each([
		['no record', async () => {}, 'missing'],
		[
			'a damaged record',
			async () => db.put('vault', { target_id: 't1', iv: 'x' } as never),
			'unreadable'
		],
		[
			'a lost key',
			async () => {
				await sealCredential(db, 't1', TOKEN);
				await db.delete('keys', VAULT_KEY_ID);
			},
			'unreadable'
		]
	])('fails clearly with %s', async (_label, arrange, reason) => {
		await arrange();
		const error = await openCredential(db, 't1').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(VaultError);
		expect(error).toMatchObject({ reason });
		expect((error as Error).message).toMatch(/Enter a new token/);
	});

	it('keeps the token out of every store of the database, in any encoding', async () => {
		await sealCredential(db, 't1', TOKEN);
		await sealCredential(db, 't2', TOKEN);
		const dump = await dumpDatabase(db);
		expect(dump.vault).toHaveLength(2);
		for (const needle of [
			enc(TOKEN),
			enc(TOKEN.slice(4, 20)),
			enc(Buffer.from(TOKEN).toString('base64')),
			enc(Buffer.from(TOKEN).toString('hex'))
		]) {
			expect(dumpContains(dump, needle)).toBe(false);
		}
		// The helper does find the token when it is there, so the check above can fail.
		await db.put('targets', { id: 'leak', note: TOKEN });
		expect(dumpContains(await dumpDatabase(db), enc(TOKEN))).toBe(true);
	});

	it('wipes the record: its ciphertext bytes are gone from the store', async () => {
		await sealCredential(db, 't1', TOKEN);
		await sealCredential(db, 't2', 'another-token');
		const { ciphertext, iv } = (await db.get('vault', 't1')) as VaultRecord;
		expect(dumpContains(await dumpDatabase(db), ciphertext)).toBe(true);
		await wipeCredential(db, 't1');
		const dump = await dumpDatabase(db);
		expect(dumpContains(dump, ciphertext)).toBe(false);
		expect(dumpContains(dump, iv)).toBe(false);
		expect(await hasCredential(db, 't1')).toBe(false);
		expect(await openCredential(db, 't2')).toBe('another-token');
		await expect(openCredential(db, 't1')).rejects.toMatchObject({ reason: 'missing' });
	});

	it('never puts the token in an error message', async () => {
		await sealCredential(db, 't1', TOKEN);
		await db.put('vault', { ...((await db.get('vault', 't1')) as VaultRecord), target_id: 't2' });
		const error = (await openCredential(db, 't2').catch((e: unknown) => e)) as Error;
		expect(error).toBeInstanceOf(VaultError);
		expect(`${error.message} ${String(error.cause ?? '')}`).not.toContain(TOKEN);
	});
});
