/**
 * `npm run docs:screenshots` (after `npx vite build`): starts the built app and the simulator on
 * their own ports, walks the wizard with demo data only, and writes one PNG per wizard step and
 * per blocked state into docs/screenshots/, named by state id (see the table in docs/README.md).
 *
 * Customer-safe: demo tokens of the simulator only, token fields masked in every capture (and
 * captured empty where they appear), fingerprints, ids and times masked. The clock is fixed, so a
 * second run on this machine writes the same bytes.
 * `--base-url http://127.0.0.1:4500 --simulator http://127.0.0.1:8095` reuses a running app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_TOKENS, type DemoToken } from '../simulator/demo-tokens';
import { setupMachine } from '$lib/setup/setup.machine';
import { machineStateIds } from '$lib/setup/diagram/to-mermaid';

const OUT = path.join(process.cwd(), 'docs/screenshots');
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--font-render-hinting=none'
];
const FIXED_TIME = new Date('2026-11-26T10:00:00.000Z');
const STATE_IDS = new Set(machineStateIds(setupMachine).map((id) => id.slice('setup.'.length)));

const arg = (name: string) => {
	const i = process.argv.indexOf(name);
	return i > 0 ? process.argv[i + 1] : undefined;
};
const token = (id: DemoToken['id']) => DEMO_TOKENS.find((t) => t.id === id)?.token ?? '';

async function waitForHttp(url: string, ms: number) {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`docs:screenshots: ${url} did not answer within ${ms} ms`);
}

interface Ctx {
	page: Page;
	simulator: string;
	shots: string[];
}

async function shot(ctx: Ctx, stateId: string) {
	if (!STATE_IDS.has(stateId))
		throw new Error(`docs:screenshots: ${stateId} is not a state of the setup chart`);
	const { page } = ctx;
	// Let fonts, focus rings and busy indicators settle before the capture.
	await page.evaluate(() => document.fonts.ready);
	// Focus rings animate in; without focus every capture is the same picture.
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.waitForTimeout(250);
	// A token must never be readable on a docs picture (inputs are masked; text must not hold one).
	const text = await page.evaluate(() => document.body.innerText);
	const leaked = DEMO_TOKENS.filter((t) => text.includes(t.token)).map((t) => t.id);
	if (leaked.length > 0)
		throw new Error(
			`docs:screenshots: ${stateId} shows the ${leaked.join(', ')} token; not captured`
		);
	await page.screenshot({
		path: path.join(OUT, `${stateId}.png`),
		fullPage: true,
		animations: 'disabled',
		caret: 'hide',
		scale: 'css',
		mask: [
			page.locator('input[type="password"]'),
			page.getByText(/sha256:[0-9a-f]+/),
			page.getByText(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)
		],
		maskColor: '#8c959f'
	});
	ctx.shots.push(stateId);
}

const h2 = (page: Page, name: string) =>
	page.getByRole('heading', { level: 2, name }).waitFor({ timeout: 15_000 });
const blocked = (page: Page, code: string) =>
	page.getByRole('heading', { name: `Blocked: ${code}` }).waitFor({ timeout: 15_000 });

async function toServerUrl(ctx: Ctx, capture: boolean) {
	const { page } = ctx;
	await page.goto('/settings');
	await page.getByRole('heading', { name: 'Integration status: Azure DevOps' }).waitFor();
	if (capture) await shot(ctx, 'integrationStatus');
	await page.getByRole('button', { name: 'Set up Azure DevOps target' }).click();
	await h2(page, 'Azure DevOps target');
	if (capture) await shot(ctx, 'choosingTarget');
	await page.getByRole('radio', { name: /Azure DevOps Server/ }).check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await h2(page, 'Server confirmations');
	if (capture) await shot(ctx, 'serverConfirmations');
	for (const name of [
		/owns this Azure DevOps Server/,
		/collection and project API is reachable/,
		/authorized scanning and exporting/
	])
		await page.getByRole('checkbox', { name }).check();
	await page.getByRole('button', { name: 'Continue to the server URL' }).click();
	await h2(page, 'Server URL');
}

async function toCredential(
	ctx: Ctx,
	capture: boolean,
	url = `${ctx.simulator}/ado2022/DefaultCollection`
) {
	const { page } = ctx;
	await toServerUrl(ctx, capture);
	await page.getByLabel('Collection URL (base_url)').fill(url);
	if (capture) await shot(ctx, 'serverUrl.editing');
	await page.getByRole('button', { name: 'Check URL' }).click();
	await h2(page, 'Network path');
	if (capture) await shot(ctx, 'networkPath.reviewing');
	await page.getByRole('button', { name: 'Confirm network path' }).click();
	await h2(page, 'Credential');
	if (capture) await shot(ctx, 'credential.editing');
}

async function submitToken(page: Page, value: string) {
	await page.getByRole('textbox', { name: 'Personal access token' }).fill(value);
	await page.getByRole('button', { name: 'Check the token' }).click();
}

/** Each walk runs in a fresh browser context: a fresh IndexedDB, so no draft leaks between them. */
const WALKS: Array<[string, (ctx: Ctx) => Promise<void>]> = [
	[
		'Server path to a saved target',
		async (ctx) => {
			const { page } = ctx;
			await toCredential(ctx, true);
			await submitToken(page, token('least-privilege'));
			await h2(page, 'Project');
			await page
				.getByRole('listbox', { name: 'Project' })
				.selectOption({ label: 'Fabrikam Fiber' });
			await shot(ctx, 'projectCheck.choosing');
			await page.getByRole('button', { name: 'Use this project' }).click();
			await h2(page, 'Scopes');
			await shot(ctx, 'scopeProof.confirmed');
			await page.getByRole('button', { name: 'Continue' }).click();
			await h2(page, 'Work item mapping');
			await shot(ctx, 'workItemMapping.editing');
			await page.getByRole('button', { name: 'Run dry-run create' }).click();
			await h2(page, 'Review and save');
			await shot(ctx, 'review.reviewing');
			await page.getByRole('button', { name: 'Save target' }).click();
			await h2(page, 'Saved');
			await shot(ctx, 'saved');
		}
	],
	[
		'Services path to the credential',
		async (ctx) => {
			const { page } = ctx;
			await page.goto('/settings/integrations/azure-devops');
			await page.getByRole('radio', { name: /Azure DevOps Services/ }).check();
			await page.getByRole('button', { name: 'Continue' }).click();
			await page.getByRole('textbox', { name: 'Organization' }).fill('fabrikam');
			await shot(ctx, 'servicesOrganization');
			await page.getByRole('button', { name: 'Continue' }).click();
			await page.getByRole('radio', { name: /Personal access token/ }).waitFor();
			await shot(ctx, 'servicesAuthMethod');
		}
	],
	[
		'Blocked: a private address',
		async (ctx) => {
			await toServerUrl(ctx, false);
			// An IP literal in private space: refused by URL safety, so no packet is ever sent to it.
			await ctx.page
				.getByLabel('Collection URL (base_url)')
				.fill('https://10.20.30.40/tfs/DefaultCollection');
			await ctx.page.getByRole('button', { name: 'Check URL' }).click();
			await blocked(ctx.page, 'PROVIDER_BASE_URL_BLOCKED');
			await shot(ctx, 'serverUrl.blocked');
		}
	],
	[
		'Blocked: network path pending',
		async (ctx) => {
			const { page } = ctx;
			await toServerUrl(ctx, false);
			await page
				.getByLabel('Collection URL (base_url)')
				.fill(`${ctx.simulator}/ado2022/DefaultCollection`);
			await page.getByRole('button', { name: 'Check URL' }).click();
			await h2(page, 'Network path');
			await page.getByRole('radio', { name: /Pending/ }).check();
			await page.getByRole('button', { name: 'Confirm network path' }).click();
			await blocked(page, 'PROVIDER_BASE_URL_UNREACHABLE');
			await shot(ctx, 'networkPath.blocked');
		}
	],
	[
		'Blocked: an expired token',
		async (ctx) => {
			await toCredential(ctx, false);
			await submitToken(ctx.page, token('expired'));
			await blocked(ctx.page, 'PROVIDER_AUTH_REQUIRED');
			await shot(ctx, 'connectionCheck.blocked');
		}
	],
	[
		'Blocked: a full-access token',
		async (ctx) => {
			const { page } = ctx;
			await toCredential(ctx, false);
			await submitToken(page, token('full-access'));
			await h2(page, 'Project');
			await page
				.getByRole('listbox', { name: 'Project' })
				.selectOption({ label: 'Fabrikam Fiber' });
			await page.getByRole('button', { name: 'Use this project' }).click();
			await blocked(page, 'PROVIDER_CREDENTIAL_TOO_BROAD');
			await shot(ctx, 'scopeProof.blocked');
		}
	]
];

