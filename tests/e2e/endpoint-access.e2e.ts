import { expect, test } from '@playwright/test';

// Who may call the probe endpoint: same-origin pages only, and behind an auth proxy only
// requests the proxy signed in. A body that fails validation (400) shows a caller got past the
// access checks without running a probe.

const PROBE = '/api/azure-devops/probe';
/** The second app of playwright.config.ts (same variable, same default). */
const PROXIED = `http://127.0.0.1:${Number(process.env.E2E_PROXIED_APP_PORT ?? 4175)}`;
const notAProbe = JSON.stringify({ probe: 'nothing' });

test('the endpoint refuses a POST without Origin, and one from another site', async ({
	request,
	baseURL
}) => {
	const headers = { 'content-type': 'application/json' };
	const bare = await request.post(PROBE, { headers, data: notAProbe });
	expect(bare.status()).toBe(403);
	expect(await bare.json()).toEqual({ error: 'origin_required' });

	const foreign = await request.post(PROBE, {
		headers: { ...headers, origin: 'https://evil.example' },
		data: notAProbe
	});
	expect(foreign.status()).toBe(403);

	const crossSite = await request.post(PROBE, {
		headers: { ...headers, origin: baseURL as string, 'sec-fetch-site': 'cross-site' },
		data: notAProbe
	});
	expect(crossSite.status()).toBe(403);
});

test('the browser client gets past the checks: a same-origin fetch sends Origin', async ({
	page
}) => {
	await page.goto('/settings');
	const status = await page.evaluate(async (body) => {
		const res = await fetch('/api/azure-devops/probe', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
			credentials: 'same-origin'
		});
		return res.status;
	}, notAProbe);
	expect(status).toBe(400);
});

test('an oversized chunked body gets 413, not a reset connection', async ({ baseURL }) => {
	const big = new Uint8Array(200 * 1024).fill(0x20);
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			for (let i = 0; i < 4; i++) controller.enqueue(big.subarray(i * 51_200, (i + 1) * 51_200));
			controller.close();
		}
	});
	const res = await fetch(`${baseURL}${PROBE}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: baseURL as string },
		body,
		duplex: 'half'
	} as RequestInit);
	expect(res.status).toBe(413);
});

test.describe('behind an authenticating proxy (WEBRISKOPS_TRUSTED_USER_HEADER)', () => {
	test('refuses requests without the trusted user header, pages and endpoint alike', async ({
		request
	}) => {
		const page = await request.get(`${PROXIED}/settings`);
		expect(page.status()).toBe(401);
		const probe = await request.post(`${PROXIED}${PROBE}`, {
			headers: { 'content-type': 'application/json', origin: PROXIED },
			data: notAProbe
		});
		expect(probe.status()).toBe(401);
		expect(await probe.json()).toEqual({ error: 'sign_in_required' });
	});

	test('serves the user the proxy names', async ({ request }) => {
		const user = { 'x-forwarded-user': 'alice@contoso.example' };
		expect((await request.get(`${PROXIED}/settings`, { headers: user })).status()).toBe(200);
		const probe = await request.post(`${PROXIED}${PROBE}`, {
			headers: { ...user, 'content-type': 'application/json', origin: PROXIED },
			data: notAProbe
		});
		expect(probe.status()).toBe(400);
	});
});
