import { describe, expect, it } from 'vitest';
import { evaluateDraft } from '$lib/policy';
import { READY_SERVICES_DRAFT, SAMPLE_NOW } from '$lib/policy/sample-drafts';
import { sampleServicesRecord } from '$lib/domain/provider-record.samples';
import { buildDiagnostics, redactText } from './diagnostics';

// Recognisable canaries in the shapes real credentials have.
const PAT_CANARY = 'canarycanarycanarycanarycanarycanarycanarycanaryzzzz'; // 52 base32 chars
const JWT_CANARY = 'eyJhbGciOiJFUzI1NiJ9.eyJjYW5hcnkiOiJjYW5hcnktand0In0.Y2FuYXJ5LXNpZ25hdHVyZQ';
const OPAQUE_CANARY = 'CANARY-opaque-Token-9f8e7d6c5b4a';
const b64 = (s: string) => Buffer.from(s).toString('base64');

function leaks(out: string, secret: string): string[] {
	return [secret, encodeURIComponent(secret), b64(`:${secret}`), b64(`PAT:${secret}`)].filter(
		(form) => out.includes(form)
	);
}

describe('buildDiagnostics (canary)', () => {
	it.each([
		['PAT', PAT_CANARY],
		['Entra access token (JWT)', JWT_CANARY],
		['opaque token known only as the live secret', OPAQUE_CANARY]
	])('%s never appears, in any encoding, wherever it was smuggled in', async (_name, canary) => {
		const draft = {
			...READY_SERVICES_DRAFT,
			// Places a careless upstream or a careless caller could put it.
			project: `Fabrikam ${canary}`,
			mapping: {
				...READY_SERVICES_DRAFT.mapping,
				custom_fields: {
					'Custom.Note': `Authorization: Basic ${b64(`:${canary}`)}`,
					'Custom.Url': `https://x.example/cb?code=${canary}&state=s`
				}
			}
		};
		const decision = await evaluateDraft(draft, SAMPLE_NOW);
		const out = buildDiagnostics({
			now: SAMPLE_NOW,
			versions: { app: '0.1.0' },
			step: 'review',
			draft,
			decision,
			failure: `Request failed: Bearer ${canary}`,
			field_errors: { token: `the token ${canary} was refused` },
			targets: [sampleServicesRecord()],
			secrets: [canary]
		});
		expect(leaks(out, canary)).toEqual([]);
		// Still useful: the fingerprint, the codes and the trace are there.
		const doc = JSON.parse(out) as {
			targets: { credential_fingerprint: string }[];
			decision: { trace?: unknown } | null;
			schema: string;
		};
		expect(doc.targets[0]?.credential_fingerprint).toMatch(/^sha256:/);
		expect(doc.schema).toBe('webriskops.azure-devops.diagnostics/1');
		expect(doc.decision).not.toBeNull();
	});

	it('shape-based redaction catches tokens nobody declared', () => {
		expect(redactText(`x ${PAT_CANARY} y`, [])).toBe('x [redacted:pat] y');
		expect(redactText(`id=${JWT_CANARY}`, [])).toBe('id=[redacted:jwt]');
		expect(redactText('Authorization: Bearer abc.def', [])).toBe(
			'Authorization: Bearer [redacted]'
		);
		expect(redactText('/cb?code=abc123&state=xyz&keep=1', [])).toBe(
			'/cb?code=[redacted]&state=[redacted]&keep=1'
		);
	});

	it('keeps codes and plain facts', () => {
		expect(redactText('PROVIDER_AUTH_REQUIRED at https://dev.azure.com/fabrikam', [])).toBe(
			'PROVIDER_AUTH_REQUIRED at https://dev.azure.com/fabrikam'
		);
	});
});
