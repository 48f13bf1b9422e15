import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ADMISSION_LIMITS } from './admission';
import { DEFAULT_PROBE_TIMEOUT_MS, loadOperatorConfig } from './config';

const dir = mkdtempSync(join(tmpdir(), 'webriskops-config-'));
const pem = join(dir, 'ca.pem');
writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const notPem = join(dir, 'x.txt');
writeFileSync(notPem, 'hello');

describe('loadOperatorConfig', () => {
	it('defaults: empty allowlist, 10 s, no demo, no auth proxy, default admission', () => {
		expect(loadOperatorConfig({})).toEqual({
			allowlist: [],
			admission: DEFAULT_ADMISSION_LIMITS,
			probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
			crossCheckOrganizations: []
		});
	});

	it('reads the auth-proxy header (lower-cased) and the admission limits', () => {
		expect(
			loadOperatorConfig({
				WEBRISKOPS_TRUSTED_USER_HEADER: 'X-Forwarded-User',
				WEBRISKOPS_PROBE_CONCURRENCY: '4',
				WEBRISKOPS_PROBE_CONCURRENCY_PER_CLIENT: '2',
				WEBRISKOPS_PROBE_RATE_PER_MINUTE: '30'
			})
		).toMatchObject({
			trustedUserHeader: 'x-forwarded-user',
			admission: { global: 4, perClient: 2, perMinute: 30 }
		});
	});

	it.each([
		[{ WEBRISKOPS_TRUSTED_USER_HEADER: 'X User' }, 'WEBRISKOPS_TRUSTED_USER_HEADER'],
		[{ WEBRISKOPS_TRUSTED_USER_HEADER: 'Origin' }, 'WEBRISKOPS_TRUSTED_USER_HEADER'],
		[{ WEBRISKOPS_TRUSTED_USER_HEADER: 'Authorization' }, 'WEBRISKOPS_TRUSTED_USER_HEADER'],
		[{ WEBRISKOPS_PROBE_CONCURRENCY: '0' }, 'WEBRISKOPS_PROBE_CONCURRENCY'],
		[
			{ WEBRISKOPS_PROBE_CONCURRENCY_PER_CLIENT: 'many' },
			'WEBRISKOPS_PROBE_CONCURRENCY_PER_CLIENT'
		],
		[{ WEBRISKOPS_PROBE_RATE_PER_MINUTE: '-1' }, 'WEBRISKOPS_PROBE_RATE_PER_MINUTE']
	])('refuses %j naming %s', (env, name) => {
		expect(() => loadOperatorConfig(env)).toThrow(`Invalid operator setting ${name}`);
	});

	it('reads every setting', () => {
		const config = loadOperatorConfig({
			WEBRISKOPS_OUTBOUND_ALLOWLIST: 'http://127.0.0.1:8081, tfs.corp.example , 10.0.0.0/8',
			WEBRISKOPS_EXTRA_CA_CERTS: pem,
			WEBRISKOPS_PROBE_TIMEOUT_MS: '2500',
			WEBRISKOPS_AZURE_DEVOPS_SERVICES_ORIGIN: 'http://127.0.0.1:8081/'
		});
		expect(config).toMatchObject({
			allowlist: ['http://127.0.0.1:8081', 'tfs.corp.example', '10.0.0.0/8'],
			probeTimeoutMs: 2500,
			servicesOrigin: 'http://127.0.0.1:8081',
			crossCheckOrganizations: ['fabrikam', 'contoso-security']
		});
		expect(config.extraCa).toContain('BEGIN CERTIFICATE');
	});

	it.each([
		[{ WEBRISKOPS_PROBE_TIMEOUT_MS: 'soon' }, 'WEBRISKOPS_PROBE_TIMEOUT_MS'],
		[{ WEBRISKOPS_PROBE_TIMEOUT_MS: '10' }, 'WEBRISKOPS_PROBE_TIMEOUT_MS'],
		[{ WEBRISKOPS_OUTBOUND_ALLOWLIST: 'ftp://nope' }, 'WEBRISKOPS_OUTBOUND_ALLOWLIST'],
		[{ WEBRISKOPS_EXTRA_CA_CERTS: join(dir, 'missing.pem') }, 'WEBRISKOPS_EXTRA_CA_CERTS'],
		[{ WEBRISKOPS_EXTRA_CA_CERTS: notPem }, 'WEBRISKOPS_EXTRA_CA_CERTS'],
		[
			{ WEBRISKOPS_AZURE_DEVOPS_SERVICES_ORIGIN: 'http://example.com' },
			'WEBRISKOPS_AZURE_DEVOPS_SERVICES_ORIGIN'
		],
		[
			{ WEBRISKOPS_AZURE_DEVOPS_SERVICES_ORIGIN: 'http://127.0.0.1:8081/path' },
			'WEBRISKOPS_AZURE_DEVOPS_SERVICES_ORIGIN'
		],
		[
			{ WEBRISKOPS_AZURE_DEVOPS_CROSS_CHECK_ORGANIZATIONS: 'a b' },
			'WEBRISKOPS_AZURE_DEVOPS_CROSS_CHECK_ORGANIZATIONS'
		]
	])('%j is refused with a message naming %s', (env, name) => {
		expect(() => loadOperatorConfig(env)).toThrow(name);
	});

	it('names the malformed allowlist entry', () => {
		expect(() =>
			loadOperatorConfig({ WEBRISKOPS_OUTBOUND_ALLOWLIST: '127.0.0.1, bad entry!' })
		).toThrow(/bad entry!/);
	});
});
