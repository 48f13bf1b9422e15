import {
	createAuditRepository,
	createDraftRepository,
	createTargetRepository,
	openCredential,
	openSetupDb,
	prepareCredential
} from '$lib/storage';
import { callProbe } from '$lib/probe/probe.client';
import { evaluateDraft } from '$lib/policy';
import { createLiveSavedTargetMachine } from '$lib/after-setup/after-setup.actors';
import { DRAFT_AUDIT_TARGET_ID, type AfterSetup } from '$lib/after-setup/after-setup';
import type { ProbeResults } from '$lib/domain/draft.schema';
import { checkAuditEntries } from '$lib/setup/check-audit';
import { rotateCredential } from '$lib/after-setup/rotate-credential';
import { browserSignInDeps, signInWithEntra } from '$lib/entra/entra-sign-in';
import { createLiveSetupMachine } from './setup.actors';
import { buildProviderRecord } from '$lib/setup/provider-record';
import {
	DRAFT_ID,
	inputFromPersisted,
	persistedSetupSchema,
	type PersistedSetup
} from '$lib/setup/setup-persistence';
import type { SetupServices } from './setup-services';
import type { DraftSlot } from '$lib/setup/setup-session.svelte';
import type { SetupInput } from '$lib/setup/setup.machine';

/**
 * The browser's composition root: opens storage once and binds the chart's services to it.
 * Pages call this; components never see storage.
 */
