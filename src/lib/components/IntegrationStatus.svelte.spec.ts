import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { CODE_CATALOGUE, EMPTY_DRAFT, type ProviderRecord } from '$lib/domain';
import { sampleServerRecord } from '$lib/domain/provider-record.samples';
import { integrationStatusView } from '$lib/setup/integration-status';
import IntegrationStatus from './IntegrationStatus.svelte';

afterEach(() => cleanup());

const target: ProviderRecord = sampleServerRecord({ scopes: [], allowlist_status: 'vpn' });

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
			integrationStatusView(
				{
					schema: 1,
					step: 'network',
					draft: { ...EMPTY_DRAFT, provider_key: 'azure_devops_server' },
					saved: null
				},
				[]
			)
		);
		expect(
			screen.getByText(/Azure DevOps Server setup is a draft at step “Network path”/)
		).toBeInTheDocument();
		await user.click(screen.getByRole('button', { name: 'Continue at Network path' }));
		expect(onContinue).toHaveBeenCalledTimes(1);
		expect(onStart).not.toHaveBeenCalled();
	});

	it('shows a blocked target with its code in monospace and the fix', () => {
		setup(
			integrationStatusView(null, [
				{ ...target, status: 'blocked', blocked_code: 'PROVIDER_TLS_UNTRUSTED' }
			])
		);
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
		expect(
			screen.getByRole('button', { name: 'Open the Azure DevOps target' })
		).toBeInTheDocument();
	});
});
