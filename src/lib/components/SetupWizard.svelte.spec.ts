import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { CODE_CATALOGUE, EMPTY_DRAFT } from '$lib/domain';
import type { SetupInput } from '$lib/setup/setup.machine';
import SetupWizard from './SetupWizard.svelte';
import { decision, ok, SERVER_URL, startActor, type Script } from './wizard.stubs';

afterEach(() => cleanup());

function renderWizard(
	script: Script = {},
	input: SetupInput = {},
	props: { demo?: boolean; notice?: string | null } = {}
) {
	const run = startActor(script, input);
	if (run.actor.getSnapshot().hasTag('status')) run.actor.send({ type: 'setup.started' });
	const view = render(SetupWizard, {
		props: {
			snapshot: run.actor.getSnapshot(),
			send: run.send,
			demo: props.demo ?? false,
			notice: props.notice ?? null
		}
	});
	const sub = run.actor.subscribe((snapshot) => void view.rerender({ snapshot }));
	afterEach(() => sub.unsubscribe());
	return { ...run, ...view, user: userEvent.setup({ delay: null }) };
}

const heading = (name: string | RegExp) => screen.findByRole('heading', { level: 2, name });
const last = <T>(list: T[]) => list.at(-1);

async function toServicesCredential(w: ReturnType<typeof renderWizard>) {
	await w.user.click(screen.getByRole('radio', { name: /Azure DevOps Services/ }));
	await w.user.click(screen.getByRole('button', { name: 'Continue' }));
	await heading('Organization');
	await w.user.type(screen.getByRole('textbox', { name: 'Organization' }), 'fabrikam');
	await w.user.click(screen.getByRole('button', { name: 'Continue' }));
	await w.user.click(await screen.findByRole('radio', { name: 'Personal access token' }));
	await w.user.click(screen.getByRole('button', { name: 'Continue' }));
	await heading('Credential');
}

async function toServerUrl(w: ReturnType<typeof renderWizard>) {
	await w.user.click(screen.getByRole('radio', { name: /Azure DevOps Server/ }));
	await w.user.click(screen.getByRole('button', { name: 'Continue' }));
	await heading('Server confirmations');
	for (const box of screen.getAllByRole('checkbox')) await w.user.click(box);
	await w.user.click(screen.getByRole('button', { name: 'Continue to the server URL' }));
	await heading('Server URL');
}

