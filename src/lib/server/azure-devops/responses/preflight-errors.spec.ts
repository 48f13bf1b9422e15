import { describe, expect, it } from 'vitest';
import { mappingProblemText } from '$lib/domain/mapping-problems';
import { preflightProblems, projectMissing, refusesWrite } from './preflight-errors';

// Error bodies Azure DevOps sends for a refused create (WrappedException), as captured in public
// issue threads: snuziale/vsts-extension-split-work#25, ni/grpc-device#1241,
// TeamCodeStream/codestream#1085, Azure/azure-devops-cli-extension#1352.
const RULE_VALIDATION = {
	$id: '1',
	customProperties: {
		FieldReferenceName: null,
		FieldStatusFlags: 'none',
		ErrorMessage:
			'TF401320: Rule Error for field Injected. Error code: Required, InvalidEmpty. One additional error occurred during validation of the work item. Please correct all errors and try again.',
		FieldStatusCode: 0,
		RuleValidationErrors: [
			{
				fieldReferenceName: 'ABLScrum.Injected',
				fieldStatusFlags: 'required, invalidEmpty',
				errorMessage:
					'TF401320: Rule Error for field Injected. Error code: Required, InvalidEmpty.',
				fieldStatusCode: 524289,
				ruleValidationErrors: null
			}
		]
	},
	innerException: null,
	message:
		'TF401320: Rule Error for field Injected. Error code: Required, InvalidEmpty. One additional error occurred during validation of the work item. Please correct all errors and try again.',
	typeName:
		'Microsoft.TeamFoundation.WorkItemTracking.Server.RuleValidationException, Microsoft.TeamFoundation.WorkItemTracking.Server',
	typeKey: 'RuleValidationException',
	errorCode: 0,
	eventId: 3200
};

const rule = (fieldReferenceName: string, fieldStatusFlags: string, errorMessage = '') => ({
	...RULE_VALIDATION,
	customProperties: {
		...RULE_VALIDATION.customProperties,
		RuleValidationErrors: [{ fieldReferenceName, fieldStatusFlags, errorMessage }]
	}
});

const wrapped = (message: string, typeKey: string, typeName = typeKey) => ({
	$id: '1',
	innerException: null,
	message,
	typeName,
	typeKey,
	errorCode: 0,
	eventId: 3200
});

const INVALID_TREE = wrapped(
	"TF401347: Invalid tree name given for work item -1, field 'System.AreaPath'.",
	'WorkItemFieldInvalidTreeNameException'
);
const INVALID_ITERATION = wrapped(
	"TF401347: Invalid tree name given for work item -1, field 'System.IterationPath'.",
	'WorkItemFieldInvalidTreeNameException'
);
const TYPE_NOT_FOUND = wrapped(
	'VS402323: Work item type Issue does not exist in project Fabrikam Fiber or you do not have permission to access it.',
	'WorkItemTypeNotFoundException'
);
const PROJECT_NOT_FOUND = wrapped(
	"VS800075: The project with id 'vstfs:///Classification/TeamProject/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c' does not exist, or you do not have permission to access it.",
	'ProjectDoesNotExistException'
);

const params = { work_item_type: 'Bug', assignee: 'alice@contoso.com' };

