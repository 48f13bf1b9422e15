import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { sampleServicesRecord } from '$lib/domain/provider-record.samples';
import { integrationStatusView } from '$lib/setup/integration-status';
import IntegrationStatus from './IntegrationStatus.svelte';

afterEach(() => cleanup());

const NOW = new Date('2026-11-26T12:00:00.000Z');

describe('IntegrationStatus expiry warnings', () => {
	it('7 days before token_expires_at: the warning and the rotate action for that target', async () => {
		const record = {
			...sampleServicesRecord(),
			id: 't-7',
			token_expires_at: '2026-12-03T12:00:00.000Z'
		};
		const onReconnect = vi.fn();
		render(IntegrationStatus, {
			props: {
				status: integrationStatusView(null, [record], NOW),
				onStart: vi.fn(),
				onContinue: vi.fn(),
				onReconnect
			}
		});
		expect(screen.getByText(/expires in 7 days \(2026-12-03\)/)).toBeInTheDocument();
		await userEvent
			.setup()
			.click(screen.getByRole('button', { name: 'Rotate the personal access token' }));
		expect(onReconnect).toHaveBeenCalledWith('t-7');
	});

	it('no warning 31 days ahead', () => {
		const record = { ...sampleServicesRecord(), token_expires_at: '2026-12-28T12:00:00.000Z' };
		render(IntegrationStatus, {
			props: {
				status: integrationStatusView(null, [record], NOW),
				onStart: vi.fn(),
				onContinue: vi.fn()
			}
		});
		expect(screen.queryByRole('button', { name: /Rotate|Reconnect/ })).toBeNull();
	});
});
