import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, type SetupDraft } from '$lib/domain';
import { buildFacts, FACT_CATALOGUE, factsSchema, parseFacts } from './facts';
import { READY_SERVICES_DRAFT, SAMPLE_NOW } from './sample-drafts';

const AT = '2026-11-26T11:00:00.000Z';
const withConnection = (patch: Record<string, unknown>): SetupDraft => {
	const c = READY_SERVICES_DRAFT.results.connection;
	if (!c?.ok) throw new Error('sample draft lost its connection result');
	return {
		...READY_SERVICES_DRAFT,
		results: {
			...READY_SERVICES_DRAFT.results,
			connection: { ...c, data: { ...c.data, ...patch } }
		}
	};
};

describe('buildFacts', () => {
	it('gives every catalogued draft fact a value (null when unknown, never absent)', () => {
		const facts = buildFacts(EMPTY_DRAFT, SAMPLE_NOW) as Record<string, unknown>;
		for (const f of FACT_CATALOGUE.filter((x) => x.stage === 'draft'))
			expect(facts).toHaveProperty(f.name);
		expect(facts.provider_key).toBeNull();
		expect(facts.connection_check).toBe('not_run');
		expect(facts.credential_global).toBeNull();
	});

	it.each([
		[
			'an expiry in the past',
			{ token_expires_at: '2026-11-26T11:59:59.000Z' },
			'token_expired',
			true
		],
		[
			'an expiry equal to now',
			{ token_expires_at: SAMPLE_NOW.toISOString() },
			'token_expired',
			true
		],
		[
			'an expiry in the future',
			{ token_expires_at: '2026-11-27T00:00:00.000Z' },
			'token_expired',
			false
		],
		['no expiry', { token_expires_at: undefined }, 'token_expired', null],
		['a blank organization', { organization: '  ' }, 'organization', null],
		['a blank project', { project: '' }, 'project', null],
		['a project other than the discovered one', { project: 'Other' }, 'project_discovered', false],
		[
			'partial attestations',
			{ attestations: { owns_server: true, api_reachable: true, scan_export_authorized: false } },
			'server_attestations_confirmed',
			false
		]
	])('reads %s', (_name, patch, fact, value) => {
		const facts = buildFacts(
			{ ...READY_SERVICES_DRAFT, ...patch } as SetupDraft,
			SAMPLE_NOW
		) as Record<string, unknown>;
		expect(facts[fact]).toBe(value);
	});

	it.each([
		['7.1', 7.1],
		['5.0-preview', 5],
		['4.1', 4.1],
		['unknown', null]
	])('reads api-version %s as %s', (api_version, expected) => {
		expect(buildFacts(withConnection({ api_version }), SAMPLE_NOW).api_version).toBe(expected);
	});

	it('flags extra access from the connection or the scope proof', () => {
		expect(
			buildFacts(withConnection({ credential_too_broad: true }), SAMPLE_NOW).credential_too_broad
		).toBe(true);
		const caps = READY_SERVICES_DRAFT.results.capabilities;
		if (!caps?.ok) throw new Error('sample draft lost its capabilities result');
		const draft = {
			...READY_SERVICES_DRAFT,
			results: {
				...READY_SERVICES_DRAFT.results,
				capabilities: { ...caps, data: { ...caps.data, extra_access: ['code'] } }
			}
		};
		expect(buildFacts(draft, SAMPLE_NOW).credential_too_broad).toBe(true);
	});

	it('turns probe failures into error-code facts, sorted and distinct', () => {
		const fail = (code: 'PROVIDER_AUTH_REQUIRED' | 'PROVIDER_RATE_LIMITED') => ({
			ok: false as const,
			code,
			message: 'm',
			fix: 'f',
			at: AT
		});
		const facts = buildFacts(
			{
				...EMPTY_DRAFT,
				results: {
					connection: fail('PROVIDER_RATE_LIMITED'),
					projects: fail('PROVIDER_AUTH_REQUIRED'),
					discovery: fail('PROVIDER_AUTH_REQUIRED')
				}
			},
			SAMPLE_NOW
		);
		expect(facts.connection_check).toBe('failed');
		expect(facts.connection_error_code).toBe('PROVIDER_RATE_LIMITED');
		expect(facts.probe_error_codes).toEqual(['PROVIDER_AUTH_REQUIRED', 'PROVIDER_RATE_LIMITED']);
	});

	it('refuses a draft that fails its schema', () => {
		expect(() =>
			buildFacts({ ...EMPTY_DRAFT, provider_key: 'gitlab' } as unknown as SetupDraft, SAMPLE_NOW)
		).toThrow();
	});
});

describe('parseFacts', () => {
	const good = buildFacts(READY_SERVICES_DRAFT, SAMPLE_NOW);
	it.each([
		[
			'a missing fact',
			(() => {
				const { project: _p, ...rest } = good;
				return rest;
			})(),
			'project'
		],
		['a wrongly typed fact', { ...good, api_version: '7.1' }, 'api_version'],
		['an unknown fact', { ...good, is_ready: true }, 'is_ready'],
		['undefined instead of null', { ...good, organization: undefined }, 'organization']
	])('refuses %s, naming it', (_name, input, fact) => {
		expect(() => parseFacts(input)).toThrow(
			new RegExp(`Facts refused \\(nothing is ready\\):.*${fact}`)
		);
	});

	it('accepts the facts it built', () => {
		expect(factsSchema.safeParse(good).success).toBe(true);
	});
});