describe('SetupWizard: Services path', () => {
	it('records provider_key first, shows its Result: line and moves focus to the new heading', async () => {
		const w = renderWizard();
		expect(
			screen.getByRole('heading', { level: 2, name: 'Azure DevOps target' })
		).toBeInTheDocument();
		expect(
			screen.getByRole('radio', {
				name: /Azure DevOps Services.*dev\.azure\.com, cloud.*OAuth.*personal access token/
			})
		).toBeInTheDocument();
		expect(
			screen.getByRole('radio', {
				name: /Azure DevOps Server.*Self-hosted.*Personal access token only/
			})
		).toBeInTheDocument();
		expect(screen.queryByRole('textbox', { name: 'Organization' })).not.toBeInTheDocument();

		await w.user.click(screen.getByRole('radio', { name: /Azure DevOps Services/ }));
		await w.user.click(screen.getByRole('button', { name: 'Continue' }));

		expect(w.events).toContainEqual({
			type: 'provider.chosen',
			provider_key: 'azure_devops_services'
		});
		const h = await heading('Organization');
		await waitFor(() => expect(h).toHaveFocus());
		expect(h).toHaveAttribute('tabindex', '-1');
		expect(
			screen.getByText(
				/Result: provider_key is recorded as azure_devops_services before project fields are requested\./
			)
		).toBeInTheDocument();
		const progress = screen.getByRole('navigation', { name: 'Setup progress' });
		expect(within(progress).getByText('Organization').closest('li')).toHaveAttribute(
			'aria-current',
			'step'
		);
		expect(within(progress).queryByText('Server URL')).not.toBeInTheDocument();
	});

	it('shows the organization schema error beside the field, then the auth method choice', async () => {
		const w = renderWizard();
		await w.user.click(screen.getByRole('radio', { name: /Azure DevOps Services/ }));
		await w.user.click(screen.getByRole('button', { name: 'Continue' }));
		await heading('Organization');
		expect(screen.getByText('https://dev.azure.com/')).toBeInTheDocument();
		const input = screen.getByRole('textbox', { name: 'Organization' });
		await w.user.type(input, '-fabrikam');
		await w.user.click(screen.getByRole('button', { name: 'Continue' }));

		expect(last(w.events)).toEqual({ type: 'organization.submitted', organization: '-fabrikam' });
		await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
		expect(input).toHaveAccessibleDescription(
			expect.stringContaining('Use English letters, digits and hyphens only')
		);

		await w.user.clear(input);
		await w.user.type(input, 'fabrikam');
		await w.user.click(screen.getByRole('button', { name: 'Continue' }));
		expect(
			await screen.findByRole('radio', { name: 'OAuth (Microsoft Entra ID)' })
		).toBeInTheDocument();
		expect(
			screen.getByText(
				/Azure DevOps' own OAuth no longer accepts new app registrations.*Microsoft Entra ID/
			)
		).toBeInTheDocument();
		await w.user.click(screen.getByRole('radio', { name: 'OAuth (Microsoft Entra ID)' }));
		await w.user.click(screen.getByRole('button', { name: 'Continue' }));
		expect(last(w.events)).toEqual({ type: 'auth_method.chosen', auth_method: 'oauth' });
		await heading('Credential');
		await w.user.click(screen.getByRole('button', { name: 'Sign in with Microsoft Entra ID' }));
		expect(last(w.events)).toEqual({ type: 'oauth.started' });
		expect(
			await screen.findByText(/not configured on this WebRiskOps instance/)
		).toBeInTheDocument();
	});

	it('guides the PAT, hides the token and walks to saved with the right events', async () => {
		const w = renderWizard();
		await toServicesCredential(w);

		expect(
			screen.getByRole('link', { name: 'https://dev.azure.com/fabrikam/_usersSettings/tokens' })
		).toHaveAttribute('href', 'https://dev.azure.com/fabrikam/_usersSettings/tokens');
		expect(screen.getByText('Work Items: Read & write')).toBeInTheDocument();
		expect(screen.getByText('Project and Team: Read')).toBeInTheDocument();
		expect(screen.getByText(/and nothing else/)).toBeInTheDocument();
		const token = screen.getByLabelText('Personal access token');
		expect(token).toHaveAttribute('type', 'password');
		expect(token).toHaveAttribute('autocomplete', 'off');
		expect(token).toHaveAttribute('spellcheck', 'false');

		await w.user.type(token, 'pat-secret-value');
		await w.user.type(screen.getByLabelText('Token expiry date (token_expires_at)'), '2027-01-31');
		await w.user.click(screen.getByRole('button', { name: 'Check the token' }));
		expect(last(w.events)).toEqual({
			type: 'token.submitted',
			token: 'pat-secret-value',
			token_expires_at: '2027-01-31T23:59:59.000Z'
		});

		// Connection passes by itself and the project list loads.
		await heading('Project');
		const list = await screen.findByRole('listbox', { name: 'Project' });
		expect(within(list).getAllByRole('option')).toHaveLength(3);
		await w.user.type(screen.getByRole('searchbox', { name: 'Filter projects' }), 'fabrikam');
		await waitFor(() =>
			expect(
				within(list)
					.getAllByRole('option')
					.map((o) => o.textContent)
			).toEqual(['Fabrikam Fiber', 'Fabrikam Ops'])
		);
		await w.user.selectOptions(list, 'Fabrikam Fiber');
		await w.user.click(screen.getByRole('button', { name: 'Use this project' }));
		expect(last(w.events)).toEqual({ type: 'project.chosen', project_id: 'p1' });

		await heading('Scopes');
		const scopes = await screen.findByRole('table');
		expect(within(scopes).getAllByText('Granted')).toHaveLength(3);
		await w.user.click(screen.getByRole('button', { name: 'Continue' }));
		expect(last(w.events)).toEqual({ type: 'scopes.confirmed' });

		await heading('Work item mapping');
		expect(screen.getByRole('combobox', { name: 'Work item type (work_item_type)' })).toHaveValue(
			'Bug'
		);
		expect(screen.getByRole('combobox', { name: 'Area path (area_path)' })).toHaveValue(
			'Fabrikam Fiber\\Web'
		);
		await w.user.selectOptions(
			screen.getByRole('combobox', { name: 'Priority for critical findings' }),
			'2'
		);
		expect(last(w.events)).toEqual({
			type: 'mapping.changed',
			mapping: { priority_mapping: { critical: 2, high: 2, medium: 3, low: 4 } }
		});
		await w.user.selectOptions(
			screen.getByRole('combobox', { name: 'Severity for low findings' }),
			'3 - Medium'
		);
		expect(last(w.events)).toMatchObject({
			type: 'mapping.changed',
			mapping: { severity_mapping: { low: '3 - Medium', critical: '1 - Critical' } }
		});
		await w.user.selectOptions(screen.getByRole('combobox', { name: /Owning team/ }), 'Web');
		expect(last(w.events)).toEqual({
			type: 'mapping.changed',
			mapping: { custom_fields: { 'Custom.Team': 'Web' } }
		});
		await w.user.click(screen.getByRole('button', { name: 'Run dry-run create' }));
		expect(last(w.events)).toEqual({ type: 'mapping.submitted' });

		await heading('Review and save');
		const record = screen.getByRole('heading', { name: 'Provider record' })
			.nextElementSibling as HTMLElement;
		expect(within(record).getByText('https://dev.azure.com/fabrikam')).toBeInTheDocument();
		expect(within(record).getByText('work_item_type')).toBeInTheDocument();
		expect(
			screen.getByText(/Result: The dry-run create passed \(validateOnly\)/)
		).toBeInTheDocument();
		expect(
			screen.getByText('Azure DevOps Services ready: yes', { exact: false })
		).toBeInTheDocument();
		await w.user.click(screen.getByRole('button', { name: 'Save target' }));
		expect(last(w.events)).toEqual({ type: 'save.requested' });

		await heading('Saved');
		expect(screen.getAllByText('sha256:0123456789abcdef').length).toBeGreaterThan(0);
		await w.user.click(screen.getByRole('button', { name: 'Continue to Work management export' }));
		expect(last(w.events)).toEqual({ type: 'export.continued' });
		await waitFor(() =>
			expect(
				screen.getByRole('button', { name: 'Continue to Work management export' })
			).toBeDisabled()
		);
		// The token never reaches the page once handed over.
		expect(document.body.innerHTML).not.toContain('pat-secret-value');
	});

	it('says what is being checked while busy, keeping the buttons in place but disabled', async () => {
		const w = renderWizard({ hold: ['checkConnection', 'runDryRunCreate'] });
		await toServicesCredential(w);
		await w.user.type(screen.getByLabelText('Personal access token'), 'pat-secret-value');
		await w.user.click(screen.getByRole('button', { name: 'Check the token' }));

		const status = await screen.findByText('Asking Azure DevOps who this token belongs to…');
		expect(status).toHaveAttribute('role', 'status');
		expect(status).toHaveAttribute('aria-live', 'polite');
		expect(screen.getByRole('heading', { level: 2, name: 'Connection check' })).toBeInTheDocument();
		expect(screen.getByRole('button', { name: 'Back' })).toBeEnabled();

		w.release('checkConnection');
		await heading('Project');
		await w.user.selectOptions(
			await screen.findByRole('listbox', { name: 'Project' }),
			'Fabrikam Fiber'
		);
		await w.user.click(screen.getByRole('button', { name: 'Use this project' }));
		await heading('Scopes');
		await w.user.click(await screen.findByRole('button', { name: 'Continue' }));
		await heading('Work item mapping');
		await w.user.selectOptions(screen.getByRole('combobox', { name: /Owning team/ }), 'Web');
		await w.user.click(screen.getByRole('button', { name: 'Run dry-run create' }));

		expect(
			await screen.findByText('Running a dry-run create (validateOnly, nothing is created)…')
		).toBeInTheDocument();
		const run = screen.getByRole('button', { name: 'Run dry-run create' });
		expect(run).toBeDisabled();
		expect(
			screen.getByRole('combobox', { name: 'Work item type (work_item_type)' })
		).toBeDisabled();
		w.release('runDryRunCreate');
		await heading('Review and save');
		await waitFor(() => expect(document.querySelector('.busy-line')?.textContent).toBe(''));
	});

	it('shows preflight problems next to the field they concern', async () => {
		const w = renderWizard({
			preflight: [
				ok<'preflight'>({
					valid: false,
					operations: [],
					problems: [
						{
							field: 'System.AreaPath',
							message: 'The area path does not exist.',
							fix: 'Choose an existing area.'
						}
					]
				})
			],
			decisions: [
				decision(),
				decision(),
				decision(),
				decision([{ code: 'TICKET_EXPORT_MAPPING_REQUIRED' }])
			]
		});
		await toServicesCredential(w);
		await w.user.type(screen.getByLabelText('Personal access token'), 'pat-secret-value');
		await w.user.click(screen.getByRole('button', { name: 'Check the token' }));
		await w.user.selectOptions(
			await screen.findByRole('listbox', { name: 'Project' }),
			'Fabrikam Fiber'
		);
		await w.user.click(screen.getByRole('button', { name: 'Use this project' }));
		await w.user.click(await screen.findByRole('button', { name: 'Continue' }));
		await heading('Work item mapping');
		await w.user.click(screen.getByRole('button', { name: 'Run dry-run create' }));

		expect(
			await screen.findByText(CODE_CATALOGUE.TICKET_EXPORT_MAPPING_REQUIRED.message)
		).toBeInTheDocument();
		const area = screen.getByRole('combobox', { name: 'Area path (area_path)' });
		expect(area).toHaveAttribute('aria-invalid', 'true');
		expect(area).toHaveAccessibleDescription(
			expect.stringContaining('The area path does not exist. Choose an existing area.')
		);

		// Editing the field leaves the blocked state and clears the stale dry run.
		await w.user.clear(area);
		await w.user.type(area, 'Fabrikam Fiber{Enter}');
		await w.user.tab();
		await waitFor(() =>
			expect(w.events).toContainEqual({
				type: 'mapping.changed',
				mapping: { area_path: 'Fabrikam Fiber' }
			})
		);
		await waitFor(() =>
			expect(
				screen.queryByText(CODE_CATALOGUE.TICKET_EXPORT_MAPPING_REQUIRED.message)
			).not.toBeInTheDocument()
		);
	});
});