export async function openSetupApp() {
	const db = await openSetupDb();
	const tabId = crypto.randomUUID();
	const channel =
		typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('webriskops-setup');
	// The token held in memory right now: storage refuses any write that contains it.
	let liveToken: string | null = null;
	const isSecret = (value: string) => liveToken !== null && value.includes(liveToken);
	const drafts = createDraftRepository(db, persistedSetupSchema, {
		tabId,
		isSecret,
		...(channel ? { channel } : {})
	});
	const targets = createTargetRepository(db, { isSecret });
	const audit = createAuditRepository(db, { isSecret });

	// The saved-target screen: Verify again opens the sealed token only inside one verification.
	const afterSetup: AfterSetup = {
		savedTargetMachine: createLiveSavedTargetMachine({
			async loadTarget(id) {
				const loaded = await targets.load(id);
				return loaded.status === 'ok' ? loaded.record : null;
			},
			openToken: (id) => openCredential(db, id),
			probe: (request, signal) => callProbe(request, signal ? { signal } : {}),
			evaluate: evaluateDraft,
			saveRecord: (record) => targets.save(record),
			appendAudit: (entry) => audit.append(entry),
			now: () => new Date()
		}),
		async recordFallbackExport({ target_id, credential_fingerprint, code, detail }) {
			await audit.append({
				kind: 'fallback.exported',
				at: new Date().toISOString(),
				target_id,
				...(credential_fingerprint ? { credential_fingerprint } : {}),
				...(code ? { code } : {}),
				detail
			});
		}
	};

	const entraDeps = browserSignInDeps();
	const services: SetupServices = {
		async saveTarget({ draft, token }) {
			// The only moment a secret is written: the policy said can_save, and it is sealed first.
			const id = crypto.randomUUID();
			const now = new Date().toISOString();
			// Seal, record and audit in one transaction: a failed save leaves no orphan ciphertext.
			const sealed = await prepareCredential(db, id, token);
			const { credential_fingerprint } = sealed;
			const record = buildProviderRecord(draft, { id, credential_fingerprint, now });
			await targets.saveWithCredential(record, sealed, [
				{ kind: 'target.created', at: now, target_id: id, credential_fingerprint },
				{ kind: 'target.saved', at: now, target_id: id, credential_fingerprint }
			]);
			return { target_id: id, credential_fingerprint, saved_at: now };
		},
		// Popup + PKCE in this tab; the token comes back only to the waiting chart actor (memory).
		signInWithEntra: (_input, signal) => signInWithEntra(entraDeps, signal)
	};

	// Each check the wizard runs is audited (passed, or blocked with its code) under the draft's audit id.
	let auditedResults: ProbeResults | undefined;
	const slot: DraftSlot = {
		save: (persisted, expectedVersion) => {
			const entries = checkAuditEntries(
				auditedResults,
				persisted.draft.results,
				DRAFT_AUDIT_TARGET_ID
			);
			auditedResults = persisted.draft.results;
			for (const entry of entries) void audit.append(entry).catch(() => undefined);
			return drafts.save(DRAFT_ID, persisted, expectedVersion);
		},
		setLiveSecret: (token) => {
			liveToken = token;
		},
		onExternalChange: (cb) =>
			drafts.onExternalChange((change) => {
				if (change.id === DRAFT_ID) cb(change.version);
			})
	};

	/** The stored draft as chart input, or a fresh start with the reason when it could not be read. */
	async function loadDraft(): Promise<{
		input: SetupInput;
		version: number | null;
		persisted: PersistedSetup | null;
		problem: string | null;
	}> {
		const loaded = await drafts.load(DRAFT_ID);
		if (loaded.status === 'ok') auditedResults = loaded.snapshot.draft.results;
		if (loaded.status === 'ok')
			return {
				input: inputFromPersisted(loaded.snapshot),
				version: loaded.version,
				persisted: loaded.snapshot,
				problem: null
			};
		if (loaded.status === 'corrupt') {
			return {
				input: {},
				version: null,
				persisted: null,
				problem: `The saved draft could not be read (${loaded.message}). A fresh setup was started; nothing was sent anywhere.`
			};
		}
		return { input: {}, version: null, persisted: null, problem: null };
	}

	/** The target's credential page: rotate/reconnect, audit history and export, delete with wipe. */
	const credentials = {
		async load(id: string) {
			const loaded = await targets.load(id);
			return loaded.status === 'ok' ? loaded.record : null;
		},
		/** Checks the new token against the saved mapping; seals it in place only when every check passes. */
		async rotate(id: string, token: string, token_expires_at: string | null, signal?: AbortSignal) {
			liveToken = token;
			try {
				return await rotateCredential(
					{
						async loadTarget(targetId) {
							const loaded = await targets.load(targetId);
							return loaded.status === 'ok' ? loaded.record : null;
						},
						probe: (request, s) => callProbe(request, s ? { signal: s } : {}),
						evaluate: evaluateDraft,
						appendAudit: (entry) => audit.append(entry),
						now: () => new Date(),
						async sealAndSave(record, newToken, entryFor) {
							const sealed = await prepareCredential(db, record.id, newToken);
							await targets.saveWithCredential(
								{ ...record, credential_fingerprint: sealed.credential_fingerprint },
								sealed,
								entryFor(sealed.credential_fingerprint)
							);
							return sealed.credential_fingerprint;
						}
					},
					{ target_id: id, token, token_expires_at, signal }
				);
			} finally {
				liveToken = null;
			}
		},
		/** OAuth reconnect: a new Entra ID sign-in, then the same checks and seal as a rotation. */
		async reconnectWithEntra(id: string, signal?: AbortSignal) {
			const signedIn = await signInWithEntra(entraDeps, signal);
			return credentials.rotate(id, signedIn.access_token, signedIn.expires_at, signal);
		},
		listAudit: (id: string) => audit.list(id),
		exportAudit: (id: string) => audit.exportJson(id),
		/** Deletes the record and wipes its ciphertext in one transaction, audited as target.deleted. */
		deleteTarget: (id: string) => targets.delete(id, 'deleted from the target credential page')
	};

	return {
		credentials,
		machine: createLiveSetupMachine(services),
		afterSetup,
		loadDraft,
		slot,
		listTargets: () => targets.list(),
		discardDraft: () => drafts.discard(DRAFT_ID),
		close() {
			channel?.close();
			db.close();
		}
	};
}
