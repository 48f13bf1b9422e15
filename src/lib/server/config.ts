import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseAllowlist } from '$lib/server/url-safety';
import { DEFAULT_ADMISSION_LIMITS, type AdmissionLimits } from './admission';

/** Operator settings (server environment only; the browser can never change them). */
export interface OperatorConfig {
	/** Raw allowlist entries, each already validated by url-safety's parser. */
	allowlist: string[];
	/** PEM text of extra trusted CAs (private-CA servers). */
	extraCa?: string;
	extraCaPath?: string;
	probeTimeoutMs: number;
	/** Demo only: replaces https://dev.azure.com (and the vssps host) by this loopback origin. */
	servicesOrigin?: string;
	/** Services organizations used to tell a global PAT (it also opens them) from an org-scoped one. */
	crossCheckOrganizations: string[];
	/** Sign-in with Microsoft Entra ID for Services (public client, PKCE); absent when not registered. */
	entra?: EntraSettings;
	/**
	 * Lower-case header an authenticating reverse proxy sets to the signed-in user; when set,
	 * requests without it are refused (401) and its value is the actor in the logs.
	 */
	trustedUserHeader?: string;
	/** Probes in flight and per-client rate; defaults when absent. */
	admission?: AdmissionLimits;
}

/** What the browser needs to run the authorization-code + PKCE flow; none of it is secret. */
interface EntraSettings {
	client_id: string;
	/** e.g. https://login.microsoftonline.com/{tenant} (or the demo simulator's /_entra/{tenant}). */
	authority: string;
	redirect_uri: string;
}

/** The path of this app that receives the authorization response. */
export const ENTRA_CALLBACK_PATH = '/settings/integrations/azure-devops/oauth/callback';

/** The embedded simulator's organizations: the demo cross-check when none is configured. */
const DEMO_CROSS_CHECK_ORGANIZATIONS = ['fabrikam', 'contoso-security'];

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

function count(min: number, max: number) {
	return z
		.string()
		.regex(/^\d+$/, 'must be a whole number')
		.transform(Number)
		.pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
		.optional();
}

