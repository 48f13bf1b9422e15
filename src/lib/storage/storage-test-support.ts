import type { SetupDb } from './db.schema';

/** Test-only helpers for the storage specs (not exported from index.ts). */

let counter = 0;
/** A database name no other test uses, so specs never share state. */
export function freshDbName(prefix = 'spec'): string {
	counter += 1;
	return `${prefix}-${counter}-${crypto.randomUUID()}`;
}

export const STORE_NAMES = ['drafts', 'targets', 'audit', 'vault', 'keys'] as const;

/** Every record in every store, as the spec sees it after structured cloning. */
export async function dumpDatabase(
	db: SetupDb
): Promise<Record<(typeof STORE_NAMES)[number], unknown[]>> {
	const out = {} as Record<(typeof STORE_NAMES)[number], unknown[]>;
	for (const name of STORE_NAMES) out[name] = await db.getAll(name);
	return out;
}

/** Every byte run reachable in `value`: strings as UTF-8 (and as-is), binary as bytes. */
function byteRuns(value: unknown): Uint8Array[] {
	const runs: Uint8Array[] = [];
	const seen = new WeakSet<object>();
	const walk = (node: unknown): void => {
		if (typeof node === 'string') {
			runs.push(new TextEncoder().encode(node));
			return;
		}
		if (typeof node !== 'object' || node === null || seen.has(node)) return;
		seen.add(node);
		if (ArrayBuffer.isView(node)) {
			runs.push(new Uint8Array(node.buffer, node.byteOffset, node.byteLength));
			return;
		}
		if (node instanceof ArrayBuffer) {
			runs.push(new Uint8Array(node));
			return;
		}
		for (const [k, v] of Object.entries(node)) {
			walk(k);
			walk(v);
		}
	};
	walk(value);
	return runs;
}

function includesBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
	if (needle.length === 0) return true;
	outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
		for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
		return true;
	}
	return false;
}

/** True when any byte run in the dump contains `needle`. */
export function dumpContains(dump: unknown, needle: Uint8Array): boolean {
	return byteRuns(dump).some((run) => includesBytes(run, needle));
}
