import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import type { PersistedSetup } from './setup-persistence';
import type { DraftSlot, SetupSession } from './setup-session.svelte';
import { machineWith } from './setup.stubs';
import SetupSessionHarness from './SetupSessionHarness.svelte';

afterEach(() => cleanup());

function fakeSlot() {
	const saves: PersistedSetup[] = [];
	const secrets: Array<string | null> = [];
	const slot: DraftSlot = {
		save: async (persisted) => {
			saves.push(persisted);
			return { status: 'saved', version: saves.length };
		},
		onExternalChange: () => () => {},
		setLiveSecret: (token) => void secrets.push(token)
	};
	return { slot, saves, secrets };
}

function mount() {
	const { slot, saves, secrets } = fakeSlot();
	let session: SetupSession | undefined;
	const view = render(SetupSessionHarness, {
		props: {
			machine: machineWith().machine,
			input: {},
			slot,
			onSession: (s: SetupSession) => (session = s)
		}
	});
	return { view, session: session!, saves, secrets };
}

describe('createSetupSession: the chart bound to Svelte through @xstate/svelte', () => {
	it('renders each new snapshot and persists the draft it changed', async () => {
		const { session, saves } = mount();
		expect(screen.getByTestId('step')).toHaveTextContent('provider');
		session.send({ type: 'setup.started' });
		session.send({ type: 'provider.chosen', provider_key: 'azure_devops_services' });
		await waitFor(() => expect(screen.getByTestId('step')).toHaveTextContent('organization'));
		await session.flushed();
		expect(saves.at(-1)?.draft.provider_key).toBe('azure_devops_services');
	});

	it('keeps the token out of the persisted draft and names it to storage as the live secret', async () => {
		const { session, saves, secrets } = mount();
		session.send({ type: 'setup.started' });
		session.send({ type: 'provider.chosen', provider_key: 'azure_devops_services' });
		session.send({ type: 'organization.submitted', organization: 'fabrikam' });
		session.send({ type: 'auth_method.chosen', auth_method: 'pat' });
		session.send({ type: 'token.submitted', token: 'secret-pat' });
		await waitFor(() => expect(screen.getByTestId('busy')).toHaveTextContent('idle'));
		await session.flushed();
		expect(secrets).toContain('secret-pat');
		expect(JSON.stringify(saves)).not.toContain('secret-pat');
	});

	it('stops the actor when the component that created the session is destroyed', () => {
		const { view, session } = mount();
		expect(session.snapshot.status).toBe('active');
		view.unmount();
		expect(session.snapshot.status).toBe('stopped');
	});
});
