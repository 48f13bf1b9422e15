import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { CODE_CATALOGUE, EMPTY_DRAFT, type ProviderRecord } from '$lib/domain';
import { integrationStatusView } from '$lib/setup/integration-status';
import IntegrationStatus from './IntegrationStatus.svelte';

afterEach(() => cleanup());

const AT = '2026-11-26T10:00:00.000Z';
const target: ProviderRecord = {
	id: 't1',
	provider_key: 'azure_devops_server',
	deployment_mode: 'self-hosted',
	organization: 'DefaultCollection',
	project: 'Fabrikam Fiber',
	project_id: 'p1',
	base_url: 'https://devops.example.com/tfs/DefaultCollection',
	auth_method: 'pat',
	scopes: [],
	allowlist_status: 'vpn',
	work_item_type: 'Bug',
	area_path: 'Fabrikam Fiber',
	iteration_path: 'Fabrikam Fiber',
	priority_mapping: { critical: 1, high: 2, medium: 3, low: 4 },
	severity_mapping: null,
	assignee_mapping: { mode: 'unassigned' },
	custom_fields: {},
	credential_fingerprint: 'sha256:0123456789abcdef',
	token_expires_at: null,
	status: 'ready',
	blocked_code: null,
	created_at: AT,
	updated_at: AT,
	last_verified_at: AT
};

function setup(status: ReturnType<typeof integrationStatusView>) {
	const onStart = vi.fn();
	const onContinue = vi.fn();
	render(IntegrationStatus, { props: { status, onStart, onContinue } });
	return { onStart, onContinue, user: userEvent.setup() };
}

describe('IntegrationStatus', () => {
	it('starts the setup when nothing is configured', async () => {
		const { onStart, onContinue, user } = setup(integrationStatusView(null, []));
		expect(screen.getByText('Not configured.')).toBeInTheDocument();
		await user.click(screen.getByRole('button', { name: 'Set up Azure DevOps target' }));
		expect(onStart).toHaveBeenCalledTimes(1);
		expect(onContinue).not.toHaveBeenCalled();
	});

	it('continues a draft at its step', async () => {
		const { onStart, onContinue, user } = setup(
			integrationStatusView({ schema: 1, step: 'network', draft: { ...EMPTY_DRAFT, provider_key: 'azure_devops_server' }, saved: null }, [])
		);
		expect(screen.getByText(/Azure DevOps Server setup is a draft at step “Network path”/)).toBeInTheDocument();
		await user.click(screen.getByRole('button', { name: 'Continue at Network path' }));
		expect(onContinue).toHaveBeenCalledTimes(1);
		expect(onStart).not.toHaveBeenCalled();
	});

	it('shows a blocked target with its code in monospace and the fix', () => {
		setup(integrationStatusView(null, [{ ...target, status: 'blocked', blocked_code: 'PROVIDER_TLS_UNTRUSTED' }]));
		expect(screen.getByText('PROVIDER_TLS_UNTRUSTED', { selector: 'code' })).toBeInTheDocument();
		expect(screen.getByText(CODE_CATALOGUE.PROVIDER_TLS_UNTRUSTED.fix)).toBeInTheDocument();
		expect(screen.getByRole('button', { name: 'Fix it in the setup' })).toBeInTheDocument();
	});

	it('lists ready targets with their last verification', () => {
		setup(integrationStatusView(null, [target]));
		expect(screen.getByText('Ready.')).toBeInTheDocument();
		const row = screen.getByRole('row', { name: /Azure DevOps Server/ });
		expect(row).toHaveTextContent('DefaultCollection/Fabrikam Fiber');
		expect(row).toHaveTextContent('2026-11-26 10:00 UTC');
		expect(screen.getByRole('button', { name: 'Open the Azure DevOps target' })).toBeInTheDocument();
	});
});
