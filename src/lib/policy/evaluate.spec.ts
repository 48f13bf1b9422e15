import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, type BlockedCode, type SetupDraft } from '$lib/domain';
import { evaluateDraft, evaluateSetup } from '$lib/policy';
import { createEvaluator, explainBlocked, setupDecisionSchema } from './evaluate';
import { buildFacts } from './facts';
import { loadRuleSet } from './load-rules';
import { isRuleFile, loadNodeRuleSet, readJsonFiles } from './rules.node.js';
import { READY_SERVER_DRAFT, READY_SERVICES_DRAFT, SAMPLE_NOW } from './sample-drafts';

const evaluate = createEvaluator(loadNodeRuleSet());
const facts = (draft: SetupDraft) => buildFacts(draft, SAMPLE_NOW);
const AT = '2026-11-26T11:00:00.000Z';
const failed = (code: BlockedCode) => ({
	ok: false as const,
	code,
	message: 'm',
	fix: 'f',
	at: AT
});
const codes = (d: { blocked: Array<{ code: string }> }) => [
	...new Set(d.blocked.map((b) => b.code))
];

describe('evaluateSetup', () => {
	it('a complete Services target is ready and can be saved', async () => {
		const d = await evaluate(facts(READY_SERVICES_DRAFT));
		expect(d.blocked).toEqual([]);
		expect(d).toMatchObject({
			services_ready: true,
			server_ready: false,
			project_ready: true,
			field_mapping_ready: true,
			network_ready: true,
			can_save: true
		});
		expect(setupDecisionSchema.safeParse(d).success).toBe(true);
	});

	it('a complete Server target is ready and can be saved', async () => {
		const d = await evaluate(facts(READY_SERVER_DRAFT));
		expect(d).toMatchObject({
			services_ready: false,
			server_ready: true,
			network_ready: true,
			can_save: true,
			blocked: []
		});
	});

	it('an empty draft is ready for nothing', async () => {
		const d = await evaluate(facts(EMPTY_DRAFT));
		expect(d).toMatchObject({
			services_ready: false,
			server_ready: false,
			project_ready: false,
			field_mapping_ready: false,
			network_ready: false,
			can_save: false
		});
		expect(codes(d)).toContain('PROVIDER_PROJECT_REQUIRED');
	});

	it('is deterministic: the same facts give byte-identical decisions', async () => {
		const f = facts({
			...READY_SERVER_DRAFT,
			allowlist_status: 'pending',
			token_expires_at: '2026-01-01T00:00:00.000Z'
		});
		const a = JSON.stringify(await evaluate(f));
		const b = JSON.stringify(await evaluate(structuredClone(f)));
		expect(a).toBe(b);
	});

	it.each<[string, SetupDraft, BlockedCode, string, string]>([
		[
			'a refused credential',
			{
				...READY_SERVICES_DRAFT,
				results: { ...READY_SERVICES_DRAFT.results, connection: failed('PROVIDER_AUTH_REQUIRED') }
			},
			'PROVIDER_AUTH_REQUIRED',
			'auth-required',
			'credential'
		],
		[
			'a pending network path',
			{ ...READY_SERVER_DRAFT, allowlist_status: 'pending' },
			'PROVIDER_BASE_URL_UNREACHABLE',
			'server-network-path-unsafe',
			'network'
		],
		[
			'a Server URL without collection',
			{ ...READY_SERVER_DRAFT, organization: undefined },
			'PROVIDER_ORGANIZATION_REQUIRED',
			'server-collection-required',
			'base_url'
		],
		[
			'a Services target without organization',
			{ ...READY_SERVICES_DRAFT, organization: undefined },
			'PROVIDER_ORGANIZATION_REQUIRED',
			'services-organization-required',
			'organization'
		],
		[
			'missing confirmations',
			{
				...READY_SERVER_DRAFT,
				attestations: { owns_server: true, api_reachable: false, scan_export_authorized: true }
			},
			'PROVIDER_BASE_URL_BLOCKED',
			'server-confirmations-required',
			'attestations'
		],
		[
			'a throttled check',
			{
				...READY_SERVICES_DRAFT,
				results: { ...READY_SERVICES_DRAFT.results, projects: failed('PROVIDER_RATE_LIMITED') }
			},
			'PROVIDER_RATE_LIMITED',
			'rate-limited',
			'connection'
		]
	])(
		'%s blocks with its code, rule and step, and cannot be saved',
		async (_name, draft, code, rule_id, step) => {
			const d = await evaluate(facts(draft));
			expect(d.can_save).toBe(false);
			const entry = d.blocked.find((b) => b.rule_id === rule_id);
			expect(entry).toMatchObject({ code, step });
			expect(entry?.message.length).toBeGreaterThan(10);
			expect(entry?.fix.length).toBeGreaterThan(10);
		}
	);

	describe('too-broad credentials', () => {
		const broad = (patch: Partial<SetupDraft>, global: boolean) => {
			const c = READY_SERVICES_DRAFT.results.connection;
			if (!c?.ok) throw new Error('sample draft lost its connection result');
			return {
				...READY_SERVICES_DRAFT,
				...patch,
				results: {
					...READY_SERVICES_DRAFT.results,
					connection: {
						...c,
						data: { ...c.data, credential_too_broad: true, credential_global: global }
					}
				}
			};
		};
		it('extra access blocks until acknowledged', async () => {
			expect(codes(await evaluate(facts(broad({}, false))))).toEqual([
				'PROVIDER_CREDENTIAL_TOO_BROAD'
			]);
			const ok = await evaluate(facts(broad({ broad_scopes_acknowledged: true }, false)));
			expect(ok.blocked).toEqual([]);
			expect(ok.can_save).toBe(true);
		});
		it('a global token blocks even when acknowledged', async () => {
			const d = await evaluate(facts(broad({ broad_scopes_acknowledged: true }, true)));
			expect(d.blocked.map((b) => b.rule_id)).toEqual(['global-token']);
			expect(d.services_ready).toBe(false);
			expect(d.can_save).toBe(false);
		});
	});

	it('refuses facts that fail their schema instead of treating them as ready', async () => {
		const f = { ...facts(READY_SERVICES_DRAFT), network_ready: true } as unknown;
		await expect(evaluate(f)).rejects.toThrow(/Facts refused \(nothing is ready\).*network_ready/);
		const { preflight_valid: _dropped, ...missing } = facts(READY_SERVICES_DRAFT);
		await expect(evaluate(missing)).rejects.toThrow(/preflight_valid/);
	});

	it('traces every rule with passed and failed conditions, fact values and plain words', async () => {
		const d = await evaluate(facts({ ...READY_SERVER_DRAFT, allowlist_status: 'pending' }));
		expect(d.trace.map((t) => t.rule_id).sort()).toEqual(
			loadNodeRuleSet()
				.rules.map((r) => r.id)
				.sort()
		);
		const network = d.trace.find((t) => t.rule_id === 'network-ready');
		expect(network?.fired).toBe(false);
		const failedCondition = network?.conditions.find(
			(c) => c.fact === 'allowlist_status' && c.operator === 'in'
		);
		expect(failedCondition?.result).toBe('failed');
		expect(failedCondition?.fact_value).toBe('pending');
		expect(failedCondition?.text).toContain(
			'One of: the network path (allowlist_status) is one of'
		);
		expect(
			network?.conditions.find(
				(c) => c.fact === 'provider_key' && c.value === 'azure_devops_server'
			)?.result
		).toBe('passed');
		expect(failedCondition?.text).toContain('it is "pending"');
	});

	it('marks conditions skipped after a higher-priority failure as not evaluated', async () => {
		const files = readJsonFiles(isRuleFile);
		const edited = structuredClone(files);
		const rule = edited['rules/credential/global-token/rule.json'] as { conditions: unknown };
		rule.conditions = {
			all: [
				{ fact: 'credential_global', operator: 'equal', value: true, priority: 2 },
				{ fact: 'connection_check', operator: 'equal', value: 'passed', priority: 1 }
			]
		};
		const d = await createEvaluator(loadRuleSet(edited))(facts(READY_SERVICES_DRAFT));
		const t = d.trace.find((x) => x.rule_id === 'global-token');
		expect(t?.conditions.map((c) => c.result)).toEqual(['failed', 'not_evaluated']);
		expect(t?.conditions[1]?.text).toContain('not evaluated');
		expect(t?.conditions[1]?.fact_value).toBe('passed');
	});

	it('explains a blocked code with the conditions that held', async () => {
		const d = await evaluate(facts({ ...READY_SERVER_DRAFT, allowlist_status: 'unreachable' }));
		const why = explainBlocked(d, 'PROVIDER_BASE_URL_UNREACHABLE');
		expect(why).toEqual([
			{
				rule_id: 'server-network-path-unsafe',
				title: 'Server needs a safe network path',
				lines: [
					'the chosen provider (provider_key) is "azure_devops_server" — it is "azure_devops_server".',
					'the network path (allowlist_status) is not one of "direct", "allowlisted", "vpn", "approved_tunnel" — it is "unreachable".'
				]
			}
		]);
		expect(explainBlocked(d, 'PROVIDER_RATE_LIMITED')).toEqual([]);
	});
});

