import { CHECK_CATALOGUE } from '$lib/domain/checks';
import { describe, expect, it } from 'vitest';
import { classifyHttp, classifyTransportError, retryAfterSeconds, versionCeiling } from './errors';

const json = 'application/json; charset=utf-8';

const cases: {
	name: string;
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	contentType?: string;
	authenticated?: boolean;
	code: string;
	check: string;
}[] = [
	{
		name: '203 sign-in page',
		status: 203,
		contentType: 'text/html',
		code: 'PROVIDER_AUTH_REQUIRED',
		check: 'sign-in-page'
	},
	{
		name: '200 HTML',
		status: 200,
		contentType: 'text/html; charset=utf-8',
		code: 'PROVIDER_AUTH_REQUIRED',
		check: 'sign-in-page'
	},
	{
		name: 'expired PAT',
		status: 401,
		body: {
			message: 'Access Denied: The Personal Access Token used has expired.',
			typeKey: 'AccessCheckException'
		},
		code: 'PROVIDER_AUTH_REQUIRED',
		check: 'credential-expired'
	},
	{
		name: 'PAT sent as Bearer (user empty)',
		status: 401,
		body: {
			message: "TF400813: The user '' is not authorized to access this resource.",
			typeKey: 'UnauthorizedRequestException'
		},
		code: 'PROVIDER_AUTH_REQUIRED',
		check: 'credential-rejected'
	},
	{
		name: 'anonymous 401 with service error header',
		status: 401,
		headers: {
			'x-tfs-serviceerror':
				'TF400813%3a+Resource+not+available+for+anonymous+access.+Client+authentication+required.'
		},
		code: 'PROVIDER_AUTH_REQUIRED',
		check: 'credential-rejected'
	},
	{
		name: 'known user lacks scope',
		status: 401,
		body: {
			message:
				"TF400813: The user 'a1d0e5b2-7c3f-4e8a-9b61-0d2f3c4e5a01' is not authorized to access this resource.",
			typeKey: 'UnauthorizedRequestException'
		},
		code: 'PROVIDER_SCOPE_UNAVAILABLE',
		check: 'scope-missing'
	},
	{
		name: 'bare 401 after connectionData passed',
		status: 401,
		authenticated: true,
		code: 'PROVIDER_SCOPE_UNAVAILABLE',
		check: 'scope-missing'
	},
	{ name: 'bare 401', status: 401, code: 'PROVIDER_AUTH_REQUIRED', check: 'credential-rejected' },
	{ name: '403', status: 403, code: 'PROVIDER_SCOPE_UNAVAILABLE', check: 'permission-denied' },
	{
		name: 'TF400733 throttled',
		status: 429,
		body: {
			message:
				'TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource.'
		},
		headers: { 'retry-after': '17' },
		code: 'PROVIDER_RATE_LIMITED',
		check: 'rate-limit'
	},
	{
		name: 'version out of range',
		status: 400,
		body: {
			message:
				'The requested REST API version of 7.1 is out of range for this server. The latest REST API version this server supports is 4.1.',
			typeKey: 'VssVersionOutOfRangeException'
		},
		code: 'PROVIDER_API_VERSION_UNSUPPORTED',
		check: 'api-version-out-of-range'
	},
	{
		name: 'TF200016 project name',
		status: 404,
		body: {
			message: 'TF200016: The following project does not exist: Nope.',
			typeKey: 'ProjectDoesNotExistWithNameException'
		},
		code: 'PROVIDER_PROJECT_REQUIRED',
		check: 'project-not-found'
	},
	{
		name: 'VS800075 project id',
		status: 404,
		body: {
			message:
				"VS800075: The project with id 'x' does not exist, or you do not have permission to access it.",
			typeKey: 'ProjectDoesNotExistException'
		},
		code: 'PROVIDER_PROJECT_REQUIRED',
		check: 'project-not-found'
	},
	{
		name: 'VS402323 type',
		status: 404,
		body: {
			message:
				'VS402323: Work item type Issue does not exist in project [x] or you do not have permission to access it.'
		},
		code: 'TICKET_EXPORT_MAPPING_REQUIRED',
		check: 'work-item-type-not-found'
	},
	{
		name: 'TF401347 tree',
		status: 400,
		body: {
			message: "TF401347: Invalid tree name given for work item -1, field 'System.AreaPath'."
		},
		code: 'TICKET_EXPORT_MAPPING_REQUIRED',
		check: 'classification-path'
	},
	{
		name: 'TF401320 rule',
		status: 400,
		body: {
			message: 'TF401320: Rule Error for field Injected.',
			typeKey: 'RuleValidationException'
		},
		code: 'TICKET_EXPORT_MAPPING_REQUIRED',
		check: 'field-rule'
	},
	{
		name: '500',
		status: 500,
		body: { message: 'boom' },
		code: 'PROVIDER_BASE_URL_UNREACHABLE',
		check: 'upstream-server-error'
	},
	{
		name: '503 without body',
		status: 503,
		code: 'PROVIDER_BASE_URL_UNREACHABLE',
		check: 'upstream-server-error'
	},
	{
		name: 'plain 404',
		status: 404,
		contentType: 'text/plain',
		code: 'PROVIDER_BASE_URL_UNREACHABLE',
		check: 'not-found'
	}
];

