/**
 * Browser storage under node (fake-indexeddb 6, WebCrypto from node): per-write cost of the draft
 * the session persists after every transition, seal+open of a credential, and lost updates when
 * several tabs write the same draft version at once. Real Chromium is usually faster per write
 * than fake-indexeddb; the contention figure is about correctness and must be 0 anywhere.
 * Targets: a draft write within one 16 ms frame (it follows every transition); seal+open within
 * 50 ms (once per Save or probe, well under the 100 ms people notice).
 */
import 'fake-indexeddb/auto';
import { loadavg } from 'node:os';
import { z } from 'zod';
import { EMPTY_DRAFT, setupDraftSchema, type SetupDraft } from '$lib/domain';
import { createDraftRepository, openCredential, openSetupDb, sealCredential } from '$lib/storage';
import { benchLine, percentile, type BenchLine } from './bench-line';

const snapshotSchema = z.strictObject({
	schema: z.literal(1),
	step: z.string(),
	draft: setupDraftSchema
});

function draftOfSize(i: number): SetupDraft {
	return {
		...EMPTY_DRAFT,
		provider_key: 'azure_devops_services',
		deployment_mode: 'cloud',
		organization: `contoso-${i}`,
		auth_method: 'pat',
		project: 'Fabrikam Fiber',
		mapping: {
			...EMPTY_DRAFT.mapping,
			work_item_type: 'Bug',
			area_path: 'Fabrikam Fiber\\Web',
			custom_fields: { 'Custom.Team': `team-${i}` }
		}
	};
}

export default async (): Promise<BenchLine[]> => {
	const db = await openSetupDb(`bench-storage-${crypto.randomUUID()}`);
	const isSecret = (s: string) => s === 'never-present';
	try {
		// Draft writes: what the session does after each transition (validate, guard, check, put).
		const drafts = createDraftRepository(db, snapshotSchema, { tabId: 'bench', isSecret });
		const saveMs: number[] = [];
		let version: number | null = null;
		for (let i = 0; i < 400; i++) {
			const t0 = performance.now();
			const r = await drafts.save(
				'bench',
				{ schema: 1, step: 'mapping', draft: draftOfSize(i) },
				version
			);
			saveMs.push(performance.now() - t0);
			if (r.status !== 'saved') throw new Error('bench draft conflicted with itself');
			version = r.version;
		}
		const loadMs: number[] = [];
		for (let i = 0; i < 200; i++) {
			const t0 = performance.now();
			await drafts.load('bench');
			loadMs.push(performance.now() - t0);
		}

		// Vault: seal then open, as Save and a later probe do.
		const vaultMs: number[] = [];
		for (let i = 0; i < 200; i++) {
			const token = `bench-token-${i}-${crypto.randomUUID()}`;
			const t0 = performance.now();
			await sealCredential(db, `target-${i % 10}`, token);
			const back = await openCredential(db, `target-${i % 10}`);
			vaultMs.push(performance.now() - t0);
			if (back !== token) throw new Error('vault round trip failed');
		}

		// Contention: 4 tabs write on top of the same version; exactly one may win each round.
		const rounds = 100;
		let lostUpdates = 0;
		const tabs = [0, 1, 2, 3].map((t) =>
			createDraftRepository(db, snapshotSchema, { tabId: `tab-${t}` })
		);
		for (let r = 0; r < rounds; r++) {
			const current = await tabs[0]!.load('contended');
			const expected = current.status === 'ok' ? current.version : null;
			const results = await Promise.all(
				tabs.map((tab, t) =>
					tab.save('contended', { schema: 1, step: `r${r}t${t}`, draft: draftOfSize(r) }, expected)
				)
			);
			if (results.filter((x) => x.status === 'saved').length !== 1) lostUpdates += 1;
		}

		return [
			benchLine('storage-draft-save-p95', percentile(saveMs, 95), 'ms', 16, 'lower', {
				samples: saveMs.length,
				p50: percentile(saveMs, 50),
				backend: 'fake-indexeddb (node)',
				load_average_1m: Math.round((loadavg()[0] ?? 0) * 100) / 100
			}),
			benchLine('storage-draft-load-p95', percentile(loadMs, 95), 'ms', 16, 'lower', {
				samples: loadMs.length,
				p50: percentile(loadMs, 50)
			}),
			benchLine('storage-vault-seal-open-p95', percentile(vaultMs, 95), 'ms', 50, 'lower', {
				samples: vaultMs.length,
				p50: percentile(vaultMs, 50),
				cipher: 'AES-GCM-256, non-extractable key'
			}),
			benchLine('storage-draft-lost-updates', lostUpdates, 'rounds', 0, 'lower', {
				rounds,
				writers_per_round: tabs.length
			})
		];
	} finally {
		db.close();
	}
};
