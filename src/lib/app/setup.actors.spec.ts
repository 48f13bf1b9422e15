import { describe, expect, it } from 'vitest';
import { PROBE_ACTOR_NAMES } from '$lib/probe/probe-actors';
import { setupMachine } from '$lib/setup/setup.machine';
import { createLiveSetupMachine } from './setup.actors';

const unused = () => Promise.reject(new Error('not called'));

describe('createLiveSetupMachine', () => {
	const declared = setupMachine.implementations.actors;
	const live = createLiveSetupMachine({ saveTarget: unused, signInWithEntra: unused })
		.implementations.actors;

	it('binds every actor the chart declares, none left as its placeholder', () => {
		expect(Object.keys(live).sort()).toEqual(Object.keys(declared).sort());
		for (const name of Object.keys(declared)) expect(live[name], name).not.toBe(declared[name]);
	});

	it('every row of the probe actor table is an actor the chart declares', () => {
		for (const name of PROBE_ACTOR_NAMES) expect(Object.keys(declared)).toContain(name);
	});
});
