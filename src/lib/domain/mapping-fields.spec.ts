import { describe, expect, it } from 'vitest';
import { filledByAzureDevOps, suppliedOutsideCustomFields } from './mapping-fields';

describe('mapping fields: who supplies a field', () => {
	it.each([
		// reference name, Azure DevOps fills it, supplied outside the custom fields
		['System.State', true, true],
		['System.CreatedBy', true, true],
		['System.AreaPath', true, true],
		['System.IterationId', true, true],
		['System.WorkItemType', true, true],
		['System.Title', false, true],
		['Microsoft.VSTS.TCM.ReproSteps', false, true],
		['Microsoft.VSTS.Common.Severity', false, true],
		['System.AssignedTo', false, true],
		['Microsoft.VSTS.Common.ValueArea', false, false],
		['Custom.Team', false, false],
		['constructor', false, false]
	])('%s', (ref, server, outside) => {
		expect(filledByAzureDevOps(ref)).toBe(server);
		expect(suppliedOutsideCustomFields(ref)).toBe(outside);
	});
});
