import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EMPTY_DRAFT, setupDraftSchema } from '$lib/domain';
import { openSetupDb } from './db';
import type { SetupDb } from './db.schema';
import {
	createDraftRepository,
	DRAFT_CHANNEL_NAME,
	type DraftChangedMessage,
	type DraftChannel
} from './draft.repository';
import { SECRET_KEY_NAMES, SecretRefusedError } from './secret-guard';
import { freshDbName } from './storage-test-support';

/** Shaped like the setup layer's persisted draft: a format version, the step and the draft. */
const snapshotSchema = z.strictObject({
	schema: z.literal(2),
	step: z.string(),
	draft: setupDraftSchema
});
type Snap = z.infer<typeof snapshotSchema>;
const snap = (step: string, organization?: string): Snap => ({
	schema: 2,
	step,
	draft: {
		...EMPTY_DRAFT,
		provider_key: 'azure_devops_services',
		...(organization ? { organization } : {})
	}
});

/** Synchronous in-memory BroadcastChannel stand-in: delivers to every other member of the bus. */
function channelBus() {
	const members = new Set<FakeChannel>();
	class FakeChannel implements DraftChannel {
		listeners = new Set<(e: { data: unknown }) => void>();
		sent: unknown[] = [];
		constructor() {
			members.add(this);
		}
		postMessage(message: unknown) {
			this.sent.push(message);
			for (const m of members)
				if (m !== this) for (const l of m.listeners) l({ data: structuredClone(message) });
		}
		addEventListener(_type: 'message', l: (e: { data: unknown }) => void) {
			this.listeners.add(l);
		}
		removeEventListener(_type: 'message', l: (e: { data: unknown }) => void) {
			this.listeners.delete(l);
		}
	}
	return () => new FakeChannel();
}

let db: SetupDb;
beforeEach(async () => {
	db = await openSetupDb(freshDbName('drafts'));
});
afterEach(() => db.close());

const repo = (tabId: string, extra: Partial<Parameters<typeof createDraftRepository>[2]> = {}) =>
	createDraftRepository(db, snapshotSchema, { tabId, ...extra });

describe('draft repository: load and save', () => {
	it('reports none when nothing is stored', async () => {
		expect(await repo('a').load('d')).toEqual({ status: 'none' });
	});

	it('round-trips a snapshot and increments the version on every write', async () => {
		const times = ['2026-11-26T10:00:00.000Z', '2026-11-26T10:00:05.000Z'];
		const r = repo('tab-a', { now: () => new Date(times.shift() ?? 'x') });
		expect(await r.save('d', snap('provider'), null)).toEqual({ status: 'saved', version: 1 });
		expect(await r.save('d', snap('organization', 'contoso'), 1)).toEqual({
			status: 'saved',
			version: 2
		});
		expect(await r.load('d')).toEqual({
			status: 'ok',
			version: 2,
			snapshot: snap('organization', 'contoso'),
			updated_at: '2026-11-26T10:00:05.000Z'
		});
		expect(await db.get('drafts', 'd')).toMatchObject({ id: 'd', version: 2, tab_id: 'tab-a' });
	});

	it('keeps drafts with different ids apart', async () => {
		const r = repo('a');
		await r.save('one', snap('provider'), null);
		await r.save('two', snap('review'), null);
		expect(await r.load('one')).toMatchObject({ status: 'ok', snapshot: { step: 'provider' } });
		expect(await r.load('two')).toMatchObject({ status: 'ok', snapshot: { step: 'review' } });
	});

	it('discards a draft', async () => {
		const r = repo('a');
		await r.save('d', snap('provider'), null);
		await r.discard('d');
		expect(await r.load('d')).toEqual({ status: 'none' });
	});
});

