import { describe, expect, it } from 'vitest';
import { defaultTeamId, projectProcess, toProject } from './projects';

// specification/core/7.1/httpExamples/projects/GET__projects.json (MicrosoftDocs/vsts-rest-api-specs)
const LIST = {
	count: 3,
	value: [
		{
			id: 'eb6e4656-77fc-42a1-9181-4c6d8e9da5d1',
			name: 'Fabrikam-Fiber-TFVC',
			description: 'Team Foundation Version Control projects.',
			url: 'https://dev.azure.com/fabrikam/_apis/projects/eb6e4656-77fc-42a1-9181-4c6d8e9da5d1',
			state: 'wellFormed'
		},
		{
			id: '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c',
			name: 'Fabrikam-Fiber-Git',
			description: 'Git projects',
			url: 'https://dev.azure.com/fabrikam/_apis/projects/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c',
			state: 'wellFormed'
		},
		{
			id: '281f9a5b-af0d-49b4-a1df-fe6f5e5f84d0',
			name: 'TestGit',
			url: 'https://dev.azure.com/fabrikam/_apis/projects/281f9a5b-af0d-49b4-a1df-fe6f5e5f84d0',
			state: 'wellFormed'
		}
	]
};

// specification/core/5.0/httpExamples/projects/GET__projects__projectName__includeCapabilities-true.json
// (removed from the specs in 2018; `_links` left out).
const WITH_CAPABILITIES = {
	id: 'eb6e4656-77fc-42a1-9181-4c6d8e9da5d1',
	name: 'Fabrikam-Fiber-TFVC',
	url: 'https://dev.azure.com/fabrikam/_apis/projects/eb6e4656-77fc-42a1-9181-4c6d8e9da5d1',
	description: 'Team Foundation Version Control projects.',
	state: 'wellFormed',
	capabilities: {
		versioncontrol: { sourceControlType: 'Tfvc' },
		processTemplate: { templateName: 'Microsoft Visual Studio Scrum 2013' }
	},
	defaultTeam: {
		id: '66df9be7-3586-467b-9c5f-425b29afedfd',
		name: 'Fabrikam-Fiber-TFVC Team',
		url: 'https://dev.azure.com/fabrikam/_apis/projects/eb6e4656-77fc-42a1-9181-4c6d8e9da5d1/teams/66df9be7-3586-467b-9c5f-425b29afedfd'
	}
};

describe('toProject', () => {
	it.each([
		[
			'with a description',
			LIST.value[0],
			{
				id: 'eb6e4656-77fc-42a1-9181-4c6d8e9da5d1',
				name: 'Fabrikam-Fiber-TFVC',
				state: 'wellFormed',
				description: 'Team Foundation Version Control projects.'
			}
		],
		[
			'without a description',
			LIST.value[2],
			{ id: '281f9a5b-af0d-49b4-a1df-fe6f5e5f84d0', name: 'TestGit', state: 'wellFormed' }
		],
		[
			'a project record with capabilities',
			WITH_CAPABILITIES,
			{
				id: 'eb6e4656-77fc-42a1-9181-4c6d8e9da5d1',
				name: 'Fabrikam-Fiber-TFVC',
				state: 'wellFormed',
				description: 'Team Foundation Version Control projects.'
			}
		],
		['not an object', 'Fabrikam', { id: '', name: '', state: 'unknown' }]
	])('%s', (_, raw, expected) => {
		expect(toProject(raw)).toEqual(expected);
	});
});

describe('projectProcess and defaultTeamId', () => {
	it.each([
		[
			'an old process template without its type id',
			WITH_CAPABILITIES,
			{ name: 'Microsoft Visual Studio Scrum 2013', template_type_id: '' },
			'66df9be7-3586-467b-9c5f-425b29afedfd'
		],
		[
			// The processTemplate members current services send.
			'a process template with its type id',
			{
				...WITH_CAPABILITIES,
				capabilities: {
					...WITH_CAPABILITIES.capabilities,
					processTemplate: {
						templateName: 'Agile',
						templateTypeId: 'adcc42ab-9882-485e-a3ed-7678f01f66bc'
					}
				}
			},
			{ name: 'Agile', template_type_id: 'adcc42ab-9882-485e-a3ed-7678f01f66bc' },
			'66df9be7-3586-467b-9c5f-425b29afedfd'
		],
		[
			'a list entry (no capabilities, no default team)',
			LIST.value[1],
			{ name: 'unknown', template_type_id: '' },
			undefined
		]
	])('%s', (_, raw, process, team) => {
		expect(projectProcess(raw as Record<string, unknown>)).toEqual(process);
		expect(defaultTeamId(raw as Record<string, unknown>)).toBe(team);
	});
});
