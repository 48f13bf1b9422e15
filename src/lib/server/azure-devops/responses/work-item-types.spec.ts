import { describe, expect, it } from 'vitest';
import {
	categoryOfType,
	descriptionField,
	processKind,
	recommendedType,
	visibleTypes
} from './work-item-types';

// specification/wit/7.1/httpExamples/workItemTypes/GET__wit_workItemTypes.json (an Agile project;
// description, icon, xmlForm, fields and transitions left out) and
// specification/wit/7.1/httpExamples/workItemTypeCategories/GET__wit_workItemTypeCategories.json
// (urls left out). The two examples come from different projects: the categories name a Product
// Backlog Item (Scrum) and no category for Epic, User Story or Issue.
const TYPES = {
	count: 15,
	value: [
		{
			name: 'Bug',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.Bug',
			color: 'CC293D',
			isDisabled: false
		},
		{
			name: 'Code Review Request',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.CodeReviewRequest',
			color: 'B4009E',
			isDisabled: false
		},
		{
			name: 'Code Review Response',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.CodeReviewResponse',
			color: 'B4009E',
			isDisabled: false
		},
		{
			name: 'Epic',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.Epic',
			color: 'FF7B00',
			isDisabled: false
		},
		{
			name: 'Feature',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.Feature',
			color: '773B93',
			isDisabled: false
		},
		{
			name: 'Feedback Request',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.FeedbackRequest',
			color: '004B50',
			isDisabled: false
		},
		{
			name: 'Feedback Response',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.FeedbackResponse',
			color: '004B50',
			isDisabled: false
		},
		{
			name: 'Shared Steps',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.SharedStep',
			color: '004B50',
			isDisabled: false
		},
		{
			name: 'Task',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.Task',
			color: 'F2CB1D',
			isDisabled: false
		},
		{
			name: 'Test Case',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.TestCase',
			color: '004B50',
			isDisabled: false
		},
		{
			name: 'Test Plan',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.TestPlan',
			color: '004B50',
			isDisabled: false
		},
		{
			name: 'Test Suite',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.TestSuite',
			color: '004B50',
			isDisabled: false
		},
		{
			name: 'User Story',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.UserStory',
			color: '009CCC',
			isDisabled: false
		},
		{
			name: 'Issue',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.Issue',
			color: 'B4009E',
			isDisabled: false
		},
		{
			name: 'Shared Parameter',
			referenceName: 'Microsoft.VSTS.WorkItemTypes.SharedParameter',
			color: '004B50',
			isDisabled: false
		}
	]
};
const CATEGORIES = {
	count: 14,
	value: [
		{
			name: 'Bug Category',
			referenceName: 'Microsoft.BugCategory',
			defaultWorkItemType: { name: 'Bug' },
			workItemTypes: [{ name: 'Bug' }]
		},
		{
			name: 'Feature Category',
			referenceName: 'Microsoft.FeatureCategory',
			defaultWorkItemType: { name: 'Feature' },
			workItemTypes: [{ name: 'Feature' }]
		},
		{
			name: 'Requirement Category',
			referenceName: 'Microsoft.RequirementCategory',
			defaultWorkItemType: { name: 'Product Backlog Item' },
			workItemTypes: [{ name: 'Product Backlog Item' }]
		},
		{
			name: 'Test Case Category',
			referenceName: 'Microsoft.TestCaseCategory',
			defaultWorkItemType: { name: 'Test Case' },
			workItemTypes: [{ name: 'Test Case' }]
		},
		{
			name: 'Shared Step Category',
			referenceName: 'Microsoft.SharedStepCategory',
			defaultWorkItemType: { name: 'Shared Steps' },
			workItemTypes: [{ name: 'Shared Steps' }]
		},
		{
			name: 'Code Review Request Category',
			referenceName: 'Microsoft.CodeReviewRequestCategory',
			defaultWorkItemType: { name: 'Code Review Request' },
			workItemTypes: [{ name: 'Code Review Request' }]
		},
		{
			name: 'Code Review Response Category',
			referenceName: 'Microsoft.CodeReviewResponseCategory',
			defaultWorkItemType: { name: 'Code Review Response' },
			workItemTypes: [{ name: 'Code Review Response' }]
		},
		{
			name: 'Feedback Request Category',
			referenceName: 'Microsoft.FeedbackRequestCategory',
			defaultWorkItemType: { name: 'Feedback Request' },
			workItemTypes: [{ name: 'Feedback Request' }]
		},
		{
			name: 'Feedback Response Category',
			referenceName: 'Microsoft.FeedbackResponseCategory',
			defaultWorkItemType: { name: 'Feedback Response' },
			workItemTypes: [{ name: 'Feedback Response' }]
		},
		{
			name: 'Task Category',
			referenceName: 'Microsoft.TaskCategory',
			defaultWorkItemType: { name: 'Task' },
			workItemTypes: [{ name: 'Task' }]
		},
		{
			name: 'Hidden Types Category',
			referenceName: 'Microsoft.HiddenCategory',
			defaultWorkItemType: { name: 'Code Review Request' },
			workItemTypes: [
				{ name: 'Code Review Request' },
				{ name: 'Code Review Response' },
				{ name: 'Feedback Request' },
				{ name: 'Feedback Response' },
				{ name: 'Shared Steps' },
				{ name: 'Shared Parameter' },
				{ name: 'Test Plan' },
				{ name: 'Test Suite' }
			]
		},
		{
			name: 'Shared Parameter Category',
			referenceName: 'Microsoft.SharedParameterCategory',
			defaultWorkItemType: { name: 'Shared Parameter' },
			workItemTypes: [{ name: 'Shared Parameter' }]
		},
		{
			name: 'Test Plan Category',
			referenceName: 'Microsoft.TestPlanCategory',
			defaultWorkItemType: { name: 'Test Plan' },
			workItemTypes: [{ name: 'Test Plan' }]
		},
		{
			name: 'Test Suite Category',
			referenceName: 'Microsoft.TestSuiteCategory',
			defaultWorkItemType: { name: 'Test Suite' },
			workItemTypes: [{ name: 'Test Suite' }]
		}
	]
};

