import { defineConfig } from '@playwright/test';

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4173);
const SIMULATOR_PORT = Number(process.env.E2E_SIMULATOR_PORT ?? 8091);
/** A second app behind a (pretend) authenticating proxy: WEBRISKOPS_TRUSTED_USER_HEADER set. */
const PROXIED_APP_PORT = Number(process.env.E2E_PROXIED_APP_PORT ?? 4175);

/** E2E against the built app (adapter-node) and the embedded simulator, in Debian's Chromium. */
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 30_000,
	expect: { timeout: 5_000 },
	use: {
		baseURL: `http://127.0.0.1:${APP_PORT}`,
		browserName: 'chromium',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		},
		trace: 'off'
	},
	webServer: [
		{
			command: 'npx tsx src/cli/start.ts',
			url: `http://127.0.0.1:${APP_PORT}/settings`,
			reuseExistingServer: false,
			timeout: 60_000,
			env: {
				...(process.env.WEBRISKOPS_BUILD_DIR
					? { WEBRISKOPS_BUILD_DIR: process.env.WEBRISKOPS_BUILD_DIR }
					: {}),
				PORT: String(APP_PORT),
				HOST: '127.0.0.1',
				SIMULATOR_PORT: String(SIMULATOR_PORT),
				WEBRISKOPS_PROBE_TIMEOUT_MS: '5000'
			}
		},
		{
			// Ready once it answers at all: without the user header every page is a 401.
			command: `node ${process.env.WEBRISKOPS_BUILD_DIR ?? 'build'}/index.js`,
			url: `http://127.0.0.1:${PROXIED_APP_PORT}/settings`,
			reuseExistingServer: false,
			timeout: 60_000,
			env: {
				PORT: String(PROXIED_APP_PORT),
				HOST: '127.0.0.1',
				ORIGIN: `http://127.0.0.1:${PROXIED_APP_PORT}`,
				WEBRISKOPS_TRUSTED_USER_HEADER: 'X-Forwarded-User'
			}
		}
	]
});
