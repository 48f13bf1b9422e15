/**
 * What a refused dry-run create says, field by field: one text per kind of refusal, in the
 * product's words (Azure DevOps' own messages name internals, not the fix). Used by the preflight
 * probe on the server and shown beside the mapping field the problem concerns.
 */
export type MappingProblemKind =
	| 'not_a_path'
	| 'unknown_assignee'
	| 'required'
	| 'not_allowed'
	| 'rule'
	| 'unknown_type'
	| 'area_permission'
	| 'refused';

export interface MappingProblemText {
	message: string;
	fix: string;
}

/** `subject` is the mapping field (area_path, iteration_path), reference name, type or assignee the text names. */
export function mappingProblemText(kind: MappingProblemKind, subject?: string): MappingProblemText {
	switch (kind) {
		case 'not_a_path':
			return {
				message: `The ${subject ?? 'path'} value is not a path in this project.`,
				fix: `Pick ${subject ?? 'the path'} from the project's tree (Project\\Child form).`
			};
		case 'unknown_assignee':
			return {
				message: `Azure DevOps does not know ${subject ? `the assignee ${subject}` : 'this assignee'}: the account may have left the organization or been disabled.`,
				fix: 'Look up an active person by e-mail and pick one of the identities found, or choose Team default or Unassigned.'
			};
		case 'required':
			return {
				message: 'Azure DevOps requires a value for this field.',
				fix: `Map a value for ${subject ?? 'the field'} in the mapping's custom fields.`
			};
		case 'not_allowed':
			return {
				message: 'The value is not one of the values this field allows.',
				fix: `Choose one of the allowed values of ${subject ?? 'the field'}.`
			};
		case 'rule':
			return {
				message: "The value breaks one of this project's field rules.",
				fix: `Change the value of ${subject ?? 'the field'} and run the dry run again.`
			};
		case 'unknown_type':
			return {
				message: `${subject ? `The type ${subject}` : 'This type'} does not exist in this project.`,
				fix: 'Pick a work item type from the discovered list.'
			};
		case 'area_permission':
			return {
				message: 'The credential may not create work items in this area.',
				fix: 'Ask a project administrator for "Edit work items in this node" on the area, or pick another area.'
			};
		case 'refused':
			return {
				message: 'Azure DevOps refused the dry-run create.',
				fix: 'Review the mapping and run the dry run again.'
			};
	}
}
