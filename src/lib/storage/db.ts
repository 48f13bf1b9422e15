import { openDB } from 'idb';
import type { MigrationStep, SetupDb, SetupDbSchema, UpgradeTx } from './db.schema';
import { migrateToV1 } from './migrations/v1';

export const SETUP_DB_NAME = 'webriskops-setup';

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
