import { z } from '$lib/domain/zod-mini';
import { credentialFingerprint, credentialFingerprintSchema } from '$lib/domain';
import type { KeyRecord, SetupDb, VaultRecord } from './db.schema';

/**
 * The only place a token is written. Each token is sealed with AES-GCM-256 under one
 * non-extractable key that lives in the `keys` store: script on this origin can ask the browser to
 * use the key, but nothing (not even a devtools export of IndexedDB) can read its bytes.
 * The target id is the additional authenticated data, so a ciphertext copied onto another target
 * fails to open instead of silently authenticating as that target.
 */

export const VAULT_KEY_ID = 'vault-key-v1';
const VAULT_ALGORITHM = 'AES-GCM-256';

const bytesSchema = z.custom<Uint8Array<ArrayBuffer>>(
	(v) => v instanceof Uint8Array,
	'Expected bytes.'
);

export const vaultRecordSchema = z.strictObject({
	target_id: z.string().check(z.minLength(1)),
	iv: bytesSchema.check(z.refine((b) => b.byteLength === 12, 'The IV must be 96 bits.')),
	ciphertext: bytesSchema.check(z.refine((b) => b.byteLength > 16, 'The ciphertext is too short.')),
	fingerprint: credentialFingerprintSchema,
	algorithm: z.literal(VAULT_ALGORITHM),
	created_at: z.iso.datetime()
});

/** Raised for every vault failure; never carries the token, the ciphertext or key material. */
export class VaultError extends Error {
	override readonly name = 'VaultError';
	constructor(
		readonly reason: 'missing' | 'unreadable' | 'tampered',
		message: string
	) {
		super(message);
	}
}

const aad = (targetId: string) => new TextEncoder().encode(`webriskops.vault.v1:${targetId}`);

function isCryptoKey(v: unknown): v is CryptoKey {
	return typeof CryptoKey !== 'undefined' && v instanceof CryptoKey;
}

/** The vault key, created on first use. Concurrent first uses (two tabs) agree on one key. */
async function vaultKey(db: SetupDb): Promise<CryptoKey> {
	const existing = await db.get('keys', VAULT_KEY_ID);
	if (existing && isCryptoKey(existing.key)) return existing.key;
	// Generate outside the transaction (a WebCrypto await would auto-commit it), then
	// get-or-put inside one readwrite transaction so the first writer wins.
	const candidate = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
		'encrypt',
		'decrypt'
	]);
	const tx = db.transaction('keys', 'readwrite');
	const raced = await tx.store.get(VAULT_KEY_ID);
	let key = candidate;
	if (raced && isCryptoKey(raced.key)) {
		key = raced.key;
	} else {
		const record: KeyRecord = {
			id: VAULT_KEY_ID,
			key: candidate,
			created_at: new Date().toISOString()
		};
		await tx.store.put(record);
	}
	await tx.done;
	return key;
}

/** A token already encrypted for one target, ready to be written; it holds no plaintext. */
export interface SealedCredential {
	credential_fingerprint: string;
	record: VaultRecord;
}

/**
 * Encrypts the token for `targetId` without writing it, so a caller can store it in the same
 * transaction as the target record (see TargetRepository.saveWithCredential).
 */
export async function prepareCredential(
	db: SetupDb,
	targetId: string,
	token: string
): Promise<SealedCredential> {
	if (targetId.length === 0) throw new VaultError('unreadable', 'A credential needs a target id.');
	if (token.length === 0)
		throw new VaultError('unreadable', 'An empty credential cannot be saved.');
	const key = await vaultKey(db);
	// A fresh random IV per write: GCM loses confidentiality if an IV is ever reused under one key.
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const sealed = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv, additionalData: aad(targetId), tagLength: 128 },
		key,
		new TextEncoder().encode(token)
	);
	const fingerprint = await credentialFingerprint(token);
	return {
		credential_fingerprint: fingerprint,
		record: {
			target_id: targetId,
			iv,
			ciphertext: new Uint8Array(sealed),
			fingerprint,
			algorithm: VAULT_ALGORITHM,
			created_at: new Date().toISOString()
		}
	};
}

/** Encrypts and stores the token for `targetId`, replacing any earlier one (rotation). */
export async function sealCredential(
	db: SetupDb,
	targetId: string,
	token: string
): Promise<{ credential_fingerprint: string }> {
	const { credential_fingerprint, record } = await prepareCredential(db, targetId, token);
	await db.put('vault', record);
	return { credential_fingerprint };
}

/** Decrypts the token for `targetId`. Call it only to send a probe; do not keep the result. */
export async function openCredential(db: SetupDb, targetId: string): Promise<string> {
	const raw: unknown = await db.get('vault', targetId);
	if (raw === undefined)
		throw new VaultError(
			'missing',
			'No credential is saved for this target. Enter a new token to continue.'
		);
	const parsed = vaultRecordSchema.safeParse(raw);
	if (!parsed.success || parsed.data.target_id !== targetId) {
		throw new VaultError(
			'unreadable',
			'The saved credential for this target is unreadable. Enter a new token to replace it.'
		);
	}
	const record = parsed.data;
	const key = await db.get('keys', VAULT_KEY_ID);
	if (!key || !isCryptoKey(key.key)) {
		throw new VaultError(
			'unreadable',
			'The browser lost the key that protects saved credentials. Enter a new token to replace it.'
		);
	}
	let plain: ArrayBuffer;
	try {
		plain = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv: record.iv, additionalData: aad(targetId), tagLength: 128 },
			key.key,
			record.ciphertext
		);
	} catch {
		throw new VaultError(
			'tampered',
			'The saved credential for this target failed its integrity check. Enter a new token to replace it.'
		);
	}
	const token = new TextDecoder().decode(plain);
	if ((await credentialFingerprint(token)) !== record.fingerprint) {
		throw new VaultError(
			'tampered',
			'The saved credential for this target failed its integrity check. Enter a new token to replace it.'
		);
	}
	return token;
}

export async function hasCredential(db: SetupDb, targetId: string): Promise<boolean> {
	return (await db.getKey('vault', targetId)) !== undefined;
}

/** The fingerprint of the stored credential, without decrypting it. */
export async function credentialFingerprintOf(
	db: SetupDb,
	targetId: string
): Promise<string | null> {
	const parsed = vaultRecordSchema.safeParse(await db.get('vault', targetId));
	return parsed.success ? parsed.data.fingerprint : null;
}

/** Deletes the sealed record; the ciphertext is gone from the store, not just marked. */
export async function wipeCredential(db: SetupDb, targetId: string): Promise<void> {
	await db.delete('vault', targetId);
}
