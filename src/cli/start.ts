/**
 * `npm start`: the app (adapter-node build) plus the embedded Azure DevOps simulator, with a demo
 * operator allowlist naming exactly the simulator's loopback address. The app must be built
 * first (`npm start` runs `vite build` before this file).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startSimulator } from '../simulator/simulator';
import { loadNodeRuleSet } from '../lib/policy/rules.node.js';

const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = Number(process.env.PORT ?? 3000);
const SIMULATOR_HOST = '127.0.0.1';
const SIMULATOR_PORT = Number(process.env.SIMULATOR_PORT ?? 8081);

/** The demo app registration the simulator's authority accepts (any GUID works there). */
const DEMO_ENTRA_CLIENT_ID = '5e7a1c2b-0d3f-4a6e-8b9c-1f2e3d4c5b6a';

const BUILD_DIR = process.env.WEBRISKOPS_BUILD_DIR ?? 'build';
if (!existsSync(`${BUILD_DIR}/index.js`)) {
	console.error('No build found: run `npm start` (it builds first) or `npx vite build`.');
	process.exit(1);
}

// A malformed rule file stops start-up, naming the file and JSON path (the browser would refuse it too).
try {
	loadNodeRuleSet();
} catch (error) {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
}

const simulator = await startSimulator({ host: SIMULATOR_HOST, port: SIMULATOR_PORT });
const simulatorOrigin = `http://${SIMULATOR_HOST}:${SIMULATOR_PORT}`;

// Operator settings for the demo. An operator's own values win, except that the demo Services
// origin is only ever set here, so the UI's demo badge tells the truth.
const publicHost = HOST === '0.0.0.0' ? '127.0.0.1' : HOST;
const env = {
	...process.env,
	HOST,
	// adapter-node assumes https unless told; the probe endpoint compares Origin with it.
	ORIGIN: process.env.ORIGIN ?? `http://${publicHost}:${PORT}`,
	PORT: String(PORT),
	WEBRISKOPS_OUTBOUND_ALLOWLIST:
		process.env.WEBRISKOPS_OUTBOUND_ALLOWLIST ?? `http://${SIMULATOR_HOST}:${SIMULATOR_PORT}`,
	WEBRISKOPS_AZURE_DEVOPS_SERVICES_ORIGIN: simulatorOrigin,
	// Sign-in with Entra ID against the simulator's demo authority (a real registration overrides it).
	WEBRISKOPS_ENTRA_CLIENT_ID: process.env.WEBRISKOPS_ENTRA_CLIENT_ID ?? DEMO_ENTRA_CLIENT_ID,
	WEBRISKOPS_ENTRA_AUTHORITY: process.env.WEBRISKOPS_ENTRA_AUTHORITY ?? simulator.entra.authority
};

const app = spawn(process.execPath, [`${BUILD_DIR}/index.js`], { env, stdio: 'inherit' });

console.log(`WebRiskOps settings:        ${env.ORIGIN}/settings`);
console.log(
	`Azure DevOps simulator:     ${simulator.origin} (demo tokens: see README "Demo tokens")`
);

let stopping = false;
async function stop(code: number) {
	if (stopping) return;
	stopping = true;
	app.kill('SIGTERM');
	await simulator.close();
	process.exit(code);
}
app.on('exit', (code) => void stop(code ?? 0));
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