// specification/processes/7.1/httpExamples/processes/GET__process.json
const AGILE_PROCESS = {
	typeId: 'adcc42ab-9882-485e-a3ed-7678f01f66bc',
	referenceName: null,
	name: 'Agile',
	description:
		'This template is flexible and will work great for most teams using Agile planning methods, including those practicing Scrum.',
	parentProcessTypeId: '00000000-0000-0000-0000-000000000000',
	isEnabled: true,
	customizationType: 'System',
	isDefault: true
};

describe('visibleTypes', () => {
	it('leaves out the hidden category and gives each type its category', () => {
		expect(visibleTypes(TYPES, CATEGORIES)).toEqual([
			{
				name: 'Bug',
				reference_name: 'Microsoft.VSTS.WorkItemTypes.Bug',
				category: 'Microsoft.BugCategory'
			},
			{ name: 'Epic', reference_name: 'Microsoft.VSTS.WorkItemTypes.Epic' },
			{
				name: 'Feature',
				reference_name: 'Microsoft.VSTS.WorkItemTypes.Feature',
				category: 'Microsoft.FeatureCategory'
			},
			{
				name: 'Task',
				reference_name: 'Microsoft.VSTS.WorkItemTypes.Task',
				category: 'Microsoft.TaskCategory'
			},
			{
				name: 'Test Case',
				reference_name: 'Microsoft.VSTS.WorkItemTypes.TestCase',
				category: 'Microsoft.TestCaseCategory'
			},
			{ name: 'User Story', reference_name: 'Microsoft.VSTS.WorkItemTypes.UserStory' },
			{ name: 'Issue', reference_name: 'Microsoft.VSTS.WorkItemTypes.Issue' }
		]);
	});

	it.each([
		[
			'a disabled type is left out',
			{ value: [{ ...TYPES.value[0], isDisabled: true }, TYPES.value[8]] },
			['Task:Microsoft.TaskCategory']
		],
		[
			'a Scrum Product Backlog Item is a requirement',
			{
				value: [
					{
						name: 'Product Backlog Item',
						referenceName: 'Microsoft.VSTS.WorkItemTypes.ProductBacklogItem'
					}
				]
			},
			['Product Backlog Item:Microsoft.RequirementCategory']
		]
	])('%s', (_, types, names) => {
		expect(
			visibleTypes(types, CATEGORIES).map((t) => (t.category ? `${t.name}:${t.category}` : t.name))
		).toEqual(names);
	});

	it.each([
		['types', { count: 0 }, CATEGORIES],
		['categories', TYPES, {}]
	])('a %s body without a value list is malformed', (_, types, categories) => {
		expect(() => visibleTypes(types, categories)).toThrow(
			expect.objectContaining({
				code: 'PROVIDER_BASE_URL_UNREACHABLE',
				check: 'malformed-response'
			})
		);
	});
});

