import { describe, expect, it } from 'vitest';
import { stepResults } from './step-results';
import { AT, serverDraft, servicesDraft } from './view-drafts.samples';

describe('stepResults', () => {
	it('lists Services results before the current step with record field names', () => {
		const results = stepResults(servicesDraft, 'mapping');
		expect(results.map((r) => r.step)).toEqual([
			'provider',
			'organization',
			'credential',
			'connection',
			'project',
			'scopes'
		]);
		expect(results[0]?.sentence).toBe(
			'provider_key is recorded as azure_devops_services before project fields are requested.'
		);
		expect(results[0]?.fields).toEqual([
			{ name: 'provider_key', value: 'azure_devops_services' },
			{ name: 'deployment_mode', value: 'cloud' }
		]);
		expect(results.find((r) => r.step === 'organization')?.fields.map((f) => f.name)).toEqual([
			'organization',
			'base_url',
			'auth_method'
		]);
		expect(results.find((r) => r.step === 'project')?.fields).toContainEqual({
			name: 'project',
			value: 'Fabrikam Fiber'
		});
	});

	it('adds the mapping result once the dry run passed and the admin moved on', () => {
		const results = stepResults(servicesDraft, 'review');
		expect(results.find((r) => r.step === 'mapping')?.fields).toEqual([
			{ name: 'work_item_type', value: 'Bug' },
			{ name: 'area_path', value: 'Fabrikam Fiber\\Web' },
			{ name: 'iteration_path', value: 'Fabrikam Fiber\\Sprint 1' }
		]);
	});

	it('lists Server confirmations, base_url and allowlist_status', () => {
		const results = stepResults(serverDraft, 'credential');
		expect(results.map((r) => r.step)).toEqual(['provider', 'attestations', 'base_url', 'network']);
		expect(results.find((r) => r.step === 'base_url')?.sentence).toContain(
			'private-network checks ran before any token was accepted'
		);
		expect(results.find((r) => r.step === 'network')?.fields).toEqual([
			{ name: 'allowlist_status', value: 'vpn' }
		]);
	});

	it('shows nothing for steps not reached and never a token', () => {
		expect(stepResults(serverDraft, 'base_url').map((r) => r.step)).toEqual([
			'provider',
			'attestations'
		]);
		const saved = stepResults(servicesDraft, 'saved', {
			credential_fingerprint: 'sha256:0123456789abcdef',
			saved_at: AT
		});
		expect(saved.at(-1)?.fields).toEqual([
			{ name: 'credential_fingerprint', value: 'sha256:0123456789abcdef' },
			{ name: 'saved_at', value: '2026-11-26 10:00 UTC' }
		]);
		expect(JSON.stringify(saved)).not.toMatch(/token"/);
	});
});
