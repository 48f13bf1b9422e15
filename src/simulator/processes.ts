/**
 * Process templates the simulator serves: the four system processes and one inherited process.
 * Ids, type names, states and the Bug/Issue field differences follow Azure DevOps (reference §6).
 */
import type { ProcessName } from './catalogue';

type FieldType =
	| 'string'
	| 'integer'
	| 'html'
	| 'treePath'
	| 'identity'
	| 'plainText'
	| 'picklistString'
	| 'picklistInteger'
	| 'history'
	| 'dateTime';

export interface FieldDef {
	referenceName: string;
	name: string;
	type: FieldType;
	alwaysRequired: boolean;
	defaultValue: string | null;
	/** `identities` = the collection's people (System.AssignedTo). */
	allowedValues?: readonly string[] | 'identities' | 'states';
	helpText?: string;
	readOnly?: boolean;
	dependentFields?: readonly string[];
	customization?: 'system' | 'inherited' | 'custom';
}

interface StateDef {
	name: string;
	color: string;
	category: 'Proposed' | 'InProgress' | 'Resolved' | 'Completed' | 'Removed';
}

export interface WorkItemTypeDef {
	name: string;
	referenceName: string;
	description: string;
	color: string;
	icon: string;
	category: string | null;
	isDisabled: boolean;
	states: readonly StateDef[];
	fields: readonly FieldDef[];
	customization: 'system' | 'inherited' | 'custom';
}

export interface ProcessDef {
	typeId: string;
	name: ProcessName;
	description: string;
	parentTypeId: string | null;
	customizationType: 'system' | 'inherited';
	isDefault: boolean;
	types: readonly WorkItemTypeDef[];
}

const NIL = '00000000-0000-0000-0000-000000000000';
export { NIL as NIL_GUID };

const f = (
	referenceName: string,
	name: string,
	type: FieldType,
	extra: Partial<FieldDef> = {}
): FieldDef => ({
	referenceName,
	name,
	type,
	alwaysRequired: false,
	defaultValue: null,
	...extra
});

const TITLE = f('System.Title', 'Title', 'string', {
	alwaysRequired: true,
	helpText: 'Short description of the work item.'
});
const STATE = f('System.State', 'State', 'string', {
	alwaysRequired: true,
	allowedValues: 'states'
});
const REASON = f('System.Reason', 'Reason', 'string');
const AREA_ID = f('System.AreaId', 'Area ID', 'integer', {
	alwaysRequired: true,
	dependentFields: ['System.AreaPath']
});
const AREA_PATH = f('System.AreaPath', 'Area Path', 'treePath');
const ITERATION_ID = f('System.IterationId', 'Iteration ID', 'integer', {
	alwaysRequired: true,
	dependentFields: ['System.IterationPath']
});
const ITERATION_PATH = f('System.IterationPath', 'Iteration Path', 'treePath');
const ASSIGNED_TO = f('System.AssignedTo', 'Assigned To', 'identity', {
	allowedValues: 'identities'
});
const TAGS = f('System.Tags', 'Tags', 'plainText');
const HISTORY = f('System.History', 'History', 'history');
const TEAM_PROJECT = f('System.TeamProject', 'Team Project', 'string', { readOnly: true });
const WIT = f('System.WorkItemType', 'Work Item Type', 'string', { readOnly: true });
const CREATED_BY = f('System.CreatedBy', 'Created By', 'identity', { readOnly: true });
const CREATED_DATE = f('System.CreatedDate', 'Created Date', 'dateTime', { readOnly: true });
const DESCRIPTION = f('System.Description', 'Description', 'html');
const PRIORITY = (required = false) =>
	f('Microsoft.VSTS.Common.Priority', 'Priority', 'integer', {
		alwaysRequired: required,
		defaultValue: '2',
		allowedValues: ['1', '2', '3', '4'],
		helpText: 'Business importance. 1=must fix; 4=unimportant.'
	});
const SEVERITY = f('Microsoft.VSTS.Common.Severity', 'Severity', 'string', {
	defaultValue: '3 - Medium',
	allowedValues: ['1 - Critical', '2 - High', '3 - Medium', '4 - Low'],
	helpText: 'Assessment of the effect of the bug on the project.'
});
const VALUE_AREA = f('Microsoft.VSTS.Common.ValueArea', 'Value Area', 'string', {
	alwaysRequired: true,
	defaultValue: 'Business',
	allowedValues: ['Architectural', 'Business']
});
const REPRO_STEPS = f('Microsoft.VSTS.TCM.ReproSteps', 'Repro Steps', 'html', {
	helpText: 'How to see the bug. End by contrasting expected with actual behavior.'
});
const SYSTEM_INFO = f('Microsoft.VSTS.TCM.SystemInfo', 'System Info', 'html');
export const SECURITY_TEAM = f('Custom.SecurityTeam', 'Security Team', 'picklistString', {
	alwaysRequired: true,
	allowedValues: ['AppSec', 'Cloud Security', 'Red Team'],
	helpText: 'Team that triages security findings.',
	customization: 'custom'
});