describe('categoryOfType', () => {
	it.each([
		['Bug', 'Microsoft.BugCategory'],
		['Product Backlog Item', 'Microsoft.RequirementCategory'],
		// The first listing category wins, hidden or not.
		['Code Review Request', 'Microsoft.CodeReviewRequestCategory'],
		['Shared Parameter', 'Microsoft.HiddenCategory'],
		['Issue', undefined]
	])('%s → %s', (type, expected) => {
		expect(categoryOfType(CATEGORIES, type)).toBe(expected);
	});
});

describe('processKind', () => {
	it.each([
		['a system process', AGILE_PROCESS, 'system'],
		[
			'an inherited process (GET__processes.json)',
			{
				typeId: 'e31fd6e1-c6af-44bb-925e-dfa71f551463',
				name: 'CustomProcess',
				customizationType: 'Inherited',
				parentProcessTypeId: '00000000-0000-0000-0000-000000000000',
				isEnabled: true,
				isDefault: false
			},
			'inherited'
		],
		['a custom (XML) process', { ...AGILE_PROCESS, customizationType: 'custom' }, 'xml'],
		['no process record (no inheritance API)', undefined, 'xml']
	] as const)('%s', (_, process, expected) => {
		expect(processKind(process)).toBe(expected);
	});
});

describe('recommendedType', () => {
	const type = (name: string, category?: string) => ({ name, ...(category ? { category } : {}) });
	it.each([
		[
			'a bug first',
			[type('User Story', 'Microsoft.RequirementCategory'), type('Bug', 'Microsoft.BugCategory')],
			'Bug'
		],
		[
			'Basic: Issue',
			[type('Epic'), type('Issue'), type('Task', 'Microsoft.TaskCategory')],
			'Issue'
		],
		[
			'else a requirement',
			[
				type('Task', 'Microsoft.TaskCategory'),
				type('Product Backlog Item', 'Microsoft.RequirementCategory')
			],
			'Product Backlog Item'
		],
		['none fits', [type('Task', 'Microsoft.TaskCategory')], undefined]
	])('%s', (_, types, expected) => {
		expect(recommendedType(types)).toBe(expected);
	});
});

describe('descriptionField', () => {
	const fields = (...refs: string[]) => refs.map((reference_name) => ({ reference_name }));
	it.each([
		[
			'an Agile Bug shows Repro Steps',
			{ category: 'Microsoft.BugCategory' },
			fields('System.Description', 'Microsoft.VSTS.TCM.ReproSteps'),
			'Microsoft.VSTS.TCM.ReproSteps'
		],
		[
			'any other type with a Description uses it',
			{ category: 'Microsoft.RequirementCategory' },
			fields('System.Description', 'Microsoft.VSTS.TCM.ReproSteps'),
			'System.Description'
		],
		[
			'a type with Repro Steps only',
			{},
			fields('Microsoft.VSTS.TCM.ReproSteps'),
			'Microsoft.VSTS.TCM.ReproSteps'
		],
		['neither: Description', {}, fields('System.Title'), 'System.Description']
	])('%s', (_, type, list, expected) => {
		expect(descriptionField(type, list)).toBe(expected);
	});
});