const envSchema = z.object({
	WEBRISKOPS_OUTBOUND_ALLOWLIST: z.string().max(8192).optional(),
	WEBRISKOPS_EXTRA_CA_CERTS: z.string().min(1).max(4096).optional(),
	WEBRISKOPS_PROBE_TIMEOUT_MS: z
		.string()
		.regex(/^\d+$/, 'must be a whole number of milliseconds')
		.transform(Number)
		.pipe(z.number().int().min(500, 'must be at least 500').max(120_000, 'must be at most 120000'))
		.optional(),
	WEBRISKOPS_AZURE_DEVOPS_SERVICES_ORIGIN: z
		.string()
		.regex(
			/^https?:\/\/[^/?#@\s]+\/?$/,
			'must be an origin like http://127.0.0.1:8081 (scheme, host, port; no path)'
		)
		.optional(),
	WEBRISKOPS_AZURE_DEVOPS_CROSS_CHECK_ORGANIZATIONS: z
		.string()
		.regex(
			/^[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*$/,
			'must be a comma-separated list of organization names'
		)
		.optional(),
	WEBRISKOPS_TRUSTED_USER_HEADER: z
		.string()
		.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an HTTP header name like X-Forwarded-User')
		.refine(
			(h) => !/^(host|origin|cookie|authorization|content-[a-z-]+|sec-[a-z-]+)$/i.test(h),
			'must be a header only the proxy sets, not a standard request header'
		)
		.optional(),
	WEBRISKOPS_PROBE_CONCURRENCY: count(1, 1000),
	WEBRISKOPS_PROBE_CONCURRENCY_PER_CLIENT: count(1, 100),
	WEBRISKOPS_PROBE_RATE_PER_MINUTE: count(1, 100_000),
	WEBRISKOPS_ENTRA_CLIENT_ID: z
		.string()
		.regex(
			/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
			'must be the application (client) id, a GUID'
		)
		.optional(),
	WEBRISKOPS_ENTRA_AUTHORITY: z
		.string()
		.regex(
			/^https?:\/\/[^/?#@\s]+\/[^?#\s]+$/,
			'must be an authority URL like https://login.microsoftonline.com/{tenant id}'
		)
		.optional(),
	WEBRISKOPS_ENTRA_REDIRECT_URI: z
		.string()
		.regex(/^https?:\/\/[^?#@\s]+$/, 'must be an absolute http(s) URL without query')
		.optional()
});

/**
 * Parses the operator settings. Throws an Error whose message names the bad setting (and, for the
 * allowlist, the malformed entry), so a misconfigured server refuses to start.
 */
export function loadOperatorConfig(env: Record<string, string | undefined>): OperatorConfig {
	const blankToUndefined = Object.fromEntries(
		Object.entries(env)
			.filter(([key]) => key.startsWith('WEBRISKOPS_'))
			.map(([key, value]) => [key, value?.trim() === '' ? undefined : value?.trim()])
	);
	const parsed = envSchema.safeParse(blankToUndefined);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new Error(
			`Invalid operator setting ${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid value'}.`
		);
	}
	const settings = parsed.data;

	const rawAllowlist = settings.WEBRISKOPS_OUTBOUND_ALLOWLIST ?? '';
	try {
		parseAllowlist(rawAllowlist);
	} catch (error) {
		throw new Error(
			`Invalid operator setting WEBRISKOPS_OUTBOUND_ALLOWLIST: ${error instanceof Error ? error.message : String(error)}`
		);
	}
	const allowlist = rawAllowlist
		.split(',')
		.map((e) => e.trim())
		.filter(Boolean);

	let extraCa: string | undefined;
	if (settings.WEBRISKOPS_EXTRA_CA_CERTS) {
		try {
			extraCa = readFileSync(settings.WEBRISKOPS_EXTRA_CA_CERTS, 'utf8');
		} catch {
			throw new Error(
				`Invalid operator setting WEBRISKOPS_EXTRA_CA_CERTS: cannot read ${settings.WEBRISKOPS_EXTRA_CA_CERTS}.`
			);
		}
		if (!/-----BEGIN CERTIFICATE-----/.test(extraCa)) {
			throw new Error(
				`Invalid operator setting WEBRISKOPS_EXTRA_CA_CERTS: ${settings.WEBRISKOPS_EXTRA_CA_CERTS} holds no PEM certificate.`
			);
		}
	}

	const servicesOrigin = settings.WEBRISKOPS_AZURE_DEVOPS_SERVICES_ORIGIN;
	if (servicesOrigin) {
		const host = new URL(servicesOrigin).hostname;
		// The substitute is a demo device: only a loopback IP literal may stand in for Microsoft.
		if (host !== '127.0.0.1' && host !== '[::1]') {
			throw new Error(
				'Invalid operator setting WEBRISKOPS_AZURE_DEVOPS_SERVICES_ORIGIN: must be a loopback IP literal (127.0.0.1 or [::1]).'
			);
		}
	}

	const entra = entraSettings(settings, env.ORIGIN);

	const admission: AdmissionLimits = {
		global: settings.WEBRISKOPS_PROBE_CONCURRENCY ?? DEFAULT_ADMISSION_LIMITS.global,
		perClient:
			settings.WEBRISKOPS_PROBE_CONCURRENCY_PER_CLIENT ?? DEFAULT_ADMISSION_LIMITS.perClient,
		perMinute: settings.WEBRISKOPS_PROBE_RATE_PER_MINUTE ?? DEFAULT_ADMISSION_LIMITS.perMinute
	};

	return {
		allowlist,
		admission,
		...(settings.WEBRISKOPS_TRUSTED_USER_HEADER
			? { trustedUserHeader: settings.WEBRISKOPS_TRUSTED_USER_HEADER.toLowerCase() }
			: {}),
		...(entra ? { entra } : {}),
		...(extraCa ? { extraCa, extraCaPath: settings.WEBRISKOPS_EXTRA_CA_CERTS } : {}),
		probeTimeoutMs: settings.WEBRISKOPS_PROBE_TIMEOUT_MS ?? DEFAULT_PROBE_TIMEOUT_MS,
		...(servicesOrigin ? { servicesOrigin: servicesOrigin.replace(/\/+$/, '') } : {}),
		crossCheckOrganizations: settings.WEBRISKOPS_AZURE_DEVOPS_CROSS_CHECK_ORGANIZATIONS
			? settings.WEBRISKOPS_AZURE_DEVOPS_CROSS_CHECK_ORGANIZATIONS.split(',').map((o) => o.trim())
			: servicesOrigin
				? [...DEMO_CROSS_CHECK_ORGANIZATIONS]
				: []
	};
}

function isLoopbackLiteral(host: string): boolean {
	return host === '127.0.0.1' || host === '[::1]';
}

function entraSettings(
	settings: {
		WEBRISKOPS_ENTRA_CLIENT_ID?: string | undefined;
		WEBRISKOPS_ENTRA_AUTHORITY?: string | undefined;
		WEBRISKOPS_ENTRA_REDIRECT_URI?: string | undefined;
	},
	appOrigin: string | undefined
): EntraSettings | undefined {
	const clientId = settings.WEBRISKOPS_ENTRA_CLIENT_ID;
	const authority = settings.WEBRISKOPS_ENTRA_AUTHORITY?.replace(/\/+$/, '');
	if (!clientId && !authority) return undefined;
	if (!clientId || !authority) {
		throw new Error(
			`Invalid operator setting ${clientId ? 'WEBRISKOPS_ENTRA_AUTHORITY' : 'WEBRISKOPS_ENTRA_CLIENT_ID'}: Entra ID sign-in needs both the client id and the authority.`
		);
	}
	const authorityUrl = new URL(authority);
	// Plain http only for the demo authority on a loopback literal; a real authority is https.
	if (
		authorityUrl.protocol !== 'https:' &&
		!isLoopbackLiteral(authorityUrl.host.replace(/:\d+$/, ''))
	) {
		throw new Error(
			'Invalid operator setting WEBRISKOPS_ENTRA_AUTHORITY: must be https (plain http only for a loopback demo authority).'
		);
	}
	const redirect =
		settings.WEBRISKOPS_ENTRA_REDIRECT_URI ??
		(appOrigin ? `${appOrigin.replace(/\/+$/, '')}${ENTRA_CALLBACK_PATH}` : undefined);
	if (!redirect)
		throw new Error(
			'Invalid operator setting WEBRISKOPS_ENTRA_REDIRECT_URI: required when ORIGIN is not set.'
		);
	if (new URL(redirect).pathname !== ENTRA_CALLBACK_PATH) {
		throw new Error(
			`Invalid operator setting WEBRISKOPS_ENTRA_REDIRECT_URI: the path must be ${ENTRA_CALLBACK_PATH}.`
		);
	}
	return { client_id: clientId.toLowerCase(), authority, redirect_uri: redirect };
}