async function main(): Promise<number> {
	const port = Number(process.env.SCREENSHOTS_PORT ?? 4510);
	const simPort = Number(process.env.SCREENSHOTS_SIMULATOR_PORT ?? 8096);
	let baseURL = arg('--base-url');
	let simulator = arg('--simulator') ?? `http://127.0.0.1:${simPort}`;
	let server: ChildProcess | null = null;
	if (!baseURL) {
		baseURL = `http://127.0.0.1:${port}`;
		simulator = `http://127.0.0.1:${simPort}`;
		server = spawn('npx', ['tsx', 'src/cli/start.ts'], {
			env: {
				...process.env,
				PORT: String(port),
				HOST: '127.0.0.1',
				SIMULATOR_PORT: String(simPort)
			},
			stdio: ['ignore', 'ignore', 'inherit'],
			detached: true
		});
		await waitForHttp(`${baseURL}/settings`, 60_000);
	}
	await rm(OUT, { recursive: true, force: true });
	await mkdir(OUT, { recursive: true });
	let browser: Browser | null = null;
	const failures: string[] = [];
	const ctx: Ctx = { page: null as unknown as Page, simulator, shots: [] };
	try {
		browser = await chromium.launch({
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: CHROMIUM_ARGS
		});
		for (const [name, walk] of WALKS) {
			const context = await browser.newContext({
				baseURL,
				viewport: { width: 1200, height: 800 },
				deviceScaleFactor: 1,
				locale: 'en-US',
				timezoneId: 'UTC',
				colorScheme: 'light',
				reducedMotion: 'reduce'
			});
			// Only the app and the simulator, both on loopback.
			await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
			const page = await context.newPage();
			await page.clock.setFixedTime(FIXED_TIME);
			ctx.page = page;
			try {
				await walk(ctx);
			} catch (error) {
				failures.push(
					`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
				);
			} finally {
				await context.close();
			}
		}
	} finally {
		await browser?.close();
		if (server?.pid) process.kill(-server.pid, 'SIGTERM');
	}
	const written = (await readdir(OUT)).sort();
	console.log(
		`docs:screenshots: wrote ${written.length} files to docs/screenshots: ${written.join(', ')}`
	);
	for (const f of failures) console.error(`docs:screenshots: not captured: ${f}`);
	return failures.length === 0 ? 0 : 1;
}

process.exitCode = await main();