describe('rules are data', () => {
	it('changing only a rule file changes the outcome, with no code change', async () => {
		const files = readJsonFiles(isRuleFile);
		const vpnDraft = { ...READY_SERVER_DRAFT, allowlist_status: 'vpn' as const };
		expect((await createEvaluator(loadRuleSet(files))(facts(vpnDraft))).can_save).toBe(true);

		// A reviewer decides a VPN is not a safe path: edit a copy of network-ready only.
		const edited = structuredClone(files);
		const rule = edited['rules/network/network-ready/rule.json'] as {
			conditions: { any: Array<{ all: Array<{ fact: string; value: unknown }> }> };
		};
		for (const group of rule.conditions.any) {
			for (const c of group.all)
				if (c.fact === 'allowlist_status' && Array.isArray(c.value))
					c.value = c.value.filter((v) => v !== 'vpn');
		}
		const d = await createEvaluator(loadRuleSet(edited))(facts(vpnDraft));
		expect(d.network_ready).toBe(false);
		expect(d.can_save).toBe(false);
	});
});

describe('the app entry points (vite adapter)', () => {
	it('evaluateDraft and evaluateSetup use the same rules/ as the Node adapter', async () => {
		const viaVite = await evaluateDraft(READY_SERVICES_DRAFT, SAMPLE_NOW);
		expect(viaVite).toEqual(await evaluate(facts(READY_SERVICES_DRAFT)));
		expect((await evaluateSetup(facts(EMPTY_DRAFT))).can_save).toBe(false);
	});
});
