import { loadOperatorConfig, type OperatorConfig } from './config';
import { createLogger, type Logger } from './log';

/**
 * The process-wide operator settings, loaded once by hooks.server.ts `init`. Read-only after that;
 * probes themselves keep no state.
 */
let loaded: { config: OperatorConfig; log: Logger } | undefined;

export function initOperator(env: Record<string, string | undefined>): OperatorConfig {
	const config = loadOperatorConfig(env);
	loaded = { config, log: createLogger() };
	return config;
}

export function operator(): { config: OperatorConfig; log: Logger } {
	// Dev servers may import a route before init ran; load lazily with the same validation.
	loaded ??= { config: loadOperatorConfig(process.env), log: createLogger() };
	return loaded;
}
