import { describe, expect, it } from 'vitest';
import { matchingTeamMembers, toIdentities } from './identities';

// specification/ims/7.1/httpExamples/Identities/SearchIdentityByEmail.json (properties trimmed)
const SEARCH_BY_EMAIL = {
	count: 1,
	value: [
		{
			id: '81fa6389-0872-6fdd-a451-7ba7880f566a',
			descriptor:
				'Microsoft.IdentityModel.Claims.ClaimsIdentity;7a394543-62fd-4274-a7d2-8fac775942b6\\jtseng@vscsi.us',
			subjectDescriptor: 'aad.MDA0NzBlMzQtZGE2MS03YTY5LWJkOTYtNDg3YTg0OWVjNTU4',
			providerDisplayName: 'Jia-hao Tseng',
			isActive: true,
			members: [],
			memberOf: [],
			memberIds: [],
			properties: {
				SchemaClassName: { $type: 'System.String', $value: 'User' },
				Account: { $type: 'System.String', $value: 'jtseng@vscsi.us' },
				Mail: { $type: 'System.String', $value: 'jtseng@vscsi.us' },
				Alias: { $type: 'System.String', $value: 'jtseng' }
			},
			resourceVersion: 2,
			metaTypeId: 0
		}
	]
};
const JIA_HAO = {
	id: '81fa6389-0872-6fdd-a451-7ba7880f566a',
	display_name: 'Jia-hao Tseng',
	unique_name: 'jtseng@vscsi.us'
};

// specification/core/7.1/httpExamples/members/GET__projects__projectId__teams__teamId__members4.1_.json
// (imageUrl left out)
const TEAM_MEMBERS = {
	value: [
		{
			isTeamAdmin: false,
			identity: {
				id: '3b5f0c34-4aec-4bf4-8708-1d36f0dbc468',
				displayName: 'Christie Church',
				uniqueName: 'fabrikamfiber1@hotmail.com',
				url: 'https://vssps.dev.azure.com/fabrikam/_apis/Identities/3b5f0c34-4aec-4bf4-8708-1d36f0dbc468'
			}
		},
		{
			isTeamAdmin: false,
			identity: {
				id: '8c8c7d32-6b1b-47f4-b2e9-30b477b5ab3d',
				displayName: 'Chuck Reinhart',
				uniqueName: 'fabrikamfiber3@hotmail.com',
				url: 'https://vssps.dev.azure.com/fabrikam/_apis/Identities/8c8c7d32-6b1b-47f4-b2e9-30b477b5ab3d'
			}
		},
		{
			isTeamAdmin: true,
			identity: {
				id: '19d9411e-9a34-45bb-b985-d24d9d87c0c9',
				displayName: 'Johnnie McLeod',
				uniqueName: 'fabrikamfiber2@hotmail.com',
				url: 'https://vssps.dev.azure.com/fabrikam/_apis/Identities/19d9411e-9a34-45bb-b985-d24d9d87c0c9'
			}
		}
	],
	count: 3
};
const [christie, chuck, johnnie] = [
	{
		id: '3b5f0c34-4aec-4bf4-8708-1d36f0dbc468',
		display_name: 'Christie Church',
		unique_name: 'fabrikamfiber1@hotmail.com'
	},
	{
		id: '8c8c7d32-6b1b-47f4-b2e9-30b477b5ab3d',
		display_name: 'Chuck Reinhart',
		unique_name: 'fabrikamfiber3@hotmail.com'
	},
	{
		id: '19d9411e-9a34-45bb-b985-d24d9d87c0c9',
		display_name: 'Johnnie McLeod',
		unique_name: 'fabrikamfiber2@hotmail.com'
	}
];

const person = SEARCH_BY_EMAIL.value[0];

describe('toIdentities', () => {
	it.each([
		['a search by e-mail', SEARCH_BY_EMAIL, [JIA_HAO]],
		['an inactive identity is left out', { value: [{ ...person, isActive: false }] }, []],
		[
			'without an account the mail is the unique name',
			{
				value: [
					{
						...person,
						properties: { Mail: { $type: 'System.String', $value: 'jia-hao@vscsi.us' } }
					}
				]
			},
			[{ ...JIA_HAO, unique_name: 'jia-hao@vscsi.us' }]
		],
		[
			'without a provider display name the custom one is shown',
			{
				value: [
					{ ...person, providerDisplayName: undefined, customDisplayName: 'Jia-hao (security)' }
				]
			},
			[{ ...JIA_HAO, display_name: 'Jia-hao (security)' }]
		],
		['an identity without an id is left out', { value: [{ ...person, id: undefined }] }, []],
		['nobody found', { count: 0, value: [] }, []]
	])('%s', (_, json, expected) => {
		expect(toIdentities(json)).toEqual(expected);
	});
});

describe('matchingTeamMembers', () => {
	it.each([
		['an exact unique name', 'fabrikamfiber3@hotmail.com', [chuck]],
		['a unique name prefix, any case', 'FabrikamFiber', [christie, chuck, johnnie]],
		['a display name prefix', 'ch', [christie, chuck]],
		['surrounding blanks are ignored', '  johnnie ', [johnnie]],
		['nobody matches', 'alice', []]
	])('%s', (_, query, expected) => {
		expect(matchingTeamMembers(TEAM_MEMBERS, query)).toEqual(expected);
	});
});
