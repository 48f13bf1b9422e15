import { describe, expect, it } from 'vitest';
import { authorizationHeader, baseHeaders } from './auth';
import { AdoError } from './errors';
import { apiUrl, serverUrls, servicesUrls, workItemTypeSegment } from './urls';
import { serverRelease } from './versions';

describe('servicesUrls', () => {
	it('builds dev.azure.com and the identity host', () => {
		const u = servicesUrls({ provider_key: 'azure_devops_services', organization: 'fabrikam' });
		expect(u.collection.href).toBe('https://dev.azure.com/fabrikam/');
		expect(u.identity.href).toBe('https://vssps.dev.azure.com/fabrikam/');
		expect(u.demo).toBe(false);
	});
	it('keeps the legacy visualstudio.com form', () => {
		const u = servicesUrls({
			provider_key: 'azure_devops_services',
			base_url: 'https://fabrikam.visualstudio.com/DefaultCollection'
		});
		expect(u.organization).toBe('fabrikam');
		expect(u.collection.href).toBe('https://fabrikam.visualstudio.com/');
	});
	it('substitutes the demo origin for both hosts', () => {
		const u = servicesUrls(
			{ provider_key: 'azure_devops_services', organization: 'contoso-security' },
			'http://127.0.0.1:8081'
		);
		expect(u.public_url.href).toBe('https://dev.azure.com/contoso-security/');
		expect(u.collection.href).toBe('http://127.0.0.1:8081/contoso-security/');
		expect(u.identity.href).toBe('http://127.0.0.1:8081/_vssps/contoso-security/');
	});
	it.each(['-bad', 'bad-', 'a/b', 'x'.repeat(51), 'evil.com@x'])(
		'refuses organization %s',
		(organization) => {
			expect(() => servicesUrls({ provider_key: 'azure_devops_services', organization })).toThrow(
				AdoError
			);
		}
	);
	it('requires an organization', () => {
		expect(() => servicesUrls({ provider_key: 'azure_devops_services' })).toThrowError(
			expect.objectContaining({ code: 'PROVIDER_ORGANIZATION_REQUIRED' }) as Error
		);
	});
});

describe('serverUrls', () => {
	it('keeps port and virtual directory, drops query and hash', () => {
		const u = serverUrls({
			provider_key: 'azure_devops_server',
			base_url: 'https://tfs.example:8443/tfs/DefaultCollection?x=1#y'
		});
		expect(u.collection.href).toBe('https://tfs.example:8443/tfs/DefaultCollection/');
		expect(apiUrl(u.collection, '_apis/projects', { 'api-version': '7.0', $top: 1 }).href).toBe(
			'https://tfs.example:8443/tfs/DefaultCollection/_apis/projects?api-version=7.0&%24top=1'
		);
	});
	it('requires a collection segment', () => {
		expect(() =>
			serverUrls({ provider_key: 'azure_devops_server', base_url: 'https://tfs.example/' })
		).toThrowError(expect.objectContaining({ code: 'PROVIDER_ORGANIZATION_REQUIRED' }) as Error);
	});
});

describe('auth', () => {
	it('sends a PAT as Basic with an empty user name', () => {
		expect(authorizationHeader({ auth_method: 'pat', token: 'abc' })).toBe(
			`Basic ${Buffer.from(':abc').toString('base64')}`
		);
	});
	it('sends OAuth as Bearer', () => {
		expect(authorizationHeader({ auth_method: 'oauth', token: 'eyJ' })).toBe('Bearer eyJ');
	});
	it('always suppresses sign-in redirects and asks for JSON', () => {
		expect(baseHeaders()).toEqual({
			accept: 'application/json',
			'x-tfs-fedauthredirect': 'Suppress'
		});
	});
});

describe('work item type segment and releases', () => {
	it('encodes the type after a literal $', () => {
		expect(workItemTypeSegment('User Story')).toBe('$User%20Story');
	});
	it.each([
		['7.1', 'Azure DevOps Server'],
		['7.0', 'Azure DevOps Server 2022'],
		['6.1', 'Azure DevOps Server 2020'],
		['5.1', 'Azure DevOps Server 2019'],
		['4.1', 'Team Foundation Server 2018']
	])('%s → %s', (v, name) => expect(serverRelease(v)).toBe(name));
});
