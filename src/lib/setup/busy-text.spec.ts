import { describe, expect, it } from 'vitest';
import { busyText } from './busy-text';

describe('busyText', () => {
	it.each([
		['checkBaseUrl', 'Checking the URL, DNS and network path…'],
		['checkConnection', 'Asking Azure DevOps who this token belongs to…'],
		['discoverProject', "Discovering the project's process, work item types and required fields…"],
		['runDryRunCreate', 'Running a dry-run create (validateOnly, nothing is created)…']
	])('words %s', (id, text) => {
		expect(busyText([id])).toBe(text);
	});
	it('falls back to a neutral sentence for an unknown actor', () => {
		expect(busyText(['somethingElse'])).toBe('Working…');
	});
});
