import diagram from '../../../../docs/setup-statechart.mmd?raw';

/**
 * Everything the flow page needs, without importing any module the wizard uses: a shared module
 * would make the bundler re-split the wizard's chunks and grow its JavaScript. The diagram is the
 * committed, CI-checked docs/setup-statechart.mmd; the draft's step is read straight from
 * IndexedDB, read-only (the names below are pinned to the storage module by flow-view.spec.ts).
 */
export const FLOW_DIAGRAM: string = diagram;

export const DRAFT_STORE = { db: 'webriskops-setup', store: 'drafts', id: 'azure-devops' } as const;

export interface FlowState {
	/** State id without the machine prefix: `serverUrl.editing`. */
	id: string;
	title: string;
}

/** States declared in the diagram (`state "Title" as serverUrl_editing`), in diagram order. */
export function diagramStates(text: string = FLOW_DIAGRAM): FlowState[] {
	return [...text.matchAll(/^\s*state "([^"]*)" as (\w+)$/gm)].map((m) => ({
		id: (m[2] as string).replaceAll('_', '.'),
		title: m[1] as string
	}));
}

/** Step classes the diagram assigns (`class a,b step_base_url`) → the steps that exist. */
export function diagramSteps(text: string = FLOW_DIAGRAM): string[] {
	return [...text.matchAll(/^\s*class [\w,]+ step_(\w+)$/gm)].map((m) => m[1] as string);
}

/** The title the diagram gives a step: that of the top-level state holding its first node. */
export function diagramStepTitle(step: string, text: string = FLOW_DIAGRAM): string | null {
	const line = new RegExp(`^\\s*class ([\\w,]+) step_${step}$`, 'm').exec(text);
	const first = line?.[1]?.split(',')[0];
	if (!first) return null;
	const top = first.split('_')[0];
	return diagramStates(text).find((s) => s.id === top)?.title ?? null;
}

/**
 * The wizard step the stored draft is at, or null. Never creates the database: an upgrade request
 * means it does not exist yet, and is aborted.
 */
export async function storedDraftStep(
	idb: IDBFactory | undefined = globalThis.indexedDB
): Promise<string | null> {
	if (!idb) return null;
	return new Promise((resolve) => {
		let request: IDBOpenDBRequest;
		try {
			request = idb.open(DRAFT_STORE.db);
		} catch {
			resolve(null);
			return;
		}
		request.onupgradeneeded = () => request.transaction?.abort();
		request.onerror = () => resolve(null);
		request.onblocked = () => resolve(null);
		request.onsuccess = () => {
			const db = request.result;
			try {
				const get = db
					.transaction(DRAFT_STORE.store, 'readonly')
					.objectStore(DRAFT_STORE.store)
					.get(DRAFT_STORE.id);
				get.onsuccess = () => {
					const step: unknown = get.result?.snapshot?.step;
					db.close();
					resolve(typeof step === 'string' ? step : null);
				};
				get.onerror = () => {
					db.close();
					resolve(null);
				};
			} catch {
				db.close();
				resolve(null);
			}
		};
	});
}
