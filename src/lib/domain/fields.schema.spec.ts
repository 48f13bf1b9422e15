import { describe, expect, it } from 'vitest';
import {
	classificationPathSchema,
	collectionFromBaseUrl,
	collectionNameSchema,
	firstIssue,
	organizationSchema,
	projectNameSchema,
	serverBaseUrlSchema,
	servicesBaseUrl
} from './fields.schema';

const message = (
	schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } },
	value: unknown
) => firstIssue(schema.safeParse(value) as Parameters<typeof firstIssue>[0]);

describe('organization (dev.azure.com/{organization})', () => {
	it.each(['fabrikam', 'contoso-security', 'a', 'A1', 'x'.repeat(50), '1-2-3'])(
		'accepts %s',
		(value) => {
			expect(message(organizationSchema, value)).toBeNull();
		}
	);

	it.each([
		['', 'Enter the organization name.'],
		['x'.repeat(51), 'An organization name has at most 50 characters.'],
		['-fabrikam', 'Use English letters, digits and hyphens only'],
		['fabrikam-', 'Use English letters, digits and hyphens only'],
		['fabrikam inc', 'Use English letters, digits and hyphens only'],
		['fabrikam_inc', 'Use English letters, digits and hyphens only'],
		['fäbrikam', 'Use English letters, digits and hyphens only'],
		['dev.azure.com/fabrikam', 'Use English letters, digits and hyphens only']
	])('refuses %j with a message beside the field', (value, text) => {
		expect(message(organizationSchema, value)).toContain(text);
	});

	it('trims surrounding spaces the admin pasted', () => {
		expect(organizationSchema.parse('  fabrikam ')).toBe('fabrikam');
	});
});

describe('project name', () => {
	it.each(['Fabrikam Fiber', 'Web-2', 'a', 'x'.repeat(64), 'Proj.ect', 'Über Projekt'])(
		'accepts %j',
		(value) => {
			expect(message(projectNameSchema, value)).toBeNull();
		}
	);

	it.each([
		['', 'Choose a project.'],
		['x'.repeat(65), 'at most 64 characters'],
		...'/:\\~&%;@\'"?<>|#$*}{,+=[]'
			.split('')
			.map((c) => [`a${c}b`, 'cannot contain'] as [string, string]),
		['tab\there', 'control characters'],
		['_hidden', 'cannot start with an underscore'],
		['.start', 'cannot start or end with a period'],
		['end.', 'cannot start or end with a period'],
		['COM1', 'reserved by Azure DevOps'],
		['defaultcollection', 'reserved by Azure DevOps'],
		['web.config', 'reserved by Azure DevOps'],
		['\ud800', 'control characters']
	])('refuses %j', (value, text) => {
		expect(message(projectNameSchema, value)).toContain(text);
	});

	it('refuses ".." in a collection name on top of the project rules', () => {
		expect(message(collectionNameSchema, 'a..b')).toContain('cannot contain ".."');
		expect(message(collectionNameSchema, 'DefaultCollection2')).toBeNull();
	});
});

describe('area and iteration paths', () => {
	it.each(['Fabrikam Fiber', 'Fabrikam Fiber\\Web', 'Fabrikam Fiber\\Web\\Login', 'P\\Sprint 1'])(
		'accepts %j',
		(value) => {
			expect(message(classificationPathSchema, value)).toBeNull();
		}
	);

	it.each([
		['', 'Choose a path.'],
		['P\\\\Web', 'empty segment'],
		['P\\..', 'cannot be "." or ".."'],
		['P\\a*b', 'cannot contain'],
		['P\\a/b', 'cannot contain'],
		['P\\CON', 'reserved by Azure DevOps'],
		['P\\' + 'x'.repeat(256), 'at most 255 characters'],
		[['P', ...Array.from({ length: 14 }, (_, i) => `L${i}`)].join('\\'), 'at most 13 levels'],
		['x'.repeat(4001), 'at most 4000 characters']
	])('refuses %j', (value, text) => {
		expect(message(classificationPathSchema, value)).toContain(text);
	});
});

describe('Server base_url shape', () => {
	it.each([
		'https://devops.example.com/tfs/DefaultCollection',
		'https://devops.example.com:8443/DefaultCollection',
		'http://127.0.0.1:8081/ado2022/DefaultCollection'
	])('accepts %s', (value) => {
		expect(message(serverBaseUrlSchema, value)).toBeNull();
	});

	it.each([
		['', 'Enter the collection URL'],
		['devops.example.com/tfs/DefaultCollection', 'Enter a full URL starting with https://'],
		['ftp://devops.example.com/DefaultCollection', 'must start with https://'],
		[
			'https://user:pass@devops.example.com/tfs/DefaultCollection',
			'Remove the user name and password'
		],
		['https://devops.example.com/', 'Add the collection to the URL'],
		['https://devops.example.com/tfs/DefaultCollection?x=1', 'Remove the query string'],
		['https://devops.example.com/tfs/DefaultCollection/_apis/projects', 'not a page inside it'],
		['https://devops.example.com/' + 'a'.repeat(2100), 'at most 2048 characters']
	])('refuses %j', (value, text) => {
		expect(message(serverBaseUrlSchema, value)).toContain(text);
	});

	it('reads the collection from the last path segment', () => {
		expect(collectionFromBaseUrl('https://devops.example.com/tfs/Default%20Collection/')).toBe(
			'Default Collection'
		);
		expect(collectionFromBaseUrl('not a url')).toBeNull();
	});

	it('builds the Services collection URL from the organization', () => {
		expect(servicesBaseUrl('fabrikam')).toBe('https://dev.azure.com/fabrikam');
	});
});