describe('preflightProblems', () => {
	it.each([
		[
			'a required field left empty (RuleValidationErrors)',
			400,
			RULE_VALIDATION,
			[{ field: 'ABLScrum.Injected', ...mappingProblemText('required', 'ABLScrum.Injected') }]
		],
		[
			'a value outside the allowed list',
			400,
			rule('Microsoft.VSTS.Common.Severity', 'hasValues, limitedToValues, invalidListValue'),
			[
				{
					field: 'Microsoft.VSTS.Common.Severity',
					...mappingProblemText('not_allowed', 'Microsoft.VSTS.Common.Severity')
				}
			]
		],
		[
			'a required list field: not allowed wins over required',
			400,
			rule('Custom.Team', 'required, hasValues, limitedToValues, invalidEmpty'),
			[{ field: 'Custom.Team', ...mappingProblemText('not_allowed', 'Custom.Team') }]
		],
		[
			'any other rule',
			400,
			rule('Custom.Due', 'setByRule, invalidDate'),
			[{ field: 'Custom.Due', ...mappingProblemText('rule', 'Custom.Due') }]
		],
		[
			'an area path rule is a path problem',
			400,
			rule('System.AreaPath', 'invalidPath'),
			[{ field: 'System.AreaPath', ...mappingProblemText('not_a_path', 'area_path') }]
		],
		[
			'an assignee rule names the assignee',
			400,
			rule('System.AssignedTo', 'invalidIdentity'),
			[
				{
					field: 'System.AssignedTo',
					...mappingProblemText('unknown_assignee', 'alice@contoso.com')
				}
			]
		],
		[
			'an unknown area path (TF401347)',
			400,
			INVALID_TREE,
			[{ field: 'System.AreaPath', ...mappingProblemText('not_a_path', 'area_path') }]
		],
		[
			'an unknown iteration path names the iteration',
			400,
			INVALID_ITERATION,
			[{ field: 'System.IterationPath', ...mappingProblemText('not_a_path', 'iteration_path') }]
		],
		[
			'an unknown type (VS402323)',
			404,
			TYPE_NOT_FOUND,
			[{ field: 'work_item_type', ...mappingProblemText('unknown_type', 'Bug') }]
		],
		[
			'an unknown type by its type key only',
			404,
			wrapped('Not found.', 'WorkItemTypeNotFoundException'),
			[{ field: 'work_item_type', ...mappingProblemText('unknown_type', 'Bug') }]
		],
		[
			'an unknown identity',
			400,
			wrapped(
				"The identity value 'alice@contoso.com' for field 'Assigned To' is an unknown identity.",
				'WorkItemFieldInvalidIdentityException'
			),
			[
				{
					field: 'System.AssignedTo',
					...mappingProblemText('unknown_assignee', 'alice@contoso.com')
				}
			]
		],
		[
			'no permission in the area (403)',
			403,
			wrapped(
				'TF237111: The current user does not have permissions to save work items under the specified area path.',
				'WorkItemUnauthorizedAccessException'
			),
			[{ field: 'System.AreaPath', ...mappingProblemText('area_permission') }]
		],
		[
			'a quoted field in a plain message',
			400,
			wrapped(
				"TF401326: Invalid field status 'ReadOnly' for field 'System.CreatedDate'.",
				'WorkItemFieldInvalidException'
			),
			[{ field: 'System.CreatedDate', ...mappingProblemText('rule', 'System.CreatedDate') }]
		],
		[
			'a body that says nothing usable',
			400,
			'<html>Bad Request</html>',
			[{ field: 'work_item_type', ...mappingProblemText('refused') }]
		]
	])('%s', (_, status, json, expected) => {
		expect(preflightProblems(status, json, params)).toEqual(expected);
	});
});

describe('refusesWrite and projectMissing', () => {
	it.each([
		[
			'TF237111 (area permission)',
			wrapped(
				'TF237111: The current user does not have permissions to save work items under the specified area path.',
				'WorkItemUnauthorizedAccessException'
			),
			true,
			false
		],
		['a rule error', RULE_VALIDATION, false, false],
		// Its message mentions permission too; the capabilities probe reads refusesWrite on 400s only.
		['VS800075 (project id, a 404)', PROJECT_NOT_FOUND, true, true],
		[
			'TF200016 (project name)',
			wrapped(
				'TF200016: The following project does not exist: Fabrikam Fiber. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.',
				'ProjectDoesNotExistWithNameException'
			),
			false,
			true
		],
		['no body', null, false, false]
	])('%s', (_, json, write, project) => {
		expect(refusesWrite(json)).toBe(write);
		expect(projectMissing(json)).toBe(project);
	});
});
