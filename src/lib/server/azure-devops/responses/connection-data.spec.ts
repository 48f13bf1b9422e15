import { describe, expect, it } from 'vitest';
import { answersLikeAzureDevOps, readConnectionData } from './connection-data';

// GET _apis/connectionData: shape of ConnectionData (azure-devops-node-api LocationsInterfaces),
// values from public captures; Services answers `hosted`, Server `onPremises`.
const HOSTED = {
	authenticatedUser: {
		id: 'ad7ddcd2-0562-665d-84ce-f024d9266741',
		descriptor: 'Microsoft.IdentityModel.Claims.ClaimsIdentity;7cfe4c9f\\john.doe@example.com',
		subjectDescriptor: 'aad.YWQ3ZGRjZDItMDU2Mi03NjVkLTg0Y2UtZjAyNGQ5MjY2NzQx',
		providerDisplayName: 'John Doe',
		isActive: true,
		properties: { Account: { $type: 'System.String', $value: 'john.doe@example.com' } },
		resourceVersion: 2,
		metaTypeId: 0
	},
	authorizedUser: { id: 'ad7ddcd2-0562-665d-84ce-f024d9266741', providerDisplayName: 'John Doe' },
	instanceId: '62d5db69-917f-405d-973d-fc20e7ecd3de',
	deploymentId: '1f18445b-609a-73c1-2ae2-521b74b4c11d',
	deploymentType: 'hosted',
	locationServiceData: {
		serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
		defaultAccessMappingMoniker: 'PublicAccessMapping',
		lastChangeId: 62693399,
		lastChangeId64: 62693399
	}
};

describe('readConnectionData', () => {
	it.each([
		[
			'Services',
			HOSTED,
			{
				user: {
					id: 'ad7ddcd2-0562-665d-84ce-f024d9266741',
					display_name: 'John Doe',
					unique_name: 'john.doe@example.com'
				},
				deployment_type: 'hosted',
				instance_id: '62d5db69-917f-405d-973d-fc20e7ecd3de'
			}
		],
		[
			'Server, a Windows account without a provider display name',
			{
				...HOSTED,
				deploymentType: 'onPremises',
				authenticatedUser: {
					id: 'c1a8b4e2-5d0f-4f7e-9a3b-2e6d8f1c0a9b',
					customDisplayName: 'Fabrikam Build',
					properties: { Account: { $type: 'System.String', $value: 'FABRIKAM\\build' } }
				}
			},
			{
				user: {
					id: 'c1a8b4e2-5d0f-4f7e-9a3b-2e6d8f1c0a9b',
					display_name: 'Fabrikam Build',
					unique_name: 'FABRIKAM\\build'
				},
				deployment_type: 'onPremises',
				instance_id: '62d5db69-917f-405d-973d-fc20e7ecd3de'
			}
		],
		[
			'an anonymous caller',
			{ ...HOSTED, authenticatedUser: {} },
			{
				user: { id: '', display_name: '' },
				deployment_type: 'hosted',
				instance_id: '62d5db69-917f-405d-973d-fc20e7ecd3de'
			}
		]
	])('%s', (_, json, expected) => {
		expect(readConnectionData(json)).toEqual(expected);
	});

	it.each([
		['deployment type none', { ...HOSTED, deploymentType: 'none' }],
		['no deployment type', { authenticatedUser: HOSTED.authenticatedUser }],
		['not an object', [HOSTED]]
	])('%s is malformed', (_, json) => {
		expect(() => readConnectionData(json)).toThrow(
			expect.objectContaining({
				code: 'PROVIDER_BASE_URL_UNREACHABLE',
				check: 'malformed-response'
			})
		);
	});
});

describe('answersLikeAzureDevOps', () => {
	it.each([
		[
			'401 with the realms of a server',
			{ 'www-authenticate': 'Bearer, Basic realm="http://tfs:8080/tfs", Negotiate, NTLM' },
			null,
			true
		],
		[
			'401 from Services with its service error header',
			{
				'www-authenticate': 'Bearer authorization_uri=https://login.microsoftonline.com/common',
				'x-tfs-serviceerror':
					'TF400813%3a+Resource+not+available+for+anonymous+access.+Client+authentication+required.'
			},
			null,
			true
		],
		['a connectionData body', {}, { deploymentType: 'onPremises' }, true],
		['an activity id only', { activityid: '4ad1a2f2-0e79-4c1f-9c1b-1f2e3d4c5b6a' }, null, true],
		['some other web server', { server: 'nginx' }, '<html>Not Found</html>', false]
	])('%s', (_, headers, json, expected) => {
		expect(answersLikeAzureDevOps(headers, json)).toBe(expected);
	});
});
