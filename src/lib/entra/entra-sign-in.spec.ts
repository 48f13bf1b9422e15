import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/simulator';
import {
	channelWaiter,
	signInWithEntra,
	type AuthorizationResponseMessage,
	type SignInDeps
} from './entra-sign-in';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => {
	sim.faults.reset();
});

const APP = 'http://127.0.0.1:9';
const CONFIG = () => ({
	client_id: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
	authority: sim.entra.authority,
	redirect_uri: `${APP}/settings/integrations/azure-devops/oauth/callback`
});

/**
 * A scripted user in the sign-in window: loads the authority's page, presses Accept or Deny, and
 * the callback route relays the redirect's query on the channel (as the real route does).
 */
function deps(
	decision: 'accept' | 'deny',
	options: { tamperState?: boolean; blocked?: boolean; configured?: boolean; channel?: string } = {}
): SignInDeps & { navigated: string[]; closed: number } {
	const channel = options.channel ?? `test-${Math.random()}`;
	const navigated: string[] = [];
	const d = {
		navigated,
		closed: 0,
		config: async () => (options.configured === false ? null : CONFIG()),
		openWindow: () =>
			options.blocked
				? null
				: {
						navigate(url: string) {
							navigated.push(url);
							void (async () => {
								const page = await (await fetch(url)).text();
								const request = /name="request" value="([^"]+)"/.exec(page)?.[1] ?? '';
								const back = await fetch(`${sim.entra.authority}/oauth2/v2.0/consent`, {
									method: 'POST',
									body: new URLSearchParams({ request, decision }),
									redirect: 'manual'
								});
								const location = new URL(back.headers.get('location') ?? '');
								if (options.tamperState) location.searchParams.set('state', 'forged');
								const out = new BroadcastChannel(channel);
								out.postMessage({
									type: 'entra.authorization-response',
									search: location.search
								} satisfies AuthorizationResponseMessage);
								out.close();
							})();
						},
						close() {
							d.closed += 1;
						}
					},
		waitForResponse: channelWaiter(channel),
		// The browser sends Origin on a cross-origin fetch; node's fetch does not, so add it.
		fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
			fetch(input, {
				...init,
				headers: { ...(init?.headers as Record<string, string>), origin: APP }
			})) as typeof fetch,
		now: () => new Date(),
		timeoutMs: 500
	};
	return d;
}

describe('signInWithEntra against the simulator authority', () => {
	it('accept: a token for Azure DevOps with the granted scopes, usable as Bearer; the window is closed', async () => {
		const d = deps('accept');
		const result = await signInWithEntra(d);
		expect(result.granted_scopes).toEqual(['vso.work_write', 'vso.project']);
		expect(Date.parse(result.expires_at)).toBeGreaterThan(Date.now());
		expect(d.closed).toBe(1);
		const r = await fetch(`${sim.origin}/fabrikam/_apis/connectionData?api-version=7.1-preview`, {
			headers: { authorization: `Bearer ${result.access_token}` }
		});
		expect(r.status).toBe(200);
		// The verifier never left the tab: the authorize URL carries only its challenge.
		expect(new URL(d.navigated[0] ?? '').searchParams.get('code_challenge_method')).toBe('S256');
	});

	it.each([
		['consent denied', deps('deny'), 'consent_denied'],
		[
			'forged state: the answer is ignored until the timeout',
			deps('accept', { tamperState: true }),
			'timed_out'
		],
		['pop-up blocked', deps('accept', { blocked: true }), 'popup_blocked'],
		['not configured', deps('accept', { configured: false }), 'not_configured']
	])('%s → PROVIDER_AUTH_REQUIRED', async (_name, d, failure) => {
		await expect(signInWithEntra(d)).rejects.toMatchObject({
			failure,
			code: 'PROVIDER_AUTH_REQUIRED'
		});
	});

	it('a token endpoint refusal names the AADSTS reference, never the code', async () => {
		const d = deps('accept');
		let code = '';
		const inner = d.fetch;
		d.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
			const form = new URLSearchParams(String(init?.body));
			code = form.get('code') ?? '';
			form.set('code_verifier', 'x'.repeat(43));
			return inner(input, { ...init, body: form });
		}) as typeof fetch;
		const error = (await signInWithEntra(d).then(
			() => new Error('signed in'),
			(e: unknown) => e
		)) as Error;
		expect(error.message).toMatch(/AADSTS501481/);
		expect(code.length).toBeGreaterThan(20);
		expect(error.message).not.toContain(code);
	});

	it('the chart leaving the state aborts the wait', async () => {
		const d = deps('accept', { tamperState: true });
		d.timeoutMs = 60_000;
		const ac = new AbortController();
		const pending = signInWithEntra(d, ac.signal);
		setTimeout(() => ac.abort(), 50);
		await expect(pending).rejects.toBeTruthy();
		expect(d.closed).toBe(1);
	});
});