describe('classifyHttp', () => {
	it.each(cases)('$name → $code/$check', (c) => {
		const error = classifyHttp({
			status: c.status,
			headers: c.headers ?? {},
			json: c.body,
			contentType: c.contentType ?? json,
			...(c.authenticated ? { authenticated: true } : {})
		});
		expect(error.code).toBe(c.code);
		expect(error.check).toBe(c.check);
		// Never upstream text: the message is the catalogue's.
		if (c.body && typeof c.body === 'object' && 'message' in c.body)
			expect(error.message).not.toContain(String(c.body.message));
	});

	it('carries Retry-After on throttling', () => {
		const error = classifyHttp({
			status: 429,
			headers: { 'Retry-After': '17' },
			json: undefined,
			contentType: json
		});
		expect(error.retryAfter).toBe(17);
		expect(error.toFailure()).toMatchObject({
			ok: false,
			code: 'PROVIDER_RATE_LIMITED',
			retry_after: 17
		});
	});
});

describe('retryAfterSeconds', () => {
	it.each([
		[{ 'retry-after': '5' }, 5],
		[{ 'retry-after': 'Thu, 01 Jan 1970 00:00:30 GMT' }, 30],
		[{ 'x-ratelimit-delay': '2.125' }, 3],
		[{}, undefined]
	])('%j → %s', (headers, expected) => {
		expect(retryAfterSeconds(headers as Record<string, string>, () => 0)).toBe(expected);
	});
});

describe('versionCeiling', () => {
	it('reads the ceiling from VssVersionOutOfRangeException', () => {
		expect(
			versionCeiling({
				typeKey: 'VssVersionOutOfRangeException',
				message: 'The latest REST API version this server supports is 6.1.'
			})
		).toBe('6.1');
		expect(versionCeiling({ message: 'something else' })).toBeUndefined();
	});

	const outOfRange = (message: string) => ({ typeKey: 'VssVersionOutOfRangeException', message });
	it.each([
		[
			'observed wording',
			'The requested REST API version of 100.0 is out of range for this server. The latest REST API version this server supports is 5.1.'
		],
		[
			'"valid range" wording',
			'The requested REST API version of 100.0 is out of the valid range for this server. The latest REST API version supported by this server is 5.1.'
		],
		[
			'another language',
			'Die angeforderte REST-API-Version 100.0 liegt außerhalb des für diesen Server gültigen Bereichs. Die neueste von diesem Server unterstützte REST-API-Version ist 5.1.'
		]
	])('reads 5.1 from the %s', (_name, message) => {
		expect(versionCeiling(outOfRange(message), '100.0')).toBe('5.1');
	});

	it('names nothing when the message names no version', () => {
		expect(
			versionCeiling(outOfRange('Die angeforderte Version wird nicht unterstützt.'), '100.0')
		).toBeUndefined();
	});
});

describe('classifyTransportError', () => {
	it.each([
		[{ kind: 'tls' }, 'PROVIDER_TLS_UNTRUSTED', 'tls'],
		[{ kind: 'too_large' }, 'PROVIDER_BASE_URL_UNREACHABLE', 'response-too-large'],
		[{ kind: 'blocked', check: 'redirect' }, 'PROVIDER_BASE_URL_BLOCKED', 'redirect'],
		[{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'PROVIDER_TLS_UNTRUSTED', 'tls']
	])('%j → %s', (error, code, check) => {
		const classified = classifyTransportError(error);
		expect(classified.code).toBe(code);
		expect(classified.check).toBe(check);
	});

	// No scanner oracle: every connection-level failure reads the same in the browser.
	it.each([
		[{ kind: 'timeout' }, 'timeout'],
		[{ kind: 'refused', code: 'ECONNREFUSED' }, 'refused (ECONNREFUSED)'],
		[{ kind: 'reset', code: 'ECONNRESET' }, 'reset (ECONNRESET)'],
		[{ kind: 'unreachable', code: 'ENOTFOUND' }, 'unreachable (ENOTFOUND)'],
		[{ code: 'ECONNREFUSED' }, 'ECONNREFUSED'],
		[{ code: 'ECONNRESET' }, 'ECONNRESET'],
		[{ code: 'UND_ERR_CONNECT_TIMEOUT' }, 'UND_ERR_CONNECT_TIMEOUT'],
		[{ name: 'TimeoutError' }, 'timeout'],
		[new Error('???'), 'Error']
	])('%j → one answer, observed %s for the log', (error, observed) => {
		const classified = classifyTransportError(error);
		expect(classified.toFailure()).toEqual({
			ok: false,
			code: 'PROVIDER_BASE_URL_UNREACHABLE',
			check: 'unreachable',
			message: CHECK_CATALOGUE.unreachable.message,
			fix: CHECK_CATALOGUE.unreachable.fix
		});
		expect(classified.observed).toBe(observed);
	});
});
