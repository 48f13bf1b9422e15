import { version } from '../../../package.json';

/** Versions named in a support diagnostics export (nothing about the machine or the user). */
export function diagnosticsVersions(userAgent?: string): Record<string, string> {
	return { app: version, diagnostics: '1', ...(userAgent ? { user_agent: userAgent } : {}) };
}
