import { describe, expect, it } from 'vitest';
import { expiryToIso, isoToDateInput, tokenPageUrl } from './credential-view';
import { serverDraft } from './view-drafts.samples';

describe('credential step helpers', () => {
	it('builds the token page from the organization or the base_url', () => {
		expect(tokenPageUrl({ provider_key: 'azure_devops_services', organization: 'fabrikam' })).toBe(
			'https://dev.azure.com/fabrikam/_usersSettings/tokens'
		);
		expect(tokenPageUrl(serverDraft)).toBe(
			'https://devops.example.com/tfs/DefaultCollection/_usersSettings/tokens'
		);
		expect(tokenPageUrl({ provider_key: 'azure_devops_server' })).toBeNull();
	});

	it('converts expiry dates both ways and refuses nonsense', () => {
		expect(expiryToIso('2027-01-31')).toBe('2027-01-31T23:59:59.000Z');
		expect(expiryToIso('2027-02-31')).toBe('2027-03-03T23:59:59.000Z');
		expect(expiryToIso('31/01/2027')).toBeUndefined();
		expect(expiryToIso('')).toBeUndefined();
		expect(isoToDateInput('2027-01-31T23:59:59.000Z')).toBe('2027-01-31');
		expect(isoToDateInput(undefined)).toBe('');
	});
});
