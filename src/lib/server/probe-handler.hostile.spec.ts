import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkText } from '$lib/domain/checks';
import { Admission } from './admission';
import {
	startHostileUpstream,
	type HostileScenario,
	type HostileUpstream
} from './azure-devops/hostile-upstream';
import type { OperatorConfig } from './config';
import { createMemoryLogger } from './log';
import { handleProbe } from './probe-handler';

// A hostile Azure DevOps driven through the real endpoint: handleProbe → real url-safety
// assessment → pinned transport → loopback attacker. Every answer is classified, none is a 5xx,
// and each arrives within the time limit + 1 s.

const APP = 'http://app.test';
const TIMEOUT_MS = 3000;
let upstream: HostileUpstream;
let config: OperatorConfig;

beforeAll(async () => {
	upstream = await startHostileUpstream();
	config = {
		allowlist: [`http://${new URL(upstream.origin).host}`],
		probeTimeoutMs: TIMEOUT_MS,
		crossCheckOrganizations: []
	};
});
afterAll(async () => {
	await upstream.close();
});

function probe(kind: 'discovery' | 'connection', baseUrl: string): Request {
	return new Request(`${APP}/api/azure-devops/probe`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: APP },
		body: JSON.stringify({
			probe: kind,
			target: { provider_key: 'azure_devops_server', base_url: baseUrl, project: 'P' },
			credential: {
				auth_method: 'pat',
				token: 'hostiletokenzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'
			}
		})
	});
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('hostile upstream through the real endpoint', () => {
	it.each<[HostileScenario, 'discovery' | 'connection', string, string]>([
		['deep-tree', 'discovery', 'PROVIDER_BASE_URL_UNREACHABLE', 'budget-exceeded'],
		['wide-tree', 'discovery', 'PROVIDER_BASE_URL_UNREACHABLE', 'budget-exceeded'],
		['long-names', 'discovery', 'PROVIDER_BASE_URL_UNREACHABLE', 'budget-exceeded'],
		['cut-tree', 'discovery', 'PROVIDER_BASE_URL_UNREACHABLE', 'budget-exceeded'],
		['large-field-lists', 'discovery', 'PROVIDER_BASE_URL_UNREACHABLE', 'budget-exceeded'],
		['huge-field-list', 'discovery', 'PROVIDER_BASE_URL_UNREACHABLE', 'response-too-large'],
		['many-fields', 'discovery', 'PROVIDER_BASE_URL_UNREACHABLE', 'budget-exceeded'],
		['slow-drip', 'connection', 'PROVIDER_BASE_URL_UNREACHABLE', 'probe-time-limit'],
		['endless-body', 'connection', 'PROVIDER_BASE_URL_UNREACHABLE', 'response-too-large'],
		// Never inflated: the compressed bytes are not JSON.
		['gzip-bomb', 'connection', 'PROVIDER_BASE_URL_UNREACHABLE', 'malformed-response'],
		['redirect-loop', 'connection', 'PROVIDER_BASE_URL_BLOCKED', 'redirect'],
		['redirect-away', 'connection', 'PROVIDER_BASE_URL_BLOCKED', 'redirect'],
		['reset', 'connection', 'PROVIDER_BASE_URL_UNREACHABLE', 'unreachable']
	])('%s (%s): %s/%s within the limit + 1 s', async (scenario, kind, code, check) => {
		const log = createMemoryLogger();
		const started = performance.now();
		const res = await handleProbe(probe(kind, upstream.collection(scenario)), { config, log });
		const elapsed = performance.now() - started;
		expect(res.status).toBe(200);
		const body = (await res.json()) as Record<string, unknown>;
		expect(body).toMatchObject({ ok: false, code, check });
		// The message says what happened: the check's own wording where it has one.
		const own = checkText(check);
		if (own) expect(body).toMatchObject(own);
		expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
	});

	it('refused and reset read the same in the browser; the log keeps the difference', async () => {
		const answers = [];
		const lines: string[] = [];
		for (const base of [
			upstream.collection('reset'),
			`http://127.0.0.1:${await closedPort()}/x/DefaultCollection`
		]) {
			const log = createMemoryLogger();
			const res = await handleProbe(probe('connection', base), {
				config: { ...config, allowlist: ['http://127.0.0.1'] },
				log
			});
			const body = (await res.json()) as Record<string, unknown>;
			delete body.diagnostics;
			answers.push(body);
			lines.push(...log.lines);
		}
		expect(answers[0]).toEqual(answers[1]);
		expect(answers[0]).toMatchObject({ check: 'unreachable' });
		expect(lines.join('\n')).toMatch(/"observed":"reset/);
		expect(lines.join('\n')).toMatch(/"observed":"refused/);
	});

	it('a burst beyond the admission limits is answered 429 with Retry-After', async () => {
		const admission = new Admission({ global: 2, perClient: 2, perMinute: 100 });
		const responses = await Promise.all(
			Array.from({ length: 5 }, () =>
				handleProbe(probe('connection', upstream.collection('slow-drip')), {
					config: { ...config, probeTimeoutMs: 500 },
					log: createMemoryLogger(),
					admission,
					clientAddress: '192.0.2.1'
				})
			)
		);
		const statuses = responses.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 200, 429, 429, 429]);
		const refused = responses.find((r) => r.status === 429);
		expect(refused?.headers.get('retry-after')).toBe('1');
		expect(admission.probesInFlight).toBe(0);
	});
});
