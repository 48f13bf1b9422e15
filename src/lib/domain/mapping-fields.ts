/**
 * The one list of work item fields WebRiskOps never asks the admin for as custom fields, and who
 * supplies each instead: Azure DevOps on create (`azure_devops`), the mapping step's own inputs or
 * the finding's text (`mapping`), or both (the mapping sets a value Azure DevOps would default).
 * The server reads it to flag discovered fields `filled_by_server`; the wizard to leave them out of
 * the required custom fields.
 */
const FIELD_SUPPLIER = new Map<string, 'azure_devops' | 'mapping' | 'both'>([
	['System.Id', 'azure_devops'],
	['System.Rev', 'azure_devops'],
	['System.AreaId', 'both'],
	['System.IterationId', 'both'],
	['System.AreaPath', 'both'],
	['System.IterationPath', 'both'],
	['System.State', 'azure_devops'],
	['System.Reason', 'azure_devops'],
	['System.CreatedDate', 'azure_devops'],
	['System.CreatedBy', 'azure_devops'],
	['System.ChangedDate', 'azure_devops'],
	['System.ChangedBy', 'azure_devops'],
	['System.AuthorizedDate', 'azure_devops'],
	['System.AuthorizedAs', 'azure_devops'],
	['System.RevisedDate', 'azure_devops'],
	['System.TeamProject', 'azure_devops'],
	['System.WorkItemType', 'both'],
	['System.Watermark', 'azure_devops'],
	['System.PersonId', 'azure_devops'],
	['System.NodeName', 'azure_devops'],
	['System.BoardColumn', 'azure_devops'],
	['System.BoardColumnDone', 'azure_devops'],
	['System.BoardLane', 'azure_devops'],
	['System.CommentCount', 'azure_devops'],
	['System.Title', 'mapping'],
	['System.Description', 'mapping'],
	['Microsoft.VSTS.TCM.ReproSteps', 'mapping'],
	['System.AssignedTo', 'mapping'],
	['Microsoft.VSTS.Common.Priority', 'mapping'],
	['Microsoft.VSTS.Common.Severity', 'mapping']
]);

/** Azure DevOps sets this field on create, so nobody has to. */
export function filledByAzureDevOps(referenceName: string): boolean {
	const supplier = FIELD_SUPPLIER.get(referenceName);
	return supplier === 'azure_devops' || supplier === 'both';
}

/** Something other than the admin's custom field values supplies this field. */
export function suppliedOutsideCustomFields(referenceName: string): boolean {
	return FIELD_SUPPLIER.has(referenceName);
}