describe('SetupWizard: Server path', () => {
	it('opens base_url only after the three confirmations and checks it before any token', async () => {
		const w = renderWizard();
		await w.user.click(screen.getByRole('radio', { name: /Azure DevOps Server/ }));
		await w.user.click(screen.getByRole('button', { name: 'Continue' }));
		await heading('Server confirmations');
		expect(screen.queryByLabelText('Collection URL (base_url)')).not.toBeInTheDocument();
		const boxes = screen.getAllByRole('checkbox');
		expect(boxes.map((b) => b.closest('label')?.textContent?.trim())).toEqual([
			'The customer owns this Azure DevOps Server.',
			'Its collection and project API is reachable from WebRiskOps.',
			'The customer authorized scanning and exporting findings to it.'
		]);
		await w.user.click(boxes[0] as HTMLElement);
		expect(last(w.events)).toEqual({
			type: 'attestation.changed',
			attestation: 'owns_server',
			value: true
		});
		await w.user.click(screen.getByRole('button', { name: 'Continue to the server URL' }));
		expect(
			await screen.findByText('Confirm all three statements before entering the server URL.')
		).toBeInTheDocument();
		expect(screen.queryByLabelText('Collection URL (base_url)')).not.toBeInTheDocument();
		for (const box of boxes.slice(1)) await w.user.click(box);
		await w.user.click(screen.getByRole('button', { name: 'Continue to the server URL' }));

		await heading('Server URL');
		expect(
			screen.getByText(/checks the URL's safety.*before any token is accepted/)
		).toBeInTheDocument();
		const url = screen.getByLabelText('Collection URL (base_url)');
		await w.user.type(url, 'https://devops.example.com');
		await w.user.click(screen.getByRole('button', { name: 'Check URL' }));
		await waitFor(() => expect(url).toHaveAttribute('aria-invalid', 'true'));
		expect(url).toHaveAccessibleDescription(
			expect.stringContaining('Add the collection to the URL')
		);
		expect(w.calls).not.toContain('checkBaseUrl');

		await w.user.clear(url);
		await w.user.type(url, SERVER_URL);
		await w.user.click(screen.getByRole('button', { name: 'Check URL' }));
		expect(last(w.events)).toEqual({ type: 'base_url.submitted', base_url: SERVER_URL });

		await heading('Network path');
		expect(screen.getByText('Private-network address')).toBeInTheDocument();
		expect(
			screen.getByRole('radio', { name: 'Firewall-allowlisted for WebRiskOps' })
		).toBeChecked();
		expect(screen.queryByRole('radio', { name: /Not required/ })).not.toBeInTheDocument();
		await w.user.click(screen.getByRole('radio', { name: 'Through a VPN the customer approved' }));
		await w.user.click(screen.getByRole('button', { name: 'Confirm network path' }));
		expect(last(w.events)).toEqual({ type: 'network.confirmed', allowlist_status: 'vpn' });

		await heading('Credential');
		expect(
			screen.getByText(/Azure DevOps Server has no OAuth for outside applications/)
		).toBeInTheDocument();
		expect(
			screen.getByRole('link', { name: `${SERVER_URL}/_usersSettings/tokens` })
		).toBeInTheDocument();
		expect(
			screen.queryByRole('button', { name: 'Sign in with Microsoft Entra ID' })
		).not.toBeInTheDocument();
		expect(
			screen.getByText(
				/Result: deployment_mode is self-hosted and private-network checks ran before any token was accepted\./
			)
		).toBeInTheDocument();
		expect(screen.getByText('allowlist_status')).toBeInTheDocument();
	});

	it('renders the blocked panel with code, message, fix and the why-panel from the trace', async () => {
		const blockedDecision = () =>
			decision([{ code: 'PROVIDER_BASE_URL_BLOCKED', rule_id: 'base-url-blocked' }], {
				trace: [
					{
						rule_id: 'base-url-blocked',
						title: 'An unsafe server URL is blocked',
						fired: true,
						conditions: [
							{ result: 'passed', text: 'base_url_check_code is PROVIDER_BASE_URL_BLOCKED' },
							{ result: 'not_evaluated', text: 'provider_key is azure_devops_server' }
						]
					}
				]
			});
		const w = renderWizard({
			baseUrl: {
				ok: false,
				code: 'PROVIDER_BASE_URL_BLOCKED',
				message: 'blocked',
				fix: 'fix',
				check: 'private-network'
			},
			// Blocked on the first check and again after "Check again".
			decisions: [blockedDecision(), blockedDecision()]
		});
		await toServerUrl(w);
		await w.user.type(screen.getByLabelText('Collection URL (base_url)'), SERVER_URL);
		await w.user.click(screen.getByRole('button', { name: 'Check URL' }));

		const panel = await screen.findByRole('alert');
		expect(within(panel).getByRole('heading', { level: 3 })).toHaveTextContent(
			'Blocked: PROVIDER_BASE_URL_BLOCKED'
		);
		expect(within(panel).getByText('PROVIDER_BASE_URL_BLOCKED').tagName).toBe('CODE');
		expect(
			within(panel).getByText(CODE_CATALOGUE.PROVIDER_BASE_URL_BLOCKED.message)
		).toBeInTheDocument();
		expect(
			within(panel).getByText(CODE_CATALOGUE.PROVIDER_BASE_URL_BLOCKED.fix)
		).toBeInTheDocument();
		expect(within(panel).getByText('What to fix next:')).toBeInTheDocument();
		expect(within(panel).getByText(/portable export/)).toBeInTheDocument();
		const why = within(panel).getByText('Why is this blocked?');
		await w.user.click(why);
		expect(within(panel).getByText('An unsafe server URL is blocked')).toBeVisible();
		expect(within(panel).getByText('base-url-blocked')).toBeInTheDocument();
		expect(
			within(panel).getByText('base_url_check_code is PROVIDER_BASE_URL_BLOCKED')
		).toBeInTheDocument();
		expect(
			within(panel).queryByText('provider_key is azure_devops_server')
		).not.toBeInTheDocument();

		await w.user.click(within(panel).getByRole('button', { name: 'Check again' }));
		expect(last(w.events)).toEqual({ type: 'blocked.retry' });
		await w.user.click(await screen.findByRole('button', { name: 'Fix it' }));
		expect(last(w.events)).toEqual({ type: 'blocked.fix' });
		await waitFor(() =>
			expect(screen.queryByRole('button', { name: 'Fix it' })).not.toBeInTheDocument()
		);
		expect(screen.getByLabelText('Collection URL (base_url)')).toBeEnabled();
	});
});

describe('SetupWizard: scopes, reloads, keyboard and badges', () => {
	it('offers "I understand, keep this token" for a wider token that is not global', async () => {
		const w = renderWizard({
			capabilities: ok<'capabilities'>({
				granted: ['project_read', 'work_read', 'work_write'],
				missing: [],
				extra_access: ['Code (read)'],
				recommended_scopes: ['vso.work_write', 'vso.project']
			}),
			decisions: [decision(), decision(), decision([{ code: 'PROVIDER_CREDENTIAL_TOO_BROAD' }])]
		});
		await toServicesCredential(w);
		await w.user.type(screen.getByLabelText('Personal access token'), 'pat-secret-value');
		await w.user.click(screen.getByRole('button', { name: 'Check the token' }));
		await w.user.selectOptions(
			await screen.findByRole('listbox', { name: 'Project' }),
			'Fabrikam Fiber'
		);
		await w.user.click(screen.getByRole('button', { name: 'Use this project' }));

		const ack = await screen.findByRole('button', { name: 'I understand, keep this token' });
		expect(screen.getByText('Code (read)')).toBeInTheDocument();
		expect(screen.getByText(/Create a token with only/)).toHaveTextContent(
			'Create a token with only: vso.work_write, vso.project.'
		);
		expect(screen.getByRole('button', { name: 'Continue' })).toBeDisabled();
		await w.user.click(ack);
		expect(last(w.events)).toEqual({ type: 'scopes.acknowledged' });
		await waitFor(() => expect(screen.getByRole('button', { name: 'Continue' })).toBeEnabled());
	});

	it('never offers the acknowledgement for a global token', async () => {
		const w = renderWizard({
			connection: ok<'connection'>({
				user: { id: 'u1', display_name: 'Ada' },
				deployment_type: 'hosted',
				instance_id: 'i',
				api_version: '7.1',
				credential_global: true,
				credential_too_broad: true
			}),
			decisions: [decision(), decision(), decision([{ code: 'PROVIDER_CREDENTIAL_TOO_BROAD' }])]
		});
		await toServicesCredential(w);
		await w.user.type(screen.getByLabelText('Personal access token'), 'pat-secret-value');
		await w.user.click(screen.getByRole('button', { name: 'Check the token' }));
		await w.user.selectOptions(
			await screen.findByRole('listbox', { name: 'Project' }),
			'Fabrikam Fiber'
		);
		await w.user.click(screen.getByRole('button', { name: 'Use this project' }));
		expect(await screen.findByText(/a global token\)\. It is always refused/)).toBeInTheDocument();
		expect(screen.getByRole('button', { name: 'Check again' })).toBeInTheDocument();
		expect(
			screen.queryByRole('button', { name: 'I understand, keep this token' })
		).not.toBeInTheDocument();
	});

	it('asks for the token again after a reload, saying why', async () => {
		renderWizard(
			{},
			{
				resume_step: 'mapping',
				draft: {
					...EMPTY_DRAFT,
					provider_key: 'azure_devops_services',
					deployment_mode: 'cloud',
					organization: 'fabrikam',
					auth_method: 'pat',
					allowlist_status: 'not_required'
				}
			}
		);
		await heading('Credential');
		expect(
			screen.getByText(
				'For your security the token is kept only in memory until the target is saved. Paste it again to continue.'
			)
		).toBeInTheDocument();
	});

	it('can be walked with the keyboard alone', async () => {
		const w = renderWizard();
		await w.user.tab();
		expect(screen.getByRole('radio', { name: /Azure DevOps Services/ })).toHaveFocus();
		await w.user.keyboard('{ArrowDown}');
		expect(screen.getByRole('radio', { name: /Azure DevOps Server/ })).toBeChecked();
		await w.user.keyboard('{Enter}');
		expect(last(w.events)).toEqual({
			type: 'provider.chosen',
			provider_key: 'azure_devops_server'
		});
		await waitFor(() =>
			expect(screen.getByRole('heading', { level: 2, name: 'Server confirmations' })).toHaveFocus()
		);
		await w.user.tab();
		expect(screen.getAllByRole('checkbox')[0]).toHaveFocus();
		await w.user.keyboard(' ');
		await w.user.tab();
		await w.user.keyboard(' ');
		await w.user.tab();
		await w.user.keyboard(' ');
		await w.user.tab();
		expect(screen.getByRole('button', { name: 'Continue to the server URL' })).toHaveFocus();
		await w.user.keyboard('{Enter}');
		await waitFor(() =>
			expect(screen.getByRole('heading', { level: 2, name: 'Server URL' })).toHaveFocus()
		);
		await w.user.tab();
		await w.user.keyboard(SERVER_URL);
		await w.user.keyboard('{Enter}');
		expect(await screen.findByRole('heading', { level: 2, name: 'Network path' })).toHaveFocus();
	});

	it('shows the demo badge, a notice, and Cancel sends setup.cancelled', async () => {
		const w = renderWizard({}, {}, { demo: true, notice: 'Changed in another tab.' });
		expect(
			screen.getByText('Demo: Azure DevOps Services calls go to the built-in simulator')
		).toBeInTheDocument();
		expect(screen.getByText('Changed in another tab.')).toBeInTheDocument();
		await w.user.click(screen.getByRole('button', { name: 'Cancel' }));
		expect(last(w.events)).toEqual({ type: 'setup.cancelled' });
		expect(w.actor.getSnapshot().hasTag('status')).toBe(true);
	});

	it('offers Back only where the chart accepts it', async () => {
		const w = renderWizard();
		expect(screen.getByRole('button', { name: 'Back' })).toBeEnabled();
		await toServicesCredential(w);
		await w.user.click(screen.getByRole('button', { name: 'Back' }));
		expect(last(w.events)).toEqual({ type: 'nav.back' });
		expect(await screen.findByRole('radio', { name: 'Personal access token' })).toBeInTheDocument();
	});
});

