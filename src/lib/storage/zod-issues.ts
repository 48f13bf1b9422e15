import type { z } from '$lib/domain/zod-mini';

/**
 * A short, value-free summary of why a stored record failed its schema: paths and zod's own
 * messages only (they name expected types and keys, not the received value).
 */
export function describeIssues(error: z.core.$ZodError, root?: string, max = 3): string {
	const parts = error.issues.slice(0, max).map((issue) => {
		const path = [root, ...issue.path.map(String)]
			.filter((p) => p !== undefined && p !== '')
			.join('.');
		return path ? `${path}: ${issue.message}` : issue.message;
	});
	const more = error.issues.length - parts.length;
	return more > 0 ? `${parts.join('; ')}; and ${more} more` : parts.join('; ');
}
