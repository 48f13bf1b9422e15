/**
 * Structured JSON logs for server code. Every record passes through `redact` first, so a token
 * can only reach a log line if it is neither under a secret-looking key nor a registered secret.
 */

type LogLevel = 'debug' | 'info' | 'warn' | 'error';
type LogFields = Record<string, unknown>;

export interface Logger {
	log(level: LogLevel, event: string, fields?: LogFields): void;
	/** A logger that also redacts these exact values wherever they appear in a string. */
	withSecrets(secrets: readonly string[]): Logger;
}

// Whole words of a key (`token`, `access_token`, `x-api-key`), so `path` is not mistaken for `pat`.
const SECRET_KEY =
	/(^|[_.-])(authorization|token|tokens|secret|password|passwd|cookie|pat|credential|api[-_]?key)($|[_.-])/i;
const REDACTED = '[redacted]';
// Authorization header values that slipped into free text.
const AUTH_VALUE = /\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;

function redactString(value: string, secrets: readonly string[]): string {
	let out = value.replace(AUTH_VALUE, `$1 ${REDACTED}`);
	for (const secret of secrets) {
		if (secret.length >= 4) out = out.split(secret).join(REDACTED);
	}
	return out;
}

export function redact(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
	if (depth > 8) return '[depth]';
	if (typeof value === 'string') return redactString(value, secrets);
	if (Array.isArray(value)) return value.map((v) => redact(v, secrets, depth + 1));
	if (value instanceof Error)
		return { name: value.name, message: redactString(value.message, secrets) };
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, v] of Object.entries(value)) {
			out[key] =
				SECRET_KEY.test(key) && v !== undefined && typeof v !== 'boolean' && typeof v !== 'number'
					? REDACTED
					: redact(v, secrets, depth + 1);
		}
		return out;
	}
	return value;
}

export function createLogger(
	write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
	secrets: readonly string[] = [],
	now: () => Date = () => new Date()
): Logger {
	return {
		log(level, event, fields = {}) {
			const record = redact({ ...fields }, secrets) as LogFields;
			write(JSON.stringify({ time: now().toISOString(), level, event, ...record }));
		},
		withSecrets(extra) {
			return createLogger(write, [...secrets, ...extra], now);
		}
	};
}

/** Collects lines in memory; for tests. */
export function createMemoryLogger(): Logger & { lines: string[] } {
	const lines: string[] = [];
	const logger = createLogger((line) => lines.push(line));
	return Object.assign(logger, { lines });
}
