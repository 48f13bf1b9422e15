import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SETUP_DB_NAME, openSetupDb, createDraftRepository } from '$lib/storage';
import { DRAFT_ID, persistedSetupSchema, PERSISTED_SETUP_VERSION } from '../setup-persistence';
import { EMPTY_DRAFT } from '$lib/domain';
import { setupMachine } from '../setup.machine';
import {
	DRAFT_STORE,
	diagramStates,
	diagramStepTitle,
	diagramSteps,
	storedDraftStep
} from './flow-view';
import { machineStateIds } from './to-mermaid';

describe('flow page data', () => {
	it('reads every machine state, with its title, from the committed diagram', () => {
		const states = diagramStates();
		expect(states.map((s) => `setup.${s.id}`).sort()).toEqual(machineStateIds(setupMachine).sort());
		expect(states.find((s) => s.id === 'serverUrl.blocked')?.title).toBe('Blocked');
	});

	it('knows the step classes of the diagram', () => {
		expect(diagramSteps()).toEqual(
			expect.arrayContaining(['provider', 'base_url', 'mapping', 'saved'])
		);
	});

	it.each([
		['attestations', 'Server confirmations'],
		['base_url', 'Server URL'],
		['organization', 'Organization (Services)'],
		['nope', null]
	])('titles step %s as %s', (step, title) => {
		expect(diagramStepTitle(step)).toBe(title);
	});

	it('reads the same database, store and record the storage module writes', () => {
		expect(DRAFT_STORE.db).toBe(SETUP_DB_NAME);
		expect(DRAFT_STORE.id).toBe(DRAFT_ID);
	});

	it('finds the stored draft step, and never creates the database when there is none', async () => {
		expect(await storedDraftStep(new IDBFactory())).toBeNull();
		const factory = new IDBFactory();
		expect(await storedDraftStep(factory)).toBeNull();
		expect(await factory.databases()).toEqual([]);
	});

	it('returns the step of a draft saved through the storage module', async () => {
		const db = await openSetupDb();
		const drafts = createDraftRepository(db, persistedSetupSchema, { tabId: 'tab-1' });
		const saved = await drafts.save(
			DRAFT_ID,
			{ schema: PERSISTED_SETUP_VERSION, step: 'base_url', draft: EMPTY_DRAFT, saved: null },
			null
		);
		expect(saved.status).toBe('saved');
		db.close();
		expect(await storedDraftStep(indexedDB)).toBe('base_url');
	});
});