describe('SetupWizard: lookups and accessibility', () => {
	async function toProject(w: ReturnType<typeof renderWizard>) {
		await toServicesCredential(w);
		await w.user.type(screen.getByLabelText('Personal access token'), 'pat-secret-value');
		await w.user.click(screen.getByRole('button', { name: 'Check the token' }));
		return screen.findByRole('listbox', { name: 'Project' });
	}

	it('moves focus to the auth method once the organization is accepted', async () => {
		const w = renderWizard();
		await w.user.click(screen.getByRole('radio', { name: /Azure DevOps Services/ }));
		await w.user.click(screen.getByRole('button', { name: 'Continue' }));
		await w.user.type(
			await screen.findByRole('textbox', { name: 'Organization' }),
			'fabrikam{Enter}'
		);
		await waitFor(() =>
			expect(screen.getByRole('radio', { name: 'Personal access token' })).toHaveFocus()
		);
	});

	it('looks up a project by exact name and adds it to the list', async () => {
		const w = renderWizard();
		const list = await toProject(w);
		await w.user.type(screen.getByRole('searchbox', { name: 'Filter projects' }), 'Hidden Project');
		expect(within(list).queryAllByRole('option')).toHaveLength(0);
		await w.user.click(screen.getByRole('button', { name: 'Look up exact name' }));
		expect(last(w.events)).toEqual({ type: 'project.searched', name: 'Hidden Project' });
		await waitFor(() =>
			expect(
				within(list)
					.getAllByRole('option')
					.map((o) => o.textContent)
			).toEqual(['Hidden Project'])
		);
		await w.user.clear(screen.getByRole('searchbox', { name: 'Filter projects' }));
		await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(4));
	});

	it('looks up a person for the assignee and records the pick', async () => {
		const w = renderWizard();
		await w.user.selectOptions(await toProject(w), 'Fabrikam Fiber');
		await w.user.click(screen.getByRole('button', { name: 'Use this project' }));
		await w.user.click(await screen.findByRole('button', { name: 'Continue' }));
		await heading('Work item mapping');

		await w.user.click(screen.getByRole('radio', { name: 'Team default' }));
		expect(last(w.events)).toEqual({
			type: 'mapping.changed',
			mapping: { assignee_mapping: { mode: 'team_default' } }
		});
		const before = w.events.length;
		await w.user.click(screen.getByRole('radio', { name: 'A specific person' }));
		// Nothing is recorded until a person is picked.
		expect(w.events).toHaveLength(before);
		await w.user.type(screen.getByRole('searchbox', { name: 'E-mail or name' }), 'jamal');
		await w.user.click(screen.getByRole('button', { name: 'Look up person' }));
		expect(last(w.events)).toEqual({ type: 'assignee.searched', query: 'jamal' });
		await w.user.click(
			await screen.findByRole('radio', { name: 'Jamal Hartnett (jamal@fabrikam.example)' })
		);
		expect(last(w.events)).toEqual({
			type: 'mapping.changed',
			mapping: {
				assignee_mapping: {
					mode: 'identity',
					id: 'id-1',
					display_name: 'Jamal Hartnett',
					unique_name: 'jamal@fabrikam.example'
				}
			}
		});

		// A new token clears the lookup results; the picked person stays shown and checked.
		await w.user.click(screen.getByRole('button', { name: 'Back' }));
		await heading('Scopes');
		await w.user.click(screen.getByRole('button', { name: 'Back' }));
		await heading('Project');
		await w.user.click(screen.getByRole('button', { name: 'Back' }));
		await heading('Credential');
		await w.user.type(screen.getByLabelText('Personal access token'), 'pat-replacement-value');
		await w.user.click(screen.getByRole('button', { name: 'Check the token' }));
		await w.user.selectOptions(
			await screen.findByRole('listbox', { name: 'Project' }),
			'Fabrikam Fiber'
		);
		await w.user.click(screen.getByRole('button', { name: 'Use this project' }));
		await w.user.click(await screen.findByRole('button', { name: 'Continue' }));
		await heading('Work item mapping');
		expect(screen.getByRole('radio', { name: 'A specific person' })).toBeChecked();
		const picked = screen.getByRole('group', { name: 'Picked person' });
		expect(
			within(picked).getByRole('radio', { name: 'Jamal Hartnett (jamal@fabrikam.example)' })
		).toBeChecked();
	});

	it('has no axe violations on the provider, mapping and blocked views', async () => {
		const axe = (await import('axe-core')).default;
		const check = async () => {
			// jsdom has no layout, so contrast is checked in the browser suite instead.
			const result = await axe.run(document.body, {
				rules: { 'color-contrast': { enabled: false } }
			});
			expect(
				result.violations.map(
					(v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
				)
			).toEqual([]);
		};
		const w = renderWizard({
			decisions: [
				decision(),
				decision(),
				decision(),
				decision([{ code: 'TICKET_EXPORT_MAPPING_REQUIRED' }])
			]
		});
		await check();
		await w.user.selectOptions(await toProject(w), 'Fabrikam Fiber');
		await w.user.click(screen.getByRole('button', { name: 'Use this project' }));
		await w.user.click(await screen.findByRole('button', { name: 'Continue' }));
		await heading('Work item mapping');
		await check();
		await w.user.click(screen.getByRole('button', { name: 'Run dry-run create' }));
		await screen.findByText(CODE_CATALOGUE.TICKET_EXPORT_MAPPING_REQUIRED.message);
		await check();
	});
});
