import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, type ProviderRecord } from '$lib/domain';
import { sampleServicesRecord } from '$lib/domain/provider-record.samples';
import { integrationStatusView } from './integration-status';
import type { PersistedSetup } from './setup-persistence';

const AT = '2026-11-26T10:00:00.000Z';

function target(over: Partial<ProviderRecord> = {}): ProviderRecord {
	return sampleServicesRecord(over);
}

function persisted(over: Partial<PersistedSetup> = {}): PersistedSetup {
	return {
		schema: 1,
		step: 'base_url',
		draft: { ...EMPTY_DRAFT, provider_key: 'azure_devops_server', deployment_mode: 'self-hosted' },
		saved: null,
		...over
	};
}

describe('integrationStatusView', () => {
	it('is not configured with nothing stored, and offers to start', () => {
		const view = integrationStatusView(null, []);
		expect(view.state).toBe('not_configured');
		expect(view.action).toEqual({ kind: 'start', label: 'Set up Azure DevOps target' });
	});

	it('treats a draft without a provider as not configured', () => {
		expect(
			integrationStatusView(persisted({ step: 'provider', draft: EMPTY_DRAFT }), []).state
		).toBe('not_configured');
	});

	it('shows a draft at its step with a continue action', () => {
		const view = integrationStatusView(persisted(), []);
		expect(view.state).toBe('draft');
		if (view.state !== 'draft') return;
		expect(view.step).toBe('base_url');
		expect(view.headline).toBe('Azure DevOps Server setup is a draft at step “Server URL”');
		expect(view.action).toEqual({ kind: 'continue', label: 'Continue at Server URL' });
	});

	it('shows the most recent failed probe of a draft as blocked with its code and fix', () => {
		const view = integrationStatusView(
			persisted({
				draft: {
					...EMPTY_DRAFT,
					provider_key: 'azure_devops_server',
					results: {
						'base-url': {
							ok: false,
							code: 'PROVIDER_BASE_URL_BLOCKED',
							message: 'm',
							fix: 'f',
							at: '2026-11-26T09:00:00.000Z'
						},
						connection: {
							ok: false,
							code: 'PROVIDER_AUTH_REQUIRED',
							message: 'm',
							fix: 'f',
							at: AT
						}
					}
				}
			}),
			[]
		);
		expect(view.state).toBe('blocked');
		if (view.state !== 'blocked') return;
		expect(view.code).toBe('PROVIDER_AUTH_REQUIRED');
		expect(view.step).toBe('credential');
		expect(view.fix).toMatch(/^Reconnect OAuth/);
	});

	it('is ready with the saved targets and their last verification', () => {
		const view = integrationStatusView(
			persisted({
				saved: { target_id: 't1', credential_fingerprint: 'sha256:0123456789abcdef', saved_at: AT }
			}),
			[target()]
		);
		expect(view.state).toBe('ready');
		expect(view.targets).toEqual([
			expect.objectContaining({
				id: 't1',
				provider_label: 'Azure DevOps Services',
				status: 'ready',
				last_verified_label: '2026-11-26 10:00 UTC'
			})
		]);
	});

	it('reports a saved target that became blocked', () => {
		const view = integrationStatusView(null, [
			target(),
			target({
				id: 't2',
				status: 'blocked',
				blocked_code: 'PROVIDER_SCOPE_UNAVAILABLE',
				updated_at: '2026-11-26T11:00:00.000Z'
			})
		]);
		expect(view.state).toBe('blocked');
		if (view.state !== 'blocked') return;
		expect(view.code).toBe('PROVIDER_SCOPE_UNAVAILABLE');
		expect(view.targets.map((t) => t.id)).toEqual(['t2', 't1']);
	});

	it('prefers an unfinished draft over saved targets', () => {
		expect(integrationStatusView(persisted(), [target()]).state).toBe('draft');
	});
});
