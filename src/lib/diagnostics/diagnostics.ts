import { BLOCKED_CODES, PROBE_NAMES, type ProviderRecord, type SetupDraft } from '$lib/domain';
import type { SetupDecision } from '$lib/policy';

/**
 * "Copy diagnostics": a JSON document for a support message. It carries the decision trace,
 * probe outcomes, versions, codes and credential fingerprints, and is redacted twice: known
 * secrets (the live token, in every encoding a header would use) are replaced, and anything
 * shaped like a token, an Authorization value or a secret query parameter is replaced too.
 */

const DIAGNOSTICS_SCHEMA = 'webriskops.azure-devops.diagnostics/1';

export interface DiagnosticsInput {
	now: Date;
	versions: Record<string, string>;
	/** Where the chart is: step id and exact state value. */
	step: string;
	state?: string;
	draft: SetupDraft;
	decision: SetupDecision | null;
	failure?: string | null;
	field_errors?: Record<string, string | undefined>;
	targets?: readonly ProviderRecord[];
	/** Secrets in memory right now (the live token): never in the output, in any encoding. */
	secrets: readonly (string | null | undefined)[];
}

const SECRET_KEYS =
	/^(token|access_token|refresh_token|id_token|code_verifier|client_secret|authorization|password|secret|pat|cookie)$/i;
const SECRET_QUERY =
	/([?&](?:code|state|token|access_token|refresh_token|id_token|code_verifier|client_secret|sig|password)=)[^&#\s"]*/gi;
const PATTERNS: [RegExp, string][] = [
	[/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
	[/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted:jwt]'],
	[/\b[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}\b/g, '[redacted:pat]'],
	[/\b[a-z2-7]{52}\b/g, '[redacted:pat]']
];

function secretForms(secret: string): string[] {
	const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));
	// The token itself, URL-encoded, and the Basic header forms (`:token`, `PAT:token`) in base64.
	return [
		secret,
		encodeURIComponent(secret),
		b64(`:${secret}`),
		b64(`PAT:${secret}`),
		b64(secret)
	].filter((s) => s.length >= 8);
}

export function redactText(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const secret of secrets)
		for (const form of secretForms(secret)) out = out.split(form).join('[redacted]');
	out = out.replace(SECRET_QUERY, '$1[redacted]');
	for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
	return out;
}

/** Deep copy with secret-named keys blanked and every string redacted. */
function redactValue(value: unknown, secrets: readonly string[]): unknown {
	if (typeof value === 'string') return redactText(value, secrets);
	if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets));
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>).map(([k, v]) => [
				redactText(k, secrets),
				SECRET_KEYS.test(k) && v !== null && v !== undefined
					? '[redacted]'
					: redactValue(v, secrets)
			])
		);
	}
	return value;
}

export function buildDiagnostics(input: DiagnosticsInput): string {
	const secrets = input.secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
	const d = input.draft;
	const probes = Object.fromEntries(
		PROBE_NAMES.flatMap((p) => {
			const r = d.results[p];
			if (!r) return [];
			return [
				[
					p,
					r.ok
						? { ok: true, at: r.at, data: r.data }
						: {
								ok: false,
								at: r.at,
								code: r.code,
								check: 'check' in r ? r.check : undefined,
								message: r.message
							}
				]
			];
		})
	);
	const codes = new Set<string>();
	for (const r of Object.values(probes) as { code?: string }[]) if (r.code) codes.add(r.code);
	for (const b of input.decision?.blocked ?? []) codes.add(b.code);
	const doc = {
		schema: DIAGNOSTICS_SCHEMA,
		generated_at: input.now.toISOString(),
		versions: input.versions,
		setup: {
			step: input.step,
			...(input.state ? { state: input.state } : {}),
			provider_key: d.provider_key ?? null,
			deployment_mode: d.deployment_mode ?? null,
			organization: d.organization ?? null,
			base_url: d.base_url ?? null,
			project: d.project ?? null,
			auth_method: d.auth_method ?? null,
			token_expires_at: d.token_expires_at ?? null,
			credential_in_memory: secrets.length > 0,
			mapping: d.mapping
		},
		codes: [...codes].filter((c) => (BLOCKED_CODES as readonly string[]).includes(c)).sort(),
		failure: input.failure ?? null,
		field_errors: input.field_errors ?? {},
		probes,
		decision: input.decision,
		targets: (input.targets ?? []).map((t) => ({
			id: t.id,
			provider_key: t.provider_key,
			organization: t.organization,
			project: t.project,
			auth_method: t.auth_method,
			status: t.status,
			blocked_code: t.blocked_code,
			credential_fingerprint: t.credential_fingerprint,
			token_expires_at: t.token_expires_at,
			last_verified_at: t.last_verified_at
		}))
	};
	return JSON.stringify(redactValue(doc, secrets), null, 2);
}
