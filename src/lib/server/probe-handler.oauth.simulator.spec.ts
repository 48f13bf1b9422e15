import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/simulator';
import type { OperatorConfig } from './config';
import { createMemoryLogger } from './log';
import { handleProbe } from './probe-handler';

/** OAuth (Entra ID) access tokens through the real endpoint against the simulator's authority. */
const APP = 'http://app.test';
let sim: Simulator;
let config: OperatorConfig;

beforeAll(async () => {
	sim = await startSimulator({ host: '127.0.0.1', port: 0 });
	config = {
		allowlist: [`http://${new URL(sim.origin).host}`],
		probeTimeoutMs: 5000,
		servicesOrigin: sim.origin,
		crossCheckOrganizations: ['fabrikam', 'contoso-security']
	};
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => {
	sim.faults.reset();
});

async function connection(token: string) {
	const log = createMemoryLogger();
	const res = await handleProbe(
		new Request(`${APP}/api/azure-devops/probe`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: APP },
			body: JSON.stringify({
				probe: 'connection',
				target: { provider_key: 'azure_devops_services', organization: 'fabrikam' },
				credential: { auth_method: 'oauth', token }
			})
		}),
		{ config, log }
	);
	const text = await res.text();
	return { json: JSON.parse(text) as Record<string, unknown>, text, log: log.lines.join('\n') };
}

describe('connection probe with an Entra ID token', () => {
	it('least-privilege token: ok, granted scopes from scp, not global (the other organization is not in the tenant)', async () => {
		const r = await connection(sim.entra.issueAccessToken());
		expect(r.json).toMatchObject({
			ok: true,
			data: {
				granted_scopes: ['vso.work_write', 'vso.project'],
				credential_global: false,
				credential_too_broad: false
			}
		});
	});

	it.each([
		[
			'organization policy blocks third-party OAuth (TF400813)',
			() => sim.faults.set({ oauthBlockedByPolicy: true }),
			() => sim.entra.issueAccessToken()
		],
		[
			'expired access token',
			() => undefined,
			() => sim.entra.issueAccessToken({ exp: Math.floor(Date.now() / 1000) - 60 })
		]
	])('%s → PROVIDER_AUTH_REQUIRED, token never echoed', async (_name, arrange, token) => {
		arrange();
		const t = token();
		const r = await connection(t);
		expect(r.json).toMatchObject({ ok: false, code: 'PROVIDER_AUTH_REQUIRED' });
		expect(r.text).not.toContain(t);
		expect(r.log).not.toContain(t);
	});

	it('a token with extra scopes is flagged too broad', async () => {
		const r = await connection(
			sim.entra.issueAccessToken({ scp: 'vso.work_write vso.project vso.code_full' })
		);
		expect(r.json).toMatchObject({ ok: true, data: { credential_too_broad: true } });
	});
});
