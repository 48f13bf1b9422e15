import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

// The IndexedDB schema as types only, so a migration step can name the database it changes
// without importing db.ts, which imports every step.

/**
 * Values are typed as what this module writes. Reads go through zod before use, because a record
 * may come from an older build, another tab mid-upgrade, or a hand-edited devtools session.
 */
export interface SetupDbSchema extends DBSchema {
	drafts: { key: string; value: StoredDraftRecord };
	targets: { key: string; value: { id: string } & Record<string, unknown> };
	audit: {
		key: number;
		value: { seq?: number; target_id: string; at: string } & Record<string, unknown>;
		indexes: { by_target_id: string; by_at: string };
	};
	vault: { key: string; value: VaultRecord };
	keys: { key: string; value: KeyRecord };
}

export interface StoredDraftRecord {
	id: string;
	/** Increments on every write; the optimistic-concurrency token between tabs. */
	version: number;
	updated_at: string;
	tab_id: string;
	snapshot: unknown;
}

export interface VaultRecord {
	target_id: string;
	iv: Uint8Array<ArrayBuffer>;
	ciphertext: Uint8Array<ArrayBuffer>;
	fingerprint: string;
	algorithm: 'AES-GCM-256';
	created_at: string;
}

export interface KeyRecord {
	id: string;
	key: CryptoKey;
	created_at: string;
}

export type SetupDb = IDBPDatabase<SetupDbSchema>;
export type UpgradeTx = IDBPTransaction<
	SetupDbSchema,
	StoreNames<SetupDbSchema>[],
	'versionchange'
>;

/**
 * One step per schema version: `steps[n - 1]` turns version n-1 into version n. A later version
 * appends a step (e.g. migrations/v1-to-v2.ts); existing steps never change once shipped.
 */
export type MigrationStep = (db: SetupDb, tx: UpgradeTx) => void;
