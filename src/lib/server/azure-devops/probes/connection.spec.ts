import { describe, expect, it } from 'vitest';
import { jwtScopes, scopesTooBroad } from './connection';

const R = '499b84ac-1321-427f-aa17-267ca6975798';
const jwt = (payload: unknown) =>
	[
		Buffer.from('{"typ":"JWT","alg":"RS256"}').toString('base64url'),
		Buffer.from(JSON.stringify(payload)).toString('base64url'),
		'c2lnbmF0dXJl'
	].join('.');

describe('jwtScopes', () => {
	it.each([
		[
			'an Entra access token',
			jwt({ aud: R, scp: 'vso.project vso.work_write' }),
			['vso.project', 'vso.work_write']
		],
		[
			'extra blanks',
			jwt({ scp: ' vso.project  vso.work_write ' }),
			['vso.project', 'vso.work_write']
		],
		['an app token without scp', jwt({ aud: R, roles: ['x'] }), undefined],
		['a PAT (not a JWT)', 'abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop', undefined],
		['three parts that are not JSON', 'a.b.c', undefined]
	])('%s', (_, token, expected) => {
		expect(jwtScopes(token)).toEqual(expected);
	});
});

describe('scopesTooBroad', () => {
	it.each([
		['what WebRiskOps asks for', ['vso.project', 'vso.work_write', 'offline_access'], false],
		['under the resource id', [`${R}/vso.project`, `${R}/vso.work_write`], false],
		['read-only work is narrower, not broader', ['vso.project', 'vso.work'], false],
		['full access', ['app_token'], true],
		['all delegated scopes', [`${R}/user_impersonation`], true],
		['.default', [`${R}/.default`], true],
		['an unrelated area', ['vso.project', 'vso.work_write', 'vso.code'], true],
		['more than needed in the same area', ['vso.project', 'vso.work_full'], true]
	])('%s', (_, scopes, expected) => {
		expect(scopesTooBroad(scopes)).toBe(expected);
	});
});
