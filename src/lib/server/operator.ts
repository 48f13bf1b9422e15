import { Admission } from './admission';
import { loadOperatorConfig, type OperatorConfig } from './config';
import { createLogger, type Logger } from './log';

interface Operator {
	config: OperatorConfig;
	log: Logger;
	/** Probes in flight and per-client rates, for the whole process. */
	admission: Admission;
}
/**
 * The process-wide operator settings, loaded once by hooks.server.ts `init`. Read-only after that;
 * probes themselves keep no state (admission counts probes in flight, nothing of their content).
 */
let loaded: Operator | undefined;

function load(env: Record<string, string | undefined>): Operator {
	const config = loadOperatorConfig(env);
	return { config, log: createLogger(), admission: new Admission(config.admission) };
}

export function initOperator(env: Record<string, string | undefined>): OperatorConfig {
	loaded = load(env);
	return loaded.config;
}

export function operator(): Operator {
	// Dev servers may import a route before init ran; load lazily with the same validation.
	loaded ??= load(process.env);
	return loaded;
}