describe('draft repository: two tabs', () => {
	it('refuses a stale write and reports who wrote the current version', async () => {
		const a = repo('tab-a', { now: () => new Date('2026-11-26T12:00:00.000Z') });
		const b = repo('tab-b');
		await a.save('d', snap('provider'), null);
		const loadedByB = await b.load('d');
		expect(loadedByB).toMatchObject({ status: 'ok', version: 1 });
		await a.save('d', snap('organization', 'from-a'), 1);

		expect(await b.save('d', snap('organization', 'from-b'), 1)).toEqual({
			status: 'conflict',
			current_version: 2,
			updated_at: '2026-11-26T12:00:00.000Z',
			tab_id: 'tab-a'
		});
		expect(await b.load('d')).toMatchObject({
			version: 2,
			snapshot: { draft: { organization: 'from-a' } }
		});
	});

	it('lets exactly one of two simultaneous writers win', async () => {
		await repo('seed').save('d', snap('provider'), null);
		const results = await Promise.all([
			repo('tab-a').save('d', snap('a'), 1),
			repo('tab-b').save('d', snap('b'), 1)
		]);
		expect(results.map((r) => r.status).sort()).toEqual(['conflict', 'saved']);
		expect(await repo('x').load('d')).toMatchObject({ version: 2 });
	});

	it("does not let a tab that holds no version overwrite another tab's new draft", async () => {
		await repo('tab-a').save('d', snap('provider'), null);
		expect(await repo('tab-b').save('d', snap('other'), null)).toMatchObject({
			status: 'conflict',
			current_version: 1,
			tab_id: 'tab-a'
		});
	});

	it("keeps this tab's draft when it saves again with the version the conflict reported", async () => {
		const a = repo('tab-a');
		const b = repo('tab-b');
		await a.save('d', snap('provider'), null);
		await a.save('d', snap('organization'), 1);
		const conflict = await b.save('d', snap('mine'), 1);
		expect(conflict.status).toBe('conflict');
		const version = conflict.status === 'conflict' ? conflict.current_version : -1;
		expect(await b.save('d', snap('mine'), version)).toEqual({ status: 'saved', version: 3 });
		expect(await a.load('d')).toMatchObject({ snapshot: { step: 'mine' } });
	});

	it('reports a draft discarded in another tab as a conflict at version 0', async () => {
		const a = repo('tab-a');
		await a.save('d', snap('provider'), null);
		await repo('tab-b').discard('d');
		expect(await a.save('d', snap('organization'), 1)).toMatchObject({
			status: 'conflict',
			current_version: 0
		});
		expect(await a.save('d', snap('organization'), 0)).toEqual({ status: 'saved', version: 1 });
	});
});

describe('draft repository: broadcasts', () => {
	it('tells the other tab after a save, not itself', async () => {
		const open = channelBus();
		const channelA = open();
		const channelB = open();
		const a = repo('tab-a', { channel: channelA });
		const b = repo('tab-b', { channel: channelB });
		const seenByA: DraftChangedMessage[] = [];
		const seenByB: DraftChangedMessage[] = [];
		a.onExternalChange((m) => seenByA.push(m));
		b.onExternalChange((m) => seenByB.push(m));
		await a.save('d', snap('provider'), null);
		expect(seenByB).toEqual([{ type: 'draft.changed', id: 'd', version: 1, tab_id: 'tab-a' }]);
		expect(seenByA).toEqual([]);
	});

	it('sends nothing when a save conflicts or is refused', async () => {
		const channel = channelBus()();
		const a = repo('tab-a', { channel });
		await a.save('d', snap('provider'), null);
		await a.save('d', snap('x'), 7);
		await expect(
			a.save('d', { ...snap('x'), draft: { ...snap('x').draft, token: 'x' } } as Snap, 1)
		).rejects.toThrow(SecretRefusedError);
		expect(channel.sent).toHaveLength(1);
	});

	it('stops delivering after unsubscribe and ignores malformed or own messages', async () => {
		const open = channelBus();
		const a = repo('tab-a', { channel: open() });
		const other = open();
		const b = repo('tab-b', { channel: other });
		const seen: unknown[] = [];
		const stop = a.onExternalChange((m) => seen.push(m));
		other.postMessage({ type: 'draft.changed', id: 'd', version: 'two', tab_id: 'tab-b' });
		other.postMessage({ type: 'draft.changed', id: 'd', version: 2, tab_id: 'tab-a' });
		other.postMessage('hello');
		expect(seen).toEqual([]);
		await b.save('d', snap('provider'), null);
		expect(seen).toHaveLength(1);
		stop();
		await b.save('d', snap('organization'), 1);
		expect(seen).toHaveLength(1);
	});

	it('tells the other tab when a draft is discarded', async () => {
		const open = channelBus();
		const a = repo('tab-a', { channel: open() });
		const b = repo('tab-b', { channel: open() });
		const discarded: unknown[] = [];
		b.onExternalDiscard((m) => discarded.push(m));
		await a.save('d', snap('provider'), null);
		await a.discard('d');
		expect(discarded).toEqual([{ type: 'draft.discarded', id: 'd', tab_id: 'tab-a' }]);
	});

	it('works over a real BroadcastChannel', async () => {
		const name = `${DRAFT_CHANNEL_NAME}-${crypto.randomUUID()}`;
		const channelA = new BroadcastChannel(name);
		const channelB = new BroadcastChannel(name);
		try {
			const b = repo('tab-b', { channel: channelB });
			const received = new Promise<DraftChangedMessage>((resolve) => b.onExternalChange(resolve));
			await repo('tab-a', { channel: channelA }).save('d', snap('provider'), null);
			await expect(received).resolves.toEqual({
				type: 'draft.changed',
				id: 'd',
				version: 1,
				tab_id: 'tab-a'
			});
		} finally {
			channelA.close();
			channelB.close();
		}
	});
});

