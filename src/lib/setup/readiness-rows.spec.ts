import { describe, expect, it } from 'vitest';
import { readinessRows } from './readiness-rows';

describe('readinessRows', () => {
	it('lists the readiness flags for the chosen provider', () => {
		const flags = readinessRows({ services_ready: true, can_save: false }, 'azure_devops_services');
		expect(flags.map((f) => f.flag)).not.toContain('server_ready');
		expect(flags.find((f) => f.flag === 'services_ready')?.ready).toBe(true);
		expect(flags.find((f) => f.flag === 'can_save')?.ready).toBe(false);
	});

	it('labels every flag of the decision and can_save, in order', () => {
		expect(readinessRows(null, 'azure_devops_server')).toEqual([
			{ flag: 'server_ready', label: 'Azure DevOps Server ready', ready: false },
			{ flag: 'project_ready', label: 'Project ready', ready: false },
			{ flag: 'field_mapping_ready', label: 'Field mapping ready', ready: false },
			{ flag: 'network_ready', label: 'Network ready', ready: false },
			{ flag: 'can_save', label: 'Can save', ready: false }
		]);
	});
});
