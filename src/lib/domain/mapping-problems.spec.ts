import { describe, expect, it } from 'vitest';
import { mappingProblemText, type MappingProblemKind } from './mapping-problems';

const KINDS: MappingProblemKind[] = [
	'not_a_path',
	'unknown_assignee',
	'required',
	'not_allowed',
	'rule',
	'unknown_type',
	'area_permission',
	'refused'
];

describe('mapping problem texts', () => {
	it.each(KINDS)('%s has a sentence and a fix, with or without a subject', (kind) => {
		for (const t of [mappingProblemText(kind), mappingProblemText(kind, 'Custom.SecurityTeam')]) {
			expect(t.message).toMatch(/^[A-Z].*\.$/);
			expect(t.fix).toMatch(/^[A-Z].*\.$/);
			expect(t.message).not.toMatch(/ {2}|undefined/);
			expect(t.fix).not.toMatch(/ {2}|undefined/);
		}
	});

	it.each([
		['not_a_path', 'area_path', 'fix', /Pick area_path from the project's tree/],
		[
			'unknown_assignee',
			'dana@fabrikam.example',
			'message',
			/does not know the assignee dana@fabrikam\.example:/
		],
		['required', 'Custom.SecurityTeam', 'fix', /Map a value for Custom\.SecurityTeam/],
		[
			'not_allowed',
			'Microsoft.VSTS.Common.Severity',
			'fix',
			/allowed values of Microsoft\.VSTS\.Common\.Severity/
		],
		['unknown_type', 'Defect', 'message', /^The type Defect does not exist/]
	] as const)('%s names %s in its %s', (kind, subject, part, pattern) => {
		expect(mappingProblemText(kind, subject)[part]).toMatch(pattern);
	});

	it('an unnamed assignee or type still reads as a sentence', () => {
		expect(mappingProblemText('unknown_assignee').message).toMatch(
			/^Azure DevOps does not know this assignee:/
		);
		expect(mappingProblemText('unknown_type').message).toBe(
			'This type does not exist in this project.'
		);
	});
});
