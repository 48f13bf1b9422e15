import { describe, expect, it } from 'vitest';
import { isMermaidStateElementId, statePrefixes } from './active-states';

describe('statePrefixes', () => {
	it.each([
		['integrationStatus', ['integrationStatus']],
		['serverUrl.editing', ['serverUrl', 'serverUrl.editing']],
		['a.b.c', ['a', 'a.b', 'a.b.c']]
	])('%s → %j', (id, ids) => {
		expect(statePrefixes(id)).toEqual(ids);
	});
});

describe('isMermaidStateElementId', () => {
	it.each([
		['setup-statechart-state-serverUrl_editing-32', 'serverUrl.editing', true],
		['setup-statechart-state-serverUrl-127', 'serverUrl', true],
		['setup-statechart-state-serverUrl_editing-32', 'serverUrl', false],
		['setup-statechart-state-serverUrl_start-1', 'serverUrl', false],
		['other-state-serverUrl-1', 'serverUrl', false],
		['setup-statechart-state-serverUrl-', 'serverUrl', false]
	])('%s is state %s: %s', (elementId, stateId, expected) => {
		expect(isMermaidStateElementId(elementId, 'setup-statechart', stateId)).toBe(expected);
	});
});
