import {
	credentialFingerprintSchema,
	providerRecordSchema,
	type ProviderRecord
} from '$lib/domain';
import type { SetupDb } from './db.schema';
import { prepareAuditEntry } from './audit.repository';
import type { AuditEntryInput, StoredAuditEntry } from './audit.schema';
import { assertNoSecret, type IsSecret } from './secret-guard';
import { vaultRecordSchema, type SealedCredential } from './vault';
import { describeIssues } from './zod-issues';

type TargetLoad =
	| { status: 'none' }
	| { status: 'ok'; record: ProviderRecord }
	| { status: 'corrupt'; message: string };

interface TargetListing {
	records: ProviderRecord[];
	corrupt: { id: string; message: string }[];
}

export interface TargetRepositoryOptions {
	isSecret?: IsSecret;
	now?: () => Date;
}

export interface TargetRepository {
	/** Validates with providerRecordSchema and writes; throws (writing nothing) when invalid. */
	save(record: ProviderRecord): Promise<void>;
	/**
	 * Writes the record, its sealed credential and an audit entry in one transaction, so a target
	 * never exists without its credential and a ciphertext is never left without its target.
	 * Throws (writing nothing) when the record is invalid, the credential belongs to another
	 * target or fingerprint, or the audit entry is refused.
	 */
	/** Several entries (e.g. target.created then target.saved) are appended in order, in the same transaction. */
	saveWithCredential(
		record: ProviderRecord,
		credential: SealedCredential,
		entry: AuditEntryInput | readonly AuditEntryInput[]
	): Promise<StoredAuditEntry>;
	load(id: string): Promise<TargetLoad>;
	/** Readable records only (what Integration status and export show). */
	list(): Promise<ProviderRecord[]>;
	/** Every stored id, split into readable records and unreadable ones with the reason. */
	inspect(): Promise<TargetListing>;
	/**
	 * Deletes the record and its sealed credential and appends `target.deleted`, all in one
	 * transaction: a target is never gone while its token stays behind. Returns the audit entry,
	 * or null when no such target existed (nothing is written then).
	 */
	delete(id: string, detail?: string): Promise<StoredAuditEntry | null>;
}

function parseRecord(raw: unknown): TargetLoad {
	if (raw === undefined) return { status: 'none' };
	const parsed = providerRecordSchema.safeParse(raw);
	return parsed.success
		? { status: 'ok', record: parsed.data }
		: {
				status: 'corrupt',
				message: `the stored target record is damaged or from an older format (${describeIssues(parsed.error)})`
			};
}

export function createTargetRepository(
	db: SetupDb,
	options: TargetRepositoryOptions = {}
): TargetRepository {
	const now = options.now ?? (() => new Date());

	async function inspect(): Promise<TargetListing> {
		const tx = db.transaction('targets', 'readonly');
		const [values, keys] = await Promise.all([tx.store.getAll(), tx.store.getAllKeys()]);
		await tx.done;
		const listing: TargetListing = { records: [], corrupt: [] };
		values.forEach((raw: unknown, i) => {
			const loaded = parseRecord(raw);
			if (loaded.status === 'ok') listing.records.push(loaded.record);
			else if (loaded.status === 'corrupt')
				listing.corrupt.push({ id: String(keys[i]), message: loaded.message });
		});
		return listing;
	}

	return {
		async save(record) {
			assertNoSecret('target record', record, options.isSecret);
			const parsed = providerRecordSchema.safeParse(record);
			if (!parsed.success)
				throw new Error(`Refused to store the target: ${describeIssues(parsed.error)}.`);
			await db.put('targets', parsed.data);
		},

		async saveWithCredential(record, credential, entry) {
			assertNoSecret('target record', record, options.isSecret);
			const parsed = providerRecordSchema.safeParse(record);
			if (!parsed.success)
				throw new Error(`Refused to store the target: ${describeIssues(parsed.error)}.`);
			const sealed = vaultRecordSchema.safeParse(credential.record);
			if (
				!sealed.success ||
				sealed.data.target_id !== parsed.data.id ||
				sealed.data.fingerprint !== parsed.data.credential_fingerprint ||
				credential.credential_fingerprint !== parsed.data.credential_fingerprint
			) {
				throw new Error(
					'Refused to store the target: its credential was sealed for another target or fingerprint.'
				);
			}
			const audits = (Array.isArray(entry) ? entry : [entry]).map((e: AuditEntryInput) =>
				prepareAuditEntry(e, options.isSecret)
			);
			if (audits.length === 0 || audits.some((a) => a.target_id !== parsed.data.id)) {
				throw new Error(
					'Refused to store the target: an audit entry is missing or names another target.'
				);
			}
			const tx = db.transaction(['targets', 'vault', 'audit'], 'readwrite');
			const [, , ...seqs] = await Promise.all([
				tx.objectStore('targets').put(parsed.data),
				tx.objectStore('vault').put(sealed.data),
				...audits.map((a) => tx.objectStore('audit').add(a))
			]);
			await tx.done;
			const last = audits.length - 1;
			return { ...(audits[last] as (typeof audits)[number]), seq: seqs[last] as number };
		},

		async load(id) {
			return parseRecord(await db.get('targets', id));
		},

		async list() {
			return (await inspect()).records;
		},

		inspect,

		async delete(id, detail) {
			const tx = db.transaction(['targets', 'vault', 'audit'], 'readwrite');
			const targets = tx.objectStore('targets');
			const raw: unknown = await targets.get(id);
			if (raw === undefined) {
				tx.abort();
				await tx.done.catch(() => {});
				return null;
			}
			// The fingerprint is taken from the vault if the record itself is unreadable.
			const loaded = parseRecord(raw);
			const sealed: unknown = await tx.objectStore('vault').get(id);
			const fromVault = credentialFingerprintSchema.safeParse(
				(sealed as { fingerprint?: unknown } | undefined)?.fingerprint
			);
			const fingerprint =
				loaded.status === 'ok'
					? loaded.record.credential_fingerprint
					: fromVault.success
						? fromVault.data
						: undefined;
			let entry;
			try {
				entry = prepareAuditEntry(
					{
						kind: 'target.deleted',
						at: now().toISOString(),
						target_id: id,
						...(fingerprint ? { credential_fingerprint: fingerprint } : {}),
						...(detail !== undefined ? { detail } : {})
					},
					options.isSecret
				);
			} catch (error) {
				tx.abort();
				await tx.done.catch(() => {});
				throw error;
			}
			await targets.delete(id);
			await tx.objectStore('vault').delete(id);
			const seq = await tx.objectStore('audit').add(entry);
			await tx.done;
			return { ...entry, seq };
		}
	};
}
