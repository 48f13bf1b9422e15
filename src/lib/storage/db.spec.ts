import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import {
	openSetupDb,
	openWithMigrations,
	runMigrations,
	SETUP_DB_VERSION,
	SETUP_MIGRATIONS
} from './db';
import type { MigrationStep, SetupDb } from './db.schema';
import { migrateToV1 } from './migrations/v1';
import { freshDbName } from './storage-test-support';

const opened: { close(): void }[] = [];
afterEach(() => {
	while (opened.length) opened.pop()?.close();
});
const track = <D extends { close(): void }>(db: D) => (opened.push(db), db);

describe('openSetupDb', () => {
	it('creates every store and index at the current version', async () => {
		const db = track(await openSetupDb(freshDbName()));
		expect(db.version).toBe(SETUP_DB_VERSION);
		expect([...db.objectStoreNames].sort()).toEqual([
			'audit',
			'drafts',
			'keys',
			'targets',
			'vault'
		]);
		const tx = db.transaction('audit');
		expect([...tx.store.indexNames].sort()).toEqual(['by_at', 'by_target_id']);
		expect(tx.store.autoIncrement).toBe(true);
		await tx.done;
	});

	it('reopens an existing database without re-running migrations', async () => {
		const name = freshDbName();
		const first = await openSetupDb(name);
		await first.put('targets', { id: 't1' });
		first.close();
		const again = track(await openSetupDb(name));
		expect(await again.get('targets', 't1')).toEqual({ id: 't1' });
	});

	it('refuses a database written by a newer build with a clear message', async () => {
		const name = freshDbName();
		const newer = await openDB(name, SETUP_DB_VERSION + 1);
		newer.close();
		await expect(openSetupDb(name)).rejects.toThrow(/newer version of WebRiskOps/);
	});
});

describe('migrations', () => {
	it('walks every step from oldVersion to newVersion in order', () => {
		const ran: number[] = [];
		const steps: MigrationStep[] = [1, 2, 3, 4].map((n) => () => void ran.push(n));
		runMigrations({} as SetupDb, {} as never, 1, 4, steps);
		expect(ran).toEqual([2, 3, 4]);
	});

	it('fails loudly when a step is missing', () => {
		const ran: number[] = [];
		expect(() => runMigrations({} as SetupDb, {} as never, 0, 2, [() => void ran.push(1)])).toThrow(
			'No storage migration to version 2'
		);
		expect(ran).toEqual([]);
	});

	it('upgrades a v1 database holding data, keeping and transforming its records', async () => {
		const name = freshDbName();
		// A browser that last ran version 1 of the schema, with a draft, a target and audit history.
		const v1 = await openWithMigrations(name, [migrateToV1]);
		await v1.put('drafts', {
			id: 'd',
			version: 3,
			updated_at: '2026-11-01T00:00:00.000Z',
			tab_id: 'tab',
			snapshot: { step: 'x' }
		});
		await v1.put('targets', { id: 't1', organization: 'contoso' });
		await v1.add('audit', {
			kind: 'target.saved',
			at: '2026-11-01T00:00:00.000Z',
			target_id: 't1'
		});
		v1.close();

		// A later build appends a step; this one is test-only and shows the shape such a step takes.
		const toV2: MigrationStep = (_db, tx) => {
			const drafts = tx.objectStore('drafts');
			void drafts.openCursor().then(async function walk(cursor): Promise<void> {
				if (!cursor) return;
				await cursor.update({
					...cursor.value,
					snapshot: { migrated: true, before: cursor.value.snapshot }
				});
				return walk(await cursor.continue());
			});
		};
		const v2 = track(await openWithMigrations(name, [...SETUP_MIGRATIONS, toV2]));
		expect(v2.version).toBe(SETUP_DB_VERSION + 1);
		expect((await v2.get('drafts', 'd'))?.snapshot).toEqual({
			migrated: true,
			before: { step: 'x' }
		});
		expect(await v2.get('targets', 't1')).toEqual({ id: 't1', organization: 'contoso' });
		expect(await v2.getAllFromIndex('audit', 'by_target_id', 't1')).toHaveLength(1);
	});

	it('lets go of an open connection when another tab upgrades', async () => {
		const name = freshDbName();
		const oldTab = await openWithMigrations(name, [migrateToV1]);
		const noop: MigrationStep = () => {};
		// Without the blocking handler this open would hang until oldTab closed.
		const newTab = track(await openWithMigrations(name, [migrateToV1, noop]));
		expect(newTab.version).toBe(2);
		await expect(oldTab.get('targets', 'x')).rejects.toThrow();
	});
});