const COMMON = [
	TITLE,
	STATE,
	REASON,
	AREA_ID,
	AREA_PATH,
	ITERATION_ID,
	ITERATION_PATH,
	ASSIGNED_TO,
	TAGS,
	HISTORY,
	TEAM_PROJECT,
	WIT,
	CREATED_BY,
	CREATED_DATE
];

const s = (name: string, color: string, category: StateDef['category']): StateDef => ({
	name,
	color,
	category
});
const AGILE_STATES = [
	s('New', 'b2b2b2', 'Proposed'),
	s('Active', '007acc', 'InProgress'),
	s('Resolved', 'ff9d00', 'Resolved'),
	s('Closed', '339933', 'Completed'),
	s('Removed', 'ffffff', 'Removed')
];
const AGILE_BUG_STATES = AGILE_STATES.filter((x) => x.name !== 'Removed');
const SCRUM_STATES = [
	s('New', 'b2b2b2', 'Proposed'),
	s('Approved', '5688e0', 'Proposed'),
	s('Committed', '007acc', 'InProgress'),
	s('Done', '339933', 'Completed'),
	s('Removed', 'ffffff', 'Removed')
];
const SCRUM_TASK_STATES = [
	s('To Do', 'b2b2b2', 'Proposed'),
	s('In Progress', '007acc', 'InProgress'),
	s('Done', '339933', 'Completed'),
	s('Removed', 'ffffff', 'Removed')
];
const BASIC_STATES = [
	s('To Do', 'b2b2b2', 'Proposed'),
	s('Doing', '007acc', 'InProgress'),
	s('Done', '339933', 'Completed')
];
const CMMI_STATES = [
	s('Proposed', 'b2b2b2', 'Proposed'),
	s('Active', '007acc', 'InProgress'),
	s('Resolved', 'ff9d00', 'Resolved'),
	s('Closed', '339933', 'Completed')
];

function t(
	name: string,
	ns: string,
	category: string | null,
	states: readonly StateDef[],
	fields: readonly FieldDef[],
	extra: Partial<WorkItemTypeDef> = {}
): WorkItemTypeDef {
	return {
		name,
		referenceName: `${ns}.${name.replace(/ /g, '')}`,
		description: `${name} work item.`,
		color: category === 'Microsoft.BugCategory' ? 'CC293D' : '009CCC',
		icon: category === 'Microsoft.BugCategory' ? 'icon_insect' : 'icon_clipboard',
		category,
		isDisabled: false,
		states,
		fields: [...COMMON, ...fields],
		customization: 'system',
		...extra
	};
}

const MS = 'Microsoft.VSTS.WorkItemTypes';
/** Types every process ships in the hidden category (never offered to users). */
const HIDDEN = (states: readonly StateDef[]): WorkItemTypeDef[] =>
	[
		'Code Review Request',
		'Code Review Response',
		'Feedback Request',
		'Feedback Response',
		'Shared Steps',
		'Shared Parameter',
		'Test Plan',
		'Test Suite'
	].map((n) => t(n, MS, 'Microsoft.HiddenCategory', states, [DESCRIPTION]));
const TEST_CASE = (states: readonly StateDef[]) =>
	t('Test Case', MS, 'Microsoft.TestCaseCategory', states, [DESCRIPTION, PRIORITY()]);

const agileTypes: WorkItemTypeDef[] = [
	t('Bug', MS, 'Microsoft.BugCategory', AGILE_BUG_STATES, [
		PRIORITY(),
		SEVERITY,
		VALUE_AREA,
		REPRO_STEPS,
		SYSTEM_INFO
	]),
	t('Epic', MS, 'Microsoft.EpicCategory', AGILE_STATES, [DESCRIPTION, PRIORITY(true), VALUE_AREA]),
	t('Feature', MS, 'Microsoft.FeatureCategory', AGILE_STATES, [
		DESCRIPTION,
		PRIORITY(true),
		VALUE_AREA
	]),
	t(
		'Issue',
		MS,
		null,
		AGILE_STATES.filter((x) => ['Active', 'Closed'].includes(x.name)),
		[DESCRIPTION, PRIORITY()]
	),
	t(
		'Task',
		MS,
		'Microsoft.TaskCategory',
		AGILE_STATES.filter((x) => x.name !== 'Resolved'),
		[DESCRIPTION, PRIORITY()]
	),
	t('User Story', MS, 'Microsoft.RequirementCategory', AGILE_STATES, [
		DESCRIPTION,
		PRIORITY(),
		VALUE_AREA
	]),
	TEST_CASE(AGILE_STATES),
	...HIDDEN(AGILE_STATES)
];

const SECURITY_NS = 'FabrikamSecurityAgile';

