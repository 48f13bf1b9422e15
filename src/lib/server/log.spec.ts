import { describe, expect, it } from 'vitest';
import { createMemoryLogger, redact } from './log';

describe('redact', () => {
	it.each([
		[{ authorization: 'Basic OmFiYw==' }, { authorization: '[redacted]' }],
		[{ token: 'abc' }, { token: '[redacted]' }],
		[{ credential: { auth_method: 'pat', token: 'x' } }, { credential: '[redacted]' }],
		[{ note: 'sent Bearer eyJhbGciOi.x.y here' }, { note: 'sent Bearer [redacted] here' }],
		[
			{ ok: true, count: 3 },
			{ ok: true, count: 3 }
		]
	])('%j', (input, expected) => {
		expect(redact(input)).toEqual(expected);
	});

	it('removes a registered secret anywhere in text', () => {
		expect(redact({ msg: 'token canary-123456 leaked' }, ['canary-123456'])).toEqual({
			msg: 'token [redacted] leaked'
		});
	});
});

describe('logger', () => {
	it('writes one JSON line per record, secrets removed', () => {
		const logger = createMemoryLogger();
		logger.withSecrets(['canary-abcdef']).log('info', 'probe.done', {
			detail: 'x canary-abcdef y',
			error: new Error('canary-abcdef')
		});
		expect(logger.lines).toHaveLength(1);
		const line = logger.lines[0] ?? '';
		expect(line).not.toContain('canary-abcdef');
		expect(JSON.parse(line)).toMatchObject({ level: 'info', event: 'probe.done' });
	});
});

describe('secret keys are whole words', () => {
	it('keeps path but drops access_token and x-api-key', () => {
		expect(redact({ path: '/a', access_token: 'x', 'x-api-key': 'y' })).toEqual({
			path: '/a',
			access_token: '[redacted]',
			'x-api-key': '[redacted]'
		});
	});
});
