import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { CODE_CATALOGUE } from '$lib/domain';
import type { BlockedEntry } from '$lib/policy/evaluate';
import type { Explanation } from '$lib/setup/blocked-explanations';
import BlockedPanel from './BlockedPanel.svelte';

afterEach(() => cleanup());

const entry = (code: BlockedEntry['code'], detail?: string): BlockedEntry => ({
	code,
	rule_id: `rule-${code.toLowerCase()}`,
	message: CODE_CATALOGUE[code].message,
	fix: CODE_CATALOGUE[code].fix,
	step: CODE_CATALOGUE[code].step,
	...(detail ? { detail } : {})
});

const explanations: Explanation[] = [
	{
		rule_id: 'rule-provider_auth_required',
		title: 'A refused credential blocks',
		lines: ['connection_error_code is PROVIDER_AUTH_REQUIRED']
	}
];

describe('BlockedPanel', () => {
	it('shows code, message, detail, fix and the why-panel, and calls back on each button', async () => {
		const user = userEvent.setup();
		const onRetry = vi.fn();
		const onFix = vi.fn();
		render(BlockedPanel, {
			props: {
				entries: [entry('PROVIDER_AUTH_REQUIRED', 'The token expired on 2026-11-01.')],
				explanations,
				onRetry,
				onFix
			}
		});

		const panel = screen.getByRole('alert');
		expect(within(panel).getByRole('heading', { level: 3 })).toHaveTextContent(
			'Blocked: PROVIDER_AUTH_REQUIRED'
		);
		expect(
			within(panel).getByText(CODE_CATALOGUE.PROVIDER_AUTH_REQUIRED.message)
		).toBeInTheDocument();
		expect(within(panel).getByText('The token expired on 2026-11-01.')).toBeInTheDocument();
		const fix = within(panel).getByText('What to fix next:').parentElement;
		expect(fix).toHaveTextContent(`What to fix next: ${CODE_CATALOGUE.PROVIDER_AUTH_REQUIRED.fix}`);
		// Auth problems are fixed by reconnecting, not by falling back.
		expect(within(panel).queryByText(/portable export/)).not.toBeInTheDocument();
		expect(
			within(panel).queryByRole('button', { name: 'I understand, keep this token' })
		).not.toBeInTheDocument();

		const details = panel.querySelector('details') as HTMLDetailsElement;
		expect(details.open).toBe(false);
		await user.click(within(panel).getByText('Why is this blocked?'));
		expect(details.open).toBe(true);
		expect(within(panel).getByText('A refused credential blocks')).toBeInTheDocument();
		expect(within(panel).getByText('rule-provider_auth_required')).toBeInTheDocument();
		expect(
			within(panel).getByText('connection_error_code is PROVIDER_AUTH_REQUIRED')
		).toBeInTheDocument();

		await user.click(screen.getByRole('button', { name: 'Fix it' }));
		await user.click(screen.getByRole('button', { name: 'Check again' }));
		expect(onFix).toHaveBeenCalledTimes(1);
		expect(onRetry).toHaveBeenCalledTimes(1);
	});

	it('offers the acknowledgement only when given, and the fallback for codes that allow it', async () => {
		const user = userEvent.setup();
		const onAcknowledge = vi.fn();
		render(BlockedPanel, {
			props: {
				entries: [entry('PROVIDER_CREDENTIAL_TOO_BROAD'), entry('PROVIDER_SCOPE_UNAVAILABLE')],
				explanations: [],
				onRetry: vi.fn(),
				onFix: vi.fn(),
				onAcknowledge,
				canFix: false
			}
		});
		expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
			'Blocked: PROVIDER_CREDENTIAL_TOO_BROAD',
			'Blocked: PROVIDER_SCOPE_UNAVAILABLE'
		]);
		expect(screen.getByText(/portable export \(CSV, Markdown or JSON\)/)).toBeInTheDocument();
		expect(screen.getByRole('button', { name: 'Fix it' })).toBeDisabled();
		expect(screen.queryByText('Why is this blocked?')).not.toBeInTheDocument();
		await user.click(screen.getByRole('button', { name: 'I understand, keep this token' }));
		expect(onAcknowledge).toHaveBeenCalledTimes(1);
	});

	it("shows the check's own sentences beside the catalogue text of their entry", () => {
		render(BlockedPanel, {
			props: {
				entries: [entry('PROVIDER_ORGANIZATION_REQUIRED')],
				explanations: [],
				onRetry: vi.fn(),
				onFix: vi.fn(),
				said: [
					[
						{
							message: "Azure DevOps Services has no organization named 'fabrikm'.",
							fix: "Correct 'fabrikm' on the Organization step."
						}
					]
				]
			}
		});
		const panel = screen.getByRole('alert');
		expect(
			within(panel).getByText(CODE_CATALOGUE.PROVIDER_ORGANIZATION_REQUIRED.message)
		).toBeInTheDocument();
		expect(
			within(panel).getByText(
				"Azure DevOps Services has no organization named 'fabrikm'. Correct 'fabrikm' on the Organization step."
			)
		).toBeInTheDocument();
	});

	it('says a check could not run when there is no entry, without a Fix it target', () => {
		render(BlockedPanel, {
			props: {
				entries: [],
				explanations: [],
				onRetry: vi.fn(),
				onFix: vi.fn(),
				failure: 'The rule files could not be loaded.'
			}
		});
		expect(screen.getByRole('heading', { level: 3 })).toHaveTextContent('This check could not run');
		expect(screen.getByText('The rule files could not be loaded.')).toBeInTheDocument();
		expect(screen.getByRole('button', { name: 'Fix it' })).toBeDisabled();
		expect(screen.getByRole('button', { name: 'Check again' })).toBeEnabled();
	});

	it('announces once: the alert role is dropped after the first appearance', async () => {
		vi.useFakeTimers();
		try {
			render(BlockedPanel, {
				props: {
					entries: [entry('PROVIDER_RATE_LIMITED')],
					explanations: [],
					onRetry: vi.fn(),
					onFix: vi.fn()
				}
			});
			expect(screen.getByRole('alert')).toBeInTheDocument();
			await vi.advanceTimersByTimeAsync(1500);
			expect(screen.queryByRole('alert')).not.toBeInTheDocument();
			expect(
				screen.getByRole('region', { name: 'Blocked: PROVIDER_RATE_LIMITED' })
			).toBeInTheDocument();
		} finally {
			vi.useRealTimers();
		}
	});
});
