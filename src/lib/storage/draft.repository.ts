import { z } from '$lib/domain/zod-mini';
import type { SetupDb, StoredDraftRecord } from './db.schema';
import { assertNoSecret, findSecret, type IsSecret } from './secret-guard';
import { describeIssues } from './zod-issues';

export const DRAFT_CHANNEL_NAME = 'webriskops-setup';

/** The stored envelope; the snapshot inside is checked with the caller's schema. */
const storedDraftSchema = z.object({
	id: z.string().check(z.minLength(1)),
	version: z.int().check(z.positive()),
	updated_at: z.iso.datetime(),
	tab_id: z.string().check(z.minLength(1)),
	snapshot: z.unknown()
});

const draftChangedMessageSchema = z.object({
	type: z.literal('draft.changed'),
	id: z.string(),
	version: z.int().check(z.positive()),
	tab_id: z.string()
});
export type DraftChangedMessage = z.infer<typeof draftChangedMessageSchema>;

const draftDiscardedMessageSchema = z.object({
	type: z.literal('draft.discarded'),
	id: z.string(),
	tab_id: z.string()
});
type DraftDiscardedMessage = z.infer<typeof draftDiscardedMessageSchema>;

const draftMessageSchema = z.discriminatedUnion('type', [
	draftChangedMessageSchema,
	draftDiscardedMessageSchema
]);

type MessageListener = (event: { data: unknown }) => void;

/** The part of BroadcastChannel the repository uses; the caller owns (and closes) the channel. */
export interface DraftChannel {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: MessageListener): void;
	removeEventListener(type: 'message', listener: MessageListener): void;
}

export interface DraftRepositoryOptions {
	/** Identifies this tab in stored records and broadcasts (e.g. crypto.randomUUID() per page load). */
	tabId: string;
	channel?: DraftChannel;
	/** True for a string the app holds as a live secret; such a value is never written. */
	isSecret?: IsSecret;
	/** Injectable clock for tests. */
	now?: () => Date;
}

type DraftLoad<T> =
	| { status: 'none' }
	| { status: 'ok'; version: number; snapshot: T; updated_at: string }
	| { status: 'corrupt'; message: string };

type DraftSave =
	| { status: 'saved'; version: number }
	| { status: 'conflict'; current_version: number; updated_at: string; tab_id: string };

export interface DraftRepository<T> {
	load(id: string): Promise<DraftLoad<T>>;
	/**
	 * Writes only if the stored version still equals `expectedVersion`, checked and written in one
	 * readwrite transaction. `null` (or 0) means "I hold no draft": it succeeds when nothing, or only
	 * an unreadable record, is stored. A conflict with `current_version: 0` means another tab
	 * discarded the draft. To keep this tab's draft over the other tab's, save again with the
	 * `current_version` the conflict reported.
	 */
	save(id: string, snapshot: T, expectedVersion: number | null): Promise<DraftSave>;
	discard(id: string): Promise<void>;
	/** Another tab saved a draft. Returns the unsubscribe function. */
	onExternalChange(cb: (change: DraftChangedMessage) => void): () => void;
	/** Another tab discarded a draft. Returns the unsubscribe function. */
	onExternalDiscard(cb: (change: DraftDiscardedMessage) => void): () => void;
}

function looseVersion(raw: unknown): number {
	const v = (raw as { version?: unknown } | undefined)?.version;
	return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0;
}

export function createDraftRepository<T>(
	db: SetupDb,
	snapshotSchema: z.ZodMiniType<T>,
	options: DraftRepositoryOptions
): DraftRepository<T> {
	const { tabId, channel, isSecret } = options;
	const now = options.now ?? (() => new Date());

	function listen<M extends z.infer<typeof draftMessageSchema>>(
		type: M['type'],
		cb: (m: M) => void
	): () => void {
		if (!channel) return () => {};
		const listener: MessageListener = (event) => {
			const parsed = draftMessageSchema.safeParse(event.data);
			// Same-origin tabs only, but still foreign input: ignore anything malformed or our own echo.
			if (!parsed.success || parsed.data.type !== type || parsed.data.tab_id === tabId) return;
			cb(parsed.data as M);
		};
		channel.addEventListener('message', listener);
		return () => channel.removeEventListener('message', listener);
	}

	return {
		async load(id) {
			const raw: unknown = await db.get('drafts', id);
			if (raw === undefined) return { status: 'none' };
			const envelope = storedDraftSchema.safeParse(raw);
			if (!envelope.success) {
				return {
					status: 'corrupt',
					message: `the stored draft record is damaged (${describeIssues(envelope.error)})`
				};
			}
			// A secret in storage means an older build leaked one: never hand it back to the app.
			const leaked = findSecret(envelope.data.snapshot, isSecret, 'snapshot');
			if (leaked) {
				return {
					status: 'corrupt',
					message: `the stored draft holds a field that must never be stored (${leaked.path})`
				};
			}
			const snapshot = snapshotSchema.safeParse(envelope.data.snapshot);
			if (!snapshot.success) {
				return {
					status: 'corrupt',
					message: `the stored draft is from an older or unknown format (${describeIssues(snapshot.error, 'snapshot')})`
				};
			}
			return {
				status: 'ok',
				version: envelope.data.version,
				snapshot: snapshot.data,
				updated_at: envelope.data.updated_at
			};
		},

		async save(id, snapshot, expectedVersion) {
			assertNoSecret('draft', snapshot, isSecret);
			// Validate before the transaction: an await on anything but IndexedDB would auto-commit it.
			const checked = snapshotSchema.safeParse(snapshot);
			if (!checked.success) {
				throw new Error(
					`Refused to store the draft: it does not match the draft format (${describeIssues(checked.error, 'snapshot')}).`
				);
			}
			const tx = db.transaction('drafts', 'readwrite');
			const raw: unknown = await tx.store.get(id);
			const stored = raw === undefined ? undefined : storedDraftSchema.safeParse(raw);
			// An unreadable record skips the check: the UI already offered a fresh start over it.
			if (stored === undefined || stored.success) {
				const current = stored?.data;
				// An absent draft counts as version 0, so null and 0 both mean "I expect none".
				if ((current?.version ?? 0) !== (expectedVersion ?? 0)) {
					tx.abort();
					await tx.done.catch(() => {});
					return current
						? {
								status: 'conflict',
								current_version: current.version,
								updated_at: current.updated_at,
								tab_id: current.tab_id
							}
						: // Discarded in another tab since this one loaded it.
							{
								status: 'conflict',
								current_version: 0,
								updated_at: now().toISOString(),
								tab_id: ''
							};
				}
			}
			const record: StoredDraftRecord = {
				id,
				// Versions keep rising over an unreadable record too, so other tabs still notice.
				version: (stored?.success ? stored.data.version : looseVersion(raw)) + 1,
				updated_at: now().toISOString(),
				tab_id: tabId,
				snapshot: checked.data
			};
			await tx.store.put(record);
			await tx.done;
			const message: DraftChangedMessage = {
				type: 'draft.changed',
				id,
				version: record.version,
				tab_id: tabId
			};
			channel?.postMessage(message);
			return { status: 'saved', version: record.version };
		},

		async discard(id) {
			await db.delete('drafts', id);
			const message: DraftDiscardedMessage = { type: 'draft.discarded', id, tab_id: tabId };
			channel?.postMessage(message);
		},

		onExternalChange: (cb) => listen<DraftChangedMessage>('draft.changed', cb),
		onExternalDiscard: (cb) => listen<DraftDiscardedMessage>('draft.discarded', cb)
	};
}
