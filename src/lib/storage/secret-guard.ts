/**
 * Defence in depth for everything this folder writes outside the vault: a value that looks like a
 * secret is refused before any transaction starts. The schemas upstream should already keep
 * secrets out; this catches the day one of them grows a field by mistake.
 */

/** Key names that may only ever hold a secret (compared case-insensitively). */
export const SECRET_KEY_NAMES = [
	'token',
	'access_token',
	'refresh_token',
	'authorization',
	'password',
	'pat',
	'secret'
] as const;

const SECRET_KEYS = new Set<string>(SECRET_KEY_NAMES);

/** Tells whether a string is a secret the app currently holds in memory (e.g. the pasted token). */
export type IsSecret = (value: string) => boolean;

export interface SecretFinding {
	/** Where it was found; a key that is itself a live secret is shown as `[secret]`. */
	path: string;
	reason: 'secret-key' | 'secret-value';
}

/** Binary and date values carry no named fields; everything else is walked (deny by default). */
function isOpaque(value: object): boolean {
	return ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date;
}

/** First secret-looking key or live-secret value in `value`, depth-first; null when clean. */
export function findSecret(value: unknown, isSecret?: IsSecret, root = '$'): SecretFinding | null {
	const seen = new WeakSet<object>();
	const walk = (node: unknown, path: string): SecretFinding | null => {
		if (typeof node === 'string') return isSecret?.(node) ? { path, reason: 'secret-value' } : null;
		if (typeof node !== 'object' || node === null) return null;
		if (seen.has(node)) return null;
		seen.add(node);
		if (Array.isArray(node)) {
			for (let i = 0; i < node.length; i++) {
				const hit = walk(node[i], `${path}[${i}]`);
				if (hit) return hit;
			}
			return null;
		}
		if (node instanceof Map) {
			for (const [k, v] of node) {
				const hit = walk(k, `${path}<key>`) ?? walk(v, `${path}<value>`);
				if (hit) return hit;
			}
			return null;
		}
		if (isOpaque(node)) return null;
		for (const [key, child] of Object.entries(node)) {
			if (isSecret?.(key)) return { path: `${path}.[secret]`, reason: 'secret-value' };
			const childPath = `${path}.${key}`;
			if (SECRET_KEYS.has(key.toLowerCase())) return { path: childPath, reason: 'secret-key' };
			const hit = walk(child, childPath);
			if (hit) return hit;
		}
		return null;
	};
	return walk(value, root);
}

/** Thrown instead of writing; its message names the place, never the value. */
export class SecretRefusedError extends Error {
	override readonly name = 'SecretRefusedError';
	constructor(
		readonly what: string,
		readonly finding: SecretFinding
	) {
		super(
			finding.reason === 'secret-key'
				? `Refused to store the ${what}: it has a field named like a secret at ${finding.path}. Secrets are kept only in the encrypted credential vault.`
				: `Refused to store the ${what}: the value at ${finding.path} is a live secret. Secrets are kept only in the encrypted credential vault.`
		);
	}
}

export function assertNoSecret(what: string, value: unknown, isSecret?: IsSecret): void {
	const finding = findSecret(value, isSecret);
	if (finding) throw new SecretRefusedError(what, finding);
}
