import { z } from './zod-mini';
import { canonicalCollectionUrl, urlInputProblem } from './url-input';

/**
 * Naming rules Azure DevOps itself enforces (azure-devops-docs naming-restrictions.md).
 * Checking them here lets the admin fix a typo before any request is made.
 */

const ORGANIZATION_MAX = 50;
export const PROJECT_MAX = 64;
const NODE_NAME_MAX = 255;
const NODE_PATH_MAX = 4000;
const NODE_DEPTH_MAX = 13;

const ORG_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

export const organizationSchema = z
	.string({ error: 'Enter the organization name.' })
	.check(
		z.trim(),
		z.minLength(1, 'Enter the organization name.'),
		z.maxLength(
			ORGANIZATION_MAX,
			`An organization name has at most ${ORGANIZATION_MAX} characters.`
		),
		z.regex(
			ORG_PATTERN,
			'Use English letters, digits and hyphens only, starting and ending with a letter or digit (as in dev.azure.com/fabrikam).'
		)
	);

// `/ : \ ~ & % ; @ ' " ? < > | # $ * } { , + = [ ]`
const PROJECT_FORBIDDEN = /[/:\\~&%;@'"?<>|#$*}{,+=[\]]/;
// Control characters and lone surrogates.
// eslint-disable-next-line no-control-regex -- the rule is exactly about control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udfff]/;
const RESERVED_PROJECT_NAMES = new Set(
	[
		'PRN',
		...Array.from({ length: 10 }, (_, i) => `COM${i + 1}`),
		...Array.from({ length: 9 }, (_, i) => `LPT${i + 1}`),
		'NUL',
		'CON',
		'AUX',
		'SERVER',
		'SignalR',
		'DefaultCollection',
		'Web',
		'App_Browsers',
		'App_code',
		'App_Data',
		'App_GlobalResources',
		'App_LocalResources',
		'App_Themes',
		'App_WebResources',
		'bin',
		'web.config'
	].map((n) => n.toLowerCase())
);

function hasLoneSurrogate(value: string): boolean {
	return !value.isWellFormed();
}

export const projectNameSchema = z.string({ error: 'Choose a project.' }).check(
	z.minLength(1, 'Choose a project.'),
	z.maxLength(PROJECT_MAX, `A project name has at most ${PROJECT_MAX} characters.`),
	z.refine((v) => !PROJECT_FORBIDDEN.test(v), {
		message: 'A project name cannot contain / : \\ ~ & % ; @ \' " ? < > | # $ * } { , + = [ ]'
	}),
	z.refine((v) => !CONTROL.test(v) && !hasLoneSurrogate(v), {
		message: 'A project name cannot contain control characters.'
	}),
	z.refine((v) => !v.startsWith('_'), {
		message: 'A project name cannot start with an underscore.'
	}),
	z.refine((v) => !v.startsWith('.') && !v.endsWith('.'), {
		message: 'A project name cannot start or end with a period.'
	}),
	z.refine((v) => !RESERVED_PROJECT_NAMES.has(v.toLowerCase()), {
		message: 'That name is reserved by Azure DevOps.'
	})
);

/** A collection name (Server) follows the project rules plus no `..`. */
export const collectionNameSchema = projectNameSchema.check(
	z.refine((v) => !v.includes('..'), { message: 'A collection name cannot contain "..".' })
);

// `\ / : * ? " < > | # $ & * +`
const NODE_FORBIDDEN = /[\\/:*?"<>|#$&+]/;
const RESERVED_NODE_NAMES = new Set([
	'prn',
	'con',
	'aux',
	'nul',
	...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
	...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`)
]);

/** Why one area or iteration name breaks the Azure DevOps naming rules; null when it does not. */
export function nodeNameProblem(name: string): string | null {
	if (name.length === 0) return 'An area or iteration path has an empty segment.';
	if (name.length > NODE_NAME_MAX)
		return `Each area or iteration name has at most ${NODE_NAME_MAX} characters.`;
	if (name === '.' || name === '..') return 'An area or iteration name cannot be "." or "..".';
	if (RESERVED_NODE_NAMES.has(name.toLowerCase())) return `"${name}" is reserved by Azure DevOps.`;
	if (NODE_FORBIDDEN.test(name))
		return 'An area or iteration name cannot contain \\ / : * ? " < > | # $ & +.';
	if (CONTROL.test(name)) return 'An area or iteration name cannot contain control characters.';
	return null;
}

/** `Project\Child\Grandchild`, as the `System.AreaPath` / `System.IterationPath` field value. */
export const classificationPathSchema = z.string({ error: 'Choose a path.' }).check(
	z.minLength(1, 'Choose a path.'),
	z.maxLength(NODE_PATH_MAX, `A path has at most ${NODE_PATH_MAX} characters.`),
	z.superRefine((value, ctx) => {
		const segments = value.split('\\');
		if (segments.length > NODE_DEPTH_MAX + 1) {
			ctx.addIssue({
				code: 'custom',
				message: `A path has at most ${NODE_DEPTH_MAX} levels below the project.`
			});
			return;
		}
		for (const segment of segments) {
			const problem = nodeNameProblem(segment);
			if (problem) {
				ctx.addIssue({ code: 'custom', message: problem });
				return;
			}
		}
	})
);

/**
 * Shape of a Server collection URL: `https://host[:port]/[vdir/]collection`. The raw string is
 * checked first (url-input.ts), then parsed; the output is the canonical serialisation, which is
 * what the wizard stores. Only the shape: whether the URL is safe to call is decided on the server.
 */
export const serverBaseUrlSchema = z.string({ error: 'Enter the collection URL.' }).check(
	z.superRefine((value, ctx) => {
		const raw = urlInputProblem(value);
		if (raw) {
			ctx.addIssue({ code: 'custom', message: raw.message, params: { check: raw.check } });
			return;
		}
		let url: URL;
		try {
			url = new URL(value);
		} catch {
			ctx.addIssue({
				code: 'custom',
				message:
					'Enter a full URL starting with https://, for example https://devops.example.com/tfs/DefaultCollection.'
			});
			return;
		}
		if (url.protocol !== 'https:' && url.protocol !== 'http:') {
			ctx.addIssue({ code: 'custom', message: 'The URL must start with https://.' });
			return;
		}
		if (url.search || url.hash || value.includes('?') || value.includes('#')) {
			ctx.addIssue({
				code: 'custom',
				message: 'Remove the query string or fragment: enter the collection URL only.'
			});
			return;
		}
		const segments = url.pathname.split('/').filter(Boolean);
		if (segments.length === 0) {
			ctx.addIssue({
				code: 'custom',
				message:
					'Add the collection to the URL, for example https://devops.example.com/tfs/DefaultCollection.'
			});
			return;
		}
		if (segments.some((s) => s.startsWith('_'))) {
			ctx.addIssue({
				code: 'custom',
				message: 'Enter the collection URL, not a page inside it (remove the part from /_ onwards).'
			});
		}
	}),
	// What the wizard stores and shows is the canonical serialisation that was checked.
	z.overwrite((value) => canonicalCollectionUrl(value) ?? value)
);

/** The collection is the last path segment of a Server base_url. */
export function collectionFromBaseUrl(baseUrl: string): string | null {
	try {
		const segments = new URL(baseUrl).pathname.split('/').filter(Boolean);
		const last = segments.at(-1);
		return last ? decodeURIComponent(last) : null;
	} catch {
		return null;
	}
}

export const SERVICES_HOST = 'dev.azure.com';

/** The Services collection URL of an organization (the org *is* the collection). */
export function servicesBaseUrl(organization: string): string {
	return `https://${SERVICES_HOST}/${encodeURIComponent(organization)}`;
}

/** First zod message of a failed parse, for showing beside the field. */
export function firstIssue(result: { success: boolean; error?: z.core.$ZodError }): string | null {
	if (result.success) return null;
	return result.error?.issues[0]?.message ?? 'This value is not valid.';
}
