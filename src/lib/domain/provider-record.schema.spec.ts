import { describe, expect, it } from 'vitest';
import { credentialFingerprint } from './credential';
import { sampleServerRecord } from './provider-record.samples';
import { providerRecordSchema } from './provider-record.schema';

const record = sampleServerRecord({
	area_path: 'Fabrikam Fiber\\Web',
	iteration_path: 'Fabrikam Fiber\\Sprint 1',
	severity_mapping: {
		critical: '1 - Critical',
		high: '2 - High',
		medium: '3 - Medium',
		low: '4 - Low'
	}
});

describe('provider record', () => {
	it('accepts a complete Server record', () => {
		expect(providerRecordSchema.parse(record)).toEqual(record);
	});

	it('refuses a deployment_mode that contradicts provider_key', () => {
		const result = providerRecordSchema.safeParse({ ...record, deployment_mode: 'cloud' });
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]?.message).toBe('deployment_mode does not match provider_key.');
	});

	it('refuses OAuth for Azure DevOps Server', () => {
		const result = providerRecordSchema.safeParse({ ...record, auth_method: 'oauth' });
		expect(result.error?.issues[0]?.message).toBe(
			'Azure DevOps Server supports personal access tokens only.'
		);
	});

	it('refuses a priority outside 1..4 and an unknown scope', () => {
		expect(
			providerRecordSchema.safeParse({
				...record,
				priority_mapping: { ...record.priority_mapping, low: 5 }
			}).success
		).toBe(false);
		expect(providerRecordSchema.safeParse({ ...record, scopes: ['vso.code'] }).success).toBe(true);
		expect(providerRecordSchema.safeParse({ ...record, scopes: ['anything'] }).success).toBe(false);
	});

	it('has no field that could hold the token', () => {
		const keys = Object.keys(providerRecordSchema.parse({ ...record, token: 'x' }));
		expect(keys.some((k) => /token$|secret|password|authorization/i.test(k))).toBe(false);
	});

	it('fingerprints a credential without revealing it', async () => {
		const token = 'demoleastprivilegefabrikamworkwriteprojectaaaaaaaaaa';
		const fingerprint = await credentialFingerprint(token);
		expect(fingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
		expect(fingerprint).toBe(await credentialFingerprint(token));
		expect(fingerprint).not.toBe(await credentialFingerprint(token + 'b'));
		expect(fingerprint).not.toContain(token.slice(0, 8));
	});
});
