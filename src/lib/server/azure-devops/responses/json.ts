/** Lenient readers for Azure DevOps JSON: a missing or mistyped member reads as absent. */

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const obj = (v: unknown): Record<string, unknown> =>
	v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
