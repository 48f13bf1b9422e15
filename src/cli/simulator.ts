/**
 * `npm run simulator`: the embedded Azure DevOps simulator on its own (PORT/HOST, default
 * 127.0.0.1:8081). Demo tokens and routes: src/simulator/README.md.
 */
import { startSimulator } from '../simulator/simulator';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8081);

const simulator = await startSimulator({ host, port });
console.log(simulator.origin);

async function stop(): Promise<void> {
	await simulator.close();
	process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
