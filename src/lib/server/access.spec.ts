import { describe, expect, it } from 'vitest';
import { checkAccess, type AccessSettings } from './access';

const APP = 'http://app.test';
const PROXY: AccessSettings = { trustedUserHeader: 'x-forwarded-user' };

function req(headers: Record<string, string>, method = 'POST'): Request {
	return new Request(`${APP}/api/azure-devops/probe`, { method, headers });
}

type Mode = 'required' | 'same-site-only' | 'any';

describe('checkAccess', () => {
	it.each<[string, Record<string, string>, Mode, AccessSettings, unknown]>([
		['same-origin POST', { origin: APP }, 'required', {}, { ok: true }],
		[
			'same-origin POST with fetch metadata',
			{ origin: APP, 'sec-fetch-site': 'same-origin' },
			'required',
			{},
			{ ok: true }
		],
		['POST without Origin', {}, 'required', {}, { status: 403, error: 'origin_required' }],
		[
			'POST without Origin, Sec-Fetch-Site same-origin',
			{ 'sec-fetch-site': 'same-origin' },
			'required',
			{},
			{ status: 403, error: 'origin_required' }
		],
		['other origin', { origin: 'https://evil.example' }, 'required', {}, { status: 403 }],
		['opaque origin', { origin: 'null' }, 'required', {}, { status: 403 }],
		['other port', { origin: 'http://app.test:8080' }, 'required', {}, { status: 403 }],
		['other scheme', { origin: 'https://app.test' }, 'required', {}, { status: 403 }],
		[
			'same-site (sibling subdomain)',
			{ origin: APP, 'sec-fetch-site': 'same-site' },
			'required',
			{},
			{ status: 403, error: 'cross_origin' }
		],
		[
			'cross-site',
			{ origin: APP, 'sec-fetch-site': 'cross-site' },
			'required',
			{},
			{ status: 403 }
		],
		[
			'typed in the address bar (none)',
			{ origin: APP, 'sec-fetch-site': 'none' },
			'required',
			{},
			{ status: 403 }
		],
		['API read without Origin', {}, 'same-site-only', {}, { ok: true }],
		[
			'API read from another site',
			{ 'sec-fetch-site': 'cross-site' },
			'same-site-only',
			{},
			{ status: 403 }
		],
		[
			'page from a link on another site',
			{ 'sec-fetch-site': 'cross-site' },
			'any',
			{},
			{ ok: true }
		],
		[
			'auth proxy: user named',
			{ origin: APP, 'x-forwarded-user': 'alice@contoso.example' },
			'required',
			PROXY,
			{ ok: true, user: 'alice@contoso.example' }
		],
		[
			'auth proxy: header missing',
			{ origin: APP },
			'required',
			PROXY,
			{ status: 401, error: 'sign_in_required' }
		],
		[
			'auth proxy: header blank',
			{ origin: APP, 'x-forwarded-user': '  ' },
			'required',
			PROXY,
			{ status: 401 }
		],
		[
			'auth proxy: header too long',
			{ origin: APP, 'x-forwarded-user': 'a'.repeat(257) },
			'required',
			PROXY,
			{ status: 401 }
		],
		['auth proxy: a page without the header', {}, 'any', PROXY, { status: 401 }],
		[
			'auth proxy: cross-site still refused first',
			{ origin: 'https://evil.example', 'x-forwarded-user': 'alice' },
			'required',
			PROXY,
			{ status: 403 }
		]
	])('%s', (_name, headers, origin, settings, expected) => {
		expect(checkAccess(req(headers), settings, { origin })).toMatchObject(
			expected as Record<string, unknown>
		);
	});
});
