import { describe, expect, it } from 'vitest';
import { toField } from './fields';

// Fields of specification/wit/7.1/httpExamples/workItemTypesField/GET__workItemType_fields_expand.json
// (GET …/workitemtypes/Bug/fields?$expand=All; url, helpText and dependentFields left out, long
// allowedValues lists trimmed).
const TITLE = {
	alwaysRequired: true,
	defaultValue: null,
	allowedValues: [],
	referenceName: 'System.Title',
	name: 'Title'
};
const STATE = {
	alwaysRequired: true,
	defaultValue: 'New',
	allowedValues: ['Active', 'Closed', 'New'],
	referenceName: 'System.State',
	name: 'State'
};
const AREA_ID = {
	alwaysRequired: true,
	defaultValue: null,
	allowedValues: [],
	referenceName: 'System.AreaId',
	name: 'Area ID'
};
const PRIORITY = {
	alwaysRequired: false,
	defaultValue: '2',
	allowedValues: ['1', '2', '3'],
	referenceName: 'Microsoft.VSTS.Common.Priority',
	name: 'Priority'
};
const VALUE_AREA = {
	alwaysRequired: true,
	defaultValue: 'Business',
	allowedValues: ['Architectural', 'Business'],
	referenceName: 'Microsoft.VSTS.Common.ValueArea',
	name: 'Value Area'
};
const ASSIGNED_TO = {
	alwaysRequired: false,
	defaultValue: null,
	allowedValues: [
		{
			displayName: 'Jamal Hartnett',
			id: 'df828ec3-71d8-6e69-9afd-e736c5a32145',
			uniqueName: 'fabrikamfiber4@hotmail.com',
			descriptor:
				's2s.M2FjODRhZmItYWIwNC00ZWM0LWEyZWItOGEyYWJmNGJlNDQ3QDcyZjk4OGJmLTg2ZjEtNCFhZi05MWFiLTJkN2NkMDExZGI0Nw'
		},
		{
			displayName: 'Norman Paulk',
			id: 'df828ec3-71d8-6e69-9afd-e736c5b32145',
			uniqueName: 'Fabrikamfiber16@hotmail.com',
			descriptor:
				's2s.M2FjODRhZmIeYWIwNC00ZWM0LWEyZWItOGEyYWJmNGJlNDQ3QDcyZjk4OGJmLTg2ZjEtNDFhZi05MWFiLTJkN2NkMDExZGI0Nw'
		}
	],
	referenceName: 'System.AssignedTo',
	name: 'Assigned To'
};
// GET …/fields without $expand carries neither allowedValues nor dependentFields.
const DESCRIPTION_UNEXPANDED = {
	alwaysRequired: false,
	referenceName: 'System.Description',
	name: 'Description'
};

describe('toField', () => {
	it.each([
		[
			'a required field nothing fills: the admin is asked',
			TITLE,
			{
				reference_name: 'System.Title',
				name: 'Title',
				always_required: true,
				default_value: null,
				allowed_values: [],
				filled_by_server: false
			}
		],
		[
			'a required field with a default is filled by the server',
			VALUE_AREA,
			{
				reference_name: 'Microsoft.VSTS.Common.ValueArea',
				name: 'Value Area',
				always_required: true,
				default_value: 'Business',
				allowed_values: ['Architectural', 'Business'],
				filled_by_server: true
			}
		],
		[
			'State: set by Azure DevOps on create',
			STATE,
			{
				reference_name: 'System.State',
				name: 'State',
				always_required: true,
				default_value: 'New',
				allowed_values: ['Active', 'Closed', 'New'],
				filled_by_server: true
			}
		],
		[
			'Area ID: required without a default, still set by Azure DevOps',
			AREA_ID,
			{
				reference_name: 'System.AreaId',
				name: 'Area ID',
				always_required: true,
				default_value: null,
				allowed_values: [],
				filled_by_server: true
			}
		],
		[
			'an optional field with a default is not required, so not server-filled',
			PRIORITY,
			{
				reference_name: 'Microsoft.VSTS.Common.Priority',
				name: 'Priority',
				always_required: false,
				default_value: '2',
				allowed_values: ['1', '2', '3'],
				filled_by_server: false
			}
		],
		[
			'identity allowed values by their unique names',
			ASSIGNED_TO,
			{
				reference_name: 'System.AssignedTo',
				name: 'Assigned To',
				always_required: false,
				default_value: null,
				allowed_values: ['fabrikamfiber4@hotmail.com', 'Fabrikamfiber16@hotmail.com'],
				filled_by_server: false
			}
		],
		[
			'an identity default by its unique name',
			{ ...ASSIGNED_TO, alwaysRequired: true, defaultValue: ASSIGNED_TO.allowedValues[0] },
			{
				reference_name: 'System.AssignedTo',
				name: 'Assigned To',
				always_required: true,
				default_value: 'fabrikamfiber4@hotmail.com',
				allowed_values: ['fabrikamfiber4@hotmail.com', 'Fabrikamfiber16@hotmail.com'],
				filled_by_server: true
			}
		],
		[
			'an unexpanded field: no allowed values, no default',
			DESCRIPTION_UNEXPANDED,
			{
				reference_name: 'System.Description',
				name: 'Description',
				always_required: false,
				default_value: null,
				allowed_values: [],
				filled_by_server: false
			}
		],
		[
			'a numeric default and a process field type are kept',
			{
				alwaysRequired: true,
				defaultValue: 3,
				allowedValues: [1, 2, 3],
				referenceName: 'Custom.RiskScore',
				name: 'Risk Score',
				type: 'integer'
			},
			{
				reference_name: 'Custom.RiskScore',
				name: 'Risk Score',
				type: 'integer',
				always_required: true,
				default_value: '3',
				allowed_values: ['1', '2', '3'],
				filled_by_server: true
			}
		],
		[
			'without a name the reference name is shown',
			{ alwaysRequired: false, referenceName: 'Custom.Team' },
			{
				reference_name: 'Custom.Team',
				name: 'Custom.Team',
				always_required: false,
				default_value: null,
				allowed_values: [],
				filled_by_server: false
			}
		]
	])('%s', (_, raw, expected) => {
		expect(toField(raw)).toEqual(expected);
	});
});
