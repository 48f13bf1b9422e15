import { z } from '$lib/domain/zod-mini';
import type { SetupDb } from './db.schema';
import { assertNoSecret, type IsSecret } from './secret-guard';
import {
	auditEntrySchema,
	type AuditEntry,
	type AuditEntryInput,
	type StoredAuditEntry
} from './audit.schema';
import { describeIssues } from './zod-issues';

const seqSchema = z.int().check(z.positive());

interface UnreadableAuditEntry {
	seq: number;
	message: string;
}

interface AuditListing {
	/** Oldest first, in append order. */
	entries: StoredAuditEntry[];
	/** Entries that exist but no longer parse; listed, never hidden, so the history stays honest. */
	unreadable: UnreadableAuditEntry[];
}

export interface AuditRepositoryOptions {
	isSecret?: IsSecret;
}

/** Append-only by construction: there is no update or delete here, and nothing else writes `audit`. */
export interface AuditRepository {
	append(entry: AuditEntryInput): Promise<StoredAuditEntry>;
	list(targetId: string): Promise<AuditListing>;
	/** Pretty, stable JSON for a compliance reviewer: same history, same bytes. */
	exportJson(targetId: string): Promise<string>;
}

/** Parses and guards an entry; shared with target deletion, which appends inside its own transaction. */
export function prepareAuditEntry(entry: AuditEntryInput, isSecret?: IsSecret): AuditEntry {
	assertNoSecret('audit entry', entry, isSecret);
	const parsed = auditEntrySchema.safeParse(entry);
	if (!parsed.success)
		throw new Error(`Refused to append the audit entry: ${describeIssues(parsed.error)}.`);
	return parsed.data;
}

function sortedDetail(detail: AuditEntry['detail']): AuditEntry['detail'] | null {
	if (detail === undefined) return null;
	if (typeof detail === 'string') return detail;
	return Object.fromEntries(
		Object.entries(detail).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
	);
}

export function createAuditRepository(
	db: SetupDb,
	options: AuditRepositoryOptions = {}
): AuditRepository {
	async function list(targetId: string): Promise<AuditListing> {
		const tx = db.transaction('audit', 'readonly');
		const [values, keys] = await Promise.all([
			tx.store.index('by_target_id').getAll(targetId),
			tx.store.index('by_target_id').getAllKeys(targetId)
		]);
		await tx.done;
		const listing: AuditListing = { entries: [], unreadable: [] };
		values.forEach((raw: unknown, i) => {
			const seq = seqSchema.parse(keys[i]);
			const { seq: _stored, ...rest } = (raw ?? {}) as Record<string, unknown>;
			const parsed = auditEntrySchema.safeParse(rest);
			if (parsed.success) listing.entries.push({ ...parsed.data, seq });
			else
				listing.unreadable.push({
					seq,
					message: `audit entry ${seq} is unreadable (${describeIssues(parsed.error)})`
				});
		});
		return listing;
	}

	return {
		async append(entry) {
			const clean = prepareAuditEntry(entry, options.isSecret);
			const seq = seqSchema.parse(await db.add('audit', clean));
			return { ...clean, seq };
		},
		list,
		async exportJson(targetId) {
			const { entries, unreadable } = await list(targetId);
			// Rebuild each entry in schema order so the bytes do not depend on how it was written.
			const ordered = entries.map((e) => ({
				seq: e.seq,
				kind: e.kind,
				at: e.at,
				target_id: e.target_id,
				credential_fingerprint: e.credential_fingerprint ?? null,
				code: e.code ?? null,
				detail: sortedDetail(e.detail)
			}));
			return `${JSON.stringify({ target_id: targetId, entries: ordered, unreadable }, null, 2)}\n`;
		}
	};
}