describe('draft repository: unreadable records', () => {
	it.each([
		[
			'a damaged envelope',
			{ id: 'd', version: 'three', updated_at: 'yesterday', tab_id: 't', snapshot: {} },
			'damaged'
		],
		['an envelope without its fields', { id: 'd', snapshot: null }, 'damaged'],
		[
			'an older snapshot format',
			{
				id: 'd',
				version: 4,
				updated_at: '2026-11-01T00:00:00.000Z',
				tab_id: 't',
				snapshot: { ...snap('provider'), schema: 1 }
			},
			'older or unknown format'
		],
		[
			'an unknown field in the snapshot',
			{
				id: 'd',
				version: 4,
				updated_at: '2026-11-01T00:00:00.000Z',
				tab_id: 't',
				snapshot: { ...snap('provider'), extra: 1 }
			},
			'older or unknown format'
		]
	])('reports %s as corrupt with a message, never a throw', async (_label, stored, words) => {
		await db.put('drafts', stored as never);
		const loaded = await repo('a').load('d');
		expect(loaded.status).toBe('corrupt');
		expect(loaded.status === 'corrupt' ? loaded.message : '').toContain(words);
	});

	it('reports a stored secret as corrupt without echoing it', async () => {
		const leaked = {
			...snap('credential'),
			draft: { ...snap('credential').draft, access_token: 'eyJ-leaked-value' }
		};
		await db.put('drafts', {
			id: 'd',
			version: 1,
			updated_at: '2026-11-01T00:00:00.000Z',
			tab_id: 't',
			snapshot: leaked
		});
		const loaded = await repo('a').load('d');
		expect(loaded).toMatchObject({ status: 'corrupt' });
		expect(JSON.stringify(loaded)).toContain('access_token');
		expect(JSON.stringify(loaded)).not.toContain('eyJ-leaked-value');
	});

	it('lets a fresh start overwrite an unreadable record and keeps versions rising', async () => {
		await db.put('drafts', {
			id: 'd',
			version: 5,
			updated_at: 'bad',
			tab_id: 't',
			snapshot: { schema: 1 }
		});
		expect(await repo('a').save('d', snap('provider'), null)).toEqual({
			status: 'saved',
			version: 6
		});
		expect(await repo('a').load('d')).toMatchObject({ status: 'ok', version: 6 });
	});
});

describe('draft repository: secrets are refused', () => {
	it.each(SECRET_KEY_NAMES)(
		'refuses a snapshot with a key named %s at any depth and writes nothing',
		async (key) => {
			const bad = {
				...snap('credential'),
				draft: { ...snap('credential').draft, results: { connection: { nested: { [key]: 'v' } } } }
			};
			await expect(repo('a').save('d', bad as unknown as Snap, null)).rejects.toThrow(
				/field named like a secret/
			);
			expect(await db.get('drafts', 'd')).toBeUndefined();
		}
	);

	it('refuses a value the app holds as a live secret, without echoing it', async () => {
		const live = 'ado-pat-52chars-abcdefghijklmnopqrstuvwxyz0123456789';
		const r = repo('a', { isSecret: (s) => s === live });
		const error = await r.save('d', snap('organization', live), null).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(SecretRefusedError);
		expect((error as Error).message).toContain('$.draft.organization');
		expect((error as Error).message).not.toContain(live);
		expect(await db.get('drafts', 'd')).toBeUndefined();
	});

	it('refuses a snapshot that does not match the schema', async () => {
		await expect(repo('a').save('d', { schema: 2 } as unknown as Snap, null)).rejects.toThrow(
			/does not match the draft format/
		);
		expect(await db.get('drafts', 'd')).toBeUndefined();
	});
});
