import type { SetupDb } from '../db.schema';

/** Version 1: every store the setup module needs. Never edit once shipped; add a new step. */
export function migrateToV1(db: SetupDb): void {
	db.createObjectStore('drafts', { keyPath: 'id' });
	db.createObjectStore('targets', { keyPath: 'id' });
	// seq is the append order; `at` alone can tie within a millisecond.
	const audit = db.createObjectStore('audit', { keyPath: 'seq', autoIncrement: true });
	audit.createIndex('by_target_id', 'target_id');
	audit.createIndex('by_at', 'at');
	db.createObjectStore('vault', { keyPath: 'target_id' });
	// Holds the non-extractable AES key: IndexedDB structured-clones CryptoKey without exposing it.
	db.createObjectStore('keys', { keyPath: 'id' });
}
