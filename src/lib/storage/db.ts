import {
	openDB,
	type DBSchema,
	type IDBPDatabase,
	type IDBPTransaction,
	type StoreNames
} from 'idb';
import { migrateToV1 } from './migrations/v1';

export const SETUP_DB_NAME = 'webriskops-setup';

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

export const SETUP_MIGRATIONS: readonly MigrationStep[] = [migrateToV1];
export const SETUP_DB_VERSION = SETUP_MIGRATIONS.length;

/** Walks oldVersion → newVersion one step at a time inside the single versionchange transaction. */
export function runMigrations(
	db: SetupDb,
	tx: UpgradeTx,
	oldVersion: number,
	newVersion: number,
	steps: readonly MigrationStep[]
): void {
	// Check the whole path first: half an upgrade is worse than none (the transaction aborts anyway).
	for (let v = oldVersion + 1; v <= newVersion; v++) {
		if (!steps[v - 1]) throw new Error(`No storage migration to version ${v}.`);
	}
	for (let v = oldVersion + 1; v <= newVersion; v++) steps[v - 1]?.(db, tx);
}

export async function openSetupDb(name: string = SETUP_DB_NAME): Promise<SetupDb> {
	return openWithMigrations(name, SETUP_MIGRATIONS);
}

/** Exposed so a spec can prove a future step runs on old data; the app calls openSetupDb. */
export async function openWithMigrations(
	name: string,
	steps: readonly MigrationStep[]
): Promise<SetupDb> {
	const version = steps.length;
	try {
		const db = await openDB<SetupDbSchema>(name, version, {
			upgrade(db, oldVersion, newVersion, tx) {
				runMigrations(db, tx, oldVersion, newVersion ?? version, steps);
			},
			// Another tab wants a newer schema: let go so its upgrade is not stuck behind us.
			blocking(_current, _blocked, event) {
				(event.target as IDBDatabase | null)?.close();
			}
		});
		return db;
	} catch (error) {
		if (error instanceof DOMException && error.name === 'VersionError') {
			throw new Error(
				'Browser storage was written by a newer version of WebRiskOps. Reload the page to get the current version.',
				{ cause: error }
			);
		}
		throw error;
	}
}