export const PROCESSES: Record<ProcessName, ProcessDef> = {
	Agile: {
		typeId: 'adcc42ab-9882-485e-a3ed-7678f01f66bc',
		name: 'Agile',
		description:
			'This template is flexible and will work great for most teams using Agile planning methods.',
		parentTypeId: null,
		customizationType: 'system',
		isDefault: false,
		types: agileTypes
	},
	Scrum: {
		typeId: '6b724908-ef14-45cf-84f8-768b5384da45',
		name: 'Scrum',
		description: 'This template is for teams who follow the Scrum framework.',
		parentTypeId: null,
		customizationType: 'system',
		isDefault: false,
		types: [
			t(
				'Bug',
				MS,
				'Microsoft.BugCategory',
				SCRUM_STATES.filter((x) => x.name !== 'Approved'),
				[PRIORITY(), SEVERITY, REPRO_STEPS, SYSTEM_INFO]
			),
			t('Epic', MS, 'Microsoft.EpicCategory', SCRUM_STATES, [DESCRIPTION, PRIORITY()]),
			t('Feature', MS, 'Microsoft.FeatureCategory', SCRUM_STATES, [DESCRIPTION, PRIORITY()]),
			t(
				'Impediment',
				MS,
				null,
				[s('Open', 'b2b2b2', 'Proposed'), s('Closed', '339933', 'Completed')],
				[DESCRIPTION, PRIORITY()]
			),
			t('Product Backlog Item', MS, 'Microsoft.RequirementCategory', SCRUM_STATES, [
				DESCRIPTION,
				PRIORITY()
			]),
			t('Task', MS, 'Microsoft.TaskCategory', SCRUM_TASK_STATES, [DESCRIPTION, PRIORITY()]),
			TEST_CASE(SCRUM_STATES),
			...HIDDEN(SCRUM_STATES)
		]
	},
	Basic: {
		typeId: 'b8a3a935-7e91-48b8-a94c-606d37c3e9f2',
		name: 'Basic',
		description: 'This template is for teams who want to take the simplest approach.',
		parentTypeId: null,
		customizationType: 'system',
		isDefault: true,
		types: [
			t('Epic', MS, 'Microsoft.EpicCategory', BASIC_STATES, [DESCRIPTION, PRIORITY()]),
			t('Issue', MS, 'Microsoft.RequirementCategory', BASIC_STATES, [DESCRIPTION, PRIORITY()]),
			t('Task', MS, 'Microsoft.TaskCategory', BASIC_STATES, [DESCRIPTION, PRIORITY()]),
			TEST_CASE(BASIC_STATES),
			...HIDDEN(BASIC_STATES)
		]
	},
	CMMI: {
		typeId: '27450541-8e31-4150-9947-dc59f998fc01',
		name: 'CMMI',
		description:
			'This template is for more formal projects requiring a framework for process improvement and an auditable record of decisions.',
		parentTypeId: null,
		customizationType: 'system',
		isDefault: false,
		types: [
			t('Bug', MS, 'Microsoft.BugCategory', CMMI_STATES, [
				PRIORITY(),
				SEVERITY,
				REPRO_STEPS,
				SYSTEM_INFO
			]),
			t('Change Request', MS, null, CMMI_STATES, [DESCRIPTION, PRIORITY()]),
			t('Epic', MS, 'Microsoft.EpicCategory', CMMI_STATES, [DESCRIPTION, PRIORITY()]),
			t('Feature', MS, 'Microsoft.FeatureCategory', CMMI_STATES, [DESCRIPTION, PRIORITY()]),
			t('Issue', MS, null, CMMI_STATES, [DESCRIPTION, PRIORITY()]),
			t('Requirement', MS, 'Microsoft.RequirementCategory', CMMI_STATES, [DESCRIPTION, PRIORITY()]),
			t('Review', MS, null, CMMI_STATES, [DESCRIPTION]),
			t('Risk', MS, null, CMMI_STATES, [DESCRIPTION, PRIORITY()]),
			t('Task', MS, 'Microsoft.TaskCategory', CMMI_STATES, [DESCRIPTION, PRIORITY()]),
			TEST_CASE(CMMI_STATES),
			...HIDDEN(CMMI_STATES)
		]
	},
	'Fabrikam Security Agile': {
		typeId: '5f0c8e2a-3b7d-4c61-9a8e-fa6b1c2d3e40',
		name: 'Fabrikam Security Agile',
		description: 'Agile with a required Security Team on Bug; Issue disabled.',
		parentTypeId: 'adcc42ab-9882-485e-a3ed-7678f01f66bc',
		customizationType: 'inherited',
		isDefault: false,
		types: agileTypes.map((type) => {
			if (type.name === 'Bug')
				return {
					...type,
					referenceName: `${SECURITY_NS}.Bug`,
					customization: 'inherited' as const,
					fields: [...type.fields, SECURITY_TEAM]
				};
			if (type.name === 'Issue')
				return {
					...type,
					referenceName: `${SECURITY_NS}.Issue`,
					customization: 'inherited' as const,
					isDisabled: true
				};
			return type;
		})
	}
};

export function findType(process: ProcessDef, name: string): WorkItemTypeDef | undefined {
	const lower = name.toLowerCase();
	return process.types.find(
		(x) => x.name.toLowerCase() === lower || x.referenceName.toLowerCase() === lower
	);
}

/** Fields any type accepts in a patch even when the type's list does not name them. */
export const SYSTEM_FIELDS_ANY_TYPE: readonly FieldDef[] = [DESCRIPTION, HISTORY, TAGS];
