import { afterEach, describe, expect, it, vi } from 'vitest';
import ipaddr from 'ipaddr.js';
import { ADDRESS_RANGES, assessBaseUrl, DNS_TIMEOUT_MS, type UrlSafetyCheck } from './index';
import { REFUSED_URL_INPUTS } from '$lib/domain/url-input.fixtures';

/**
 * Table-driven spec of docs/architecture.md §7. Sources of vectors: GitLab's UrlBlocker spec, OWASP's
 * SSRF cheat sheet, public SSRF payload lists, and the Azure DevOps URL shapes. Every vector runs
 * with an injected resolver that counts its calls: no test touches real DNS or the network.
 */

type Dns = string[] | 'throw' | 'empty' | 'junk';
interface Opts {
	context?: 'services' | 'server';
	allowlist?: string[];
	dns?: Dns;
}
type Vector = [input: string, expected: 'ok' | UrlSafetyCheck, opts?: Opts];

const PUBLIC = ['93.184.216.34'];
const MS = ['13.107.42.20'];

function resolverFor(dns: Dns | undefined, fallback: string[]) {
	const calls: string[] = [];
	const resolve = async (host: string): Promise<string[]> => {
		calls.push(host);
		if (dns === 'throw')
			throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
		if (dns === 'empty') return [];
		if (dns === 'junk') return ['not-an-ip'];
		return dns ?? fallback;
	};
	return { calls, resolve };
}

async function run(input: string, opts: Opts = {}) {
	const context = opts.context ?? 'server';
	const { calls, resolve } = resolverFor(opts.dns, context === 'services' ? MS : PUBLIC);
	const result = await assessBaseUrl(input, {
		context,
		resolve,
		...(opts.allowlist ? { allowlist: opts.allowlist } : {})
	});
	return { result, calls };
}

function title(v: Vector): string {
	const [input, expected, o] = v;
	const extra = [
		o?.context === 'services' ? 'services' : '',
		o?.allowlist ? `allow=${o.allowlist.join('|')}` : '',
		o?.dns ? `dns=${Array.isArray(o.dns) ? o.dns.join('|') : o.dns}` : ''
	].filter(Boolean);
	return `${JSON.stringify(input.length > 80 ? `${input.slice(0, 60)}…(${input.length})` : input)}${extra.length ? ` [${extra.join(' ')}]` : ''} → ${expected}`;
}

const S: Opts = { context: 'services' };

// ---- 1. raw input gate ---------------------------------------------------------------------------
const RAW_INPUT: Vector[] = [
	['', 'empty'],
	[' https://example.com/', 'whitespace'],
	['https://example.com/ ', 'whitespace'],
	['https://exa\tmple.com/', 'control-character'],
	['\thttps://example.com/', 'control-character'],
	['https://example.com/\r\n', 'control-character'],
	['https://exa\nmple.com/', 'control-character'],
	['https://example.com/a b', 'whitespace'],
	['https://example.com/\u0000', 'control-character'],
	['https://example.com/\u007f', 'control-character'],
	['https://example.com/\u0085', 'control-character'], // C1 NEL
	['https://example.com/\u009f', 'control-character'],
	['https://dev.azure.com/org\t', 'control-character', S],
	['https://dev.azure.com/o\nrg', 'control-character', S],
	['https://example.com/\u00a0', 'whitespace'],
	['https://example.com/\u3000', 'whitespace'],
	['https://example.com/\ufeff', 'whitespace'],
	// IDN and homoglyphs must arrive as punycode
	['https://exаmple.com/', 'non-ascii'], // Cyrillic а
	['https://dev.аzure.com/org', 'non-ascii', S], // Cyrillic а
	['https://dev.azure.com/ｏrg', 'non-ascii', S], // full-width o
	['https://ⓔxample.com/', 'non-ascii'],
	['https://ex\u00admple.com/', 'non-ascii'], // soft hyphen (GitLab)
	['https://us\u00ader:x@example.com/', 'non-ascii'],
	['https://bücher.example/', 'non-ascii'],
	['https://example.com/\u2028', 'whitespace'],
	// digits and dots the IDNA mapping turns into ASCII ones
	['http://１２７.0.0.1:8081/c', 'non-ascii-digit-or-dot'], // fullwidth digits
	['https://8.8.8.8\u3002/c', 'non-ascii-digit-or-dot'], // ideographic full stop
	['https://example\uff0ecom/c', 'non-ascii-digit-or-dot'], // fullwidth full stop
	['https://example\uff61com/c', 'non-ascii-digit-or-dot'], // halfwidth ideographic full stop
	['https://১২৭.0.0.1/c', 'non-ascii-digit-or-dot'], // Bengali digits
	// backslashes: WHATWG reads them as "/" in special URLs, other parsers do not
	['https://evil.com\\@dev.azure.com/org', 'backslash', S],
	['https://dev.azure.com\\.evil.com/org', 'backslash', S],
	['https:\\\\evil.com/', 'backslash'],
	['https://example.com\\tfs', 'backslash'],
	['http://127.0.0.1:9200\\@attacker.example/ok/Coll', 'backslash'], // issue 13
	// userinfo in any spelling, even one the parser forgets
	['https://@example.com/c', 'userinfo'],
	['https://:@example.com/c', 'userinfo'],
	['https://user@example.com/c', 'userinfo'],
	['https://user:pass@example.com/c', 'userinfo'],
	['https://a@b@example.com/c', 'userinfo'],
	['https://dev.azure.com@evil.com/org', 'userinfo', S],
	// length
	[`https://example.com/${'a'.repeat(2048)}`, 'too-long'],
	[`https://example.com/${'a'.repeat(2048 - 'https://example.com/'.length)}`, 'ok'],
	// not an absolute URL, or not parseable
	['/org', 'input'],
	['dev.azure.com/org', 'input', S],
	['//dev.azure.com/org', 'input', S],
	['https://', 'input'],
	['https://[::1', 'input'],
	['http://1.1.1.1.1/', 'input'],
	['https://256.256.256.256/', 'input'],
	['https://example.com:65536/', 'input'],
	['https://example.com:99999/', 'input'],
	['https://exa%mple.com/', 'input'],
	['https://dev.azure.com%40evil.com/org', 'input', S],
	['https://[fe80::1%25eth0]/', 'input'],
	['https://ex<ample.com/', 'input']
];

// ---- 2. scheme -----------------------------------------------------------------------------------
const SCHEME: Vector[] = [
	['ftp://example.com/', 'scheme'],
	['file:///etc/passwd', 'scheme'],
	['gopher://127.0.0.1:70/_x', 'scheme'],
	['dict://127.0.0.1:11211/', 'scheme'],
	['ldap://example.com/', 'scheme'],
	['javascript:alert(1)', 'scheme'],
	['data:text/html,x', 'scheme'],
	['ws://example.com/', 'scheme'],
	['wss://example.com/', 'scheme'],
	['jar:https://example.com/x!/', 'scheme'],
	['HTTPS://EXAMPLE.COM/', 'ok'],
	['http://example.com/', 'scheme'],
	['http://dev.azure.com/org', 'scheme', S],
	[
		'http://dev.azure.com/org',
		'scheme',
		{ context: 'services', allowlist: ['http://dev.azure.com'] }
	],
	['http://fabrikam.visualstudio.com/', 'scheme', S],
	['http://example.com/', 'scheme', { allowlist: ['http://10.0.0.0/8'] }],
	['http://tfs.corp:8080/tfs', 'ok', { allowlist: ['http://tfs.corp'], dns: ['10.0.0.5'] }],
	['http://tfs.corp:8080/tfs', 'scheme', { allowlist: ['tfs.corp'], dns: ['10.0.0.5'] }],
	[
		'http://tfs.corp:8080/tfs',
		'scheme',
		{ allowlist: ['tfs.corp', 'http://other.corp'], dns: ['10.0.0.5'] }
	],
	[
		'http://tfs.corp:8080/tfs',
		'private-network',
		{ allowlist: ['http://tfs.corp:8081'], dns: ['10.0.0.5'] }
	],
	['http://public.example:8080/', 'scheme', { allowlist: ['http://public.example:8081'] }],
	['http://tfs.corp:8080/tfs', 'ok', { allowlist: ['http://tfs.corp:8080'], dns: ['10.0.0.5'] }],
	['http://tfs.corp:8080/', 'ok', { allowlist: ['http://10.0.0.0/24'], dns: ['10.0.0.5'] }],
	[
		'http://tfs.corp:8080/',
		'scheme',
		{ allowlist: ['http://10.0.0.0/24', '10.0.1.0/24'], dns: ['10.0.0.5', '10.0.1.5'] }
	],
	[
		'http://tfs.corp:8080/',
		'ok',
		{ allowlist: ['http://10.0.0.0/16'], dns: ['10.0.0.5', '10.0.1.5'] }
	],
	['http://public.example:8080/', 'ok', { allowlist: ['http://public.example'] }]
];

// ---- 3. userinfo ---------------------------------------------------------------------------------
const USERINFO: Vector[] = [
	['https://user:pass@example.com/', 'userinfo'],
	['https://user@example.com/', 'userinfo'],
	['https://:pass@example.com/', 'userinfo'],
	['https://@example.com/', 'userinfo'],
	['https://:@example.com/', 'userinfo'],
	['https://user%40x:y@example.com/', 'userinfo'],
	['https://dev.azure.com@evil.com/', 'userinfo', S],
	['https://dev.azure.com:443@evil.com/', 'userinfo', S],
	['https://org:pat@dev.azure.com/org', 'userinfo', S],
	['https://evil.com@dev.azure.com/org', 'userinfo', S],
	['https://user:pass@10.0.0.5/', 'userinfo', { allowlist: ['10.0.0.5'] }]
];

// ---- 4. ports ------------------------------------------------------------------------------------
const PORTS: Vector[] = [
	['https://dev.azure.com:443/org', 'ok', S],
	['https://dev.azure.com:8443/org', 'port', S],
	['https://dev.azure.com:80/org', 'port', S],
	['https://fabrikam.visualstudio.com:444/', 'port', S],
	['https://example.com:0/', 'port'],
	['https://example.com:1/', 'port'],
	['https://example.com:22/', 'port'],
	['https://example.com:25/', 'port'],
	['https://example.com:80/', 'port'],
	['https://example.com:443/', 'ok'],
	['https://example.com:1023/', 'port'],
	['https://example.com:1024/', 'ok'],
	['https://example.com:8080/', 'ok'],
	['https://example.com:65535/', 'ok'],
	['https://example.com:00443/', 'ok'],
	['https://10.0.0.5:80/', 'ok', { allowlist: ['http://10.0.0.5'] }],
	['https://10.0.0.5:80/', 'port', { allowlist: ['10.0.0.5', 'http://10.0.0.6'] }],
	['http://tfs.corp/', 'ok', { allowlist: ['http://tfs.corp'], dns: ['10.0.0.5'] }],
	['http://tfs.corp:22/', 'port', { allowlist: ['http://tfs.corp'], dns: ['10.0.0.5'] }],
	['https://10.0.0.5:22/', 'port', { allowlist: ['10.0.0.5'] }]
];

// ---- 5. host: Azure DevOps Services --------------------------------------------------------------
const SERVICES_HOST: Vector[] = [
	['https://dev.azure.com/fabrikam', 'ok', S],
	['https://dev.azure.com/fabrikam/', 'ok', S],
	['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_apis', 'ok', S],
	['https://DEV.AZURE.COM/Fabrikam', 'ok', S],
	['https://dev.azure.com/fab-rikam-01', 'ok', S],
	['https://dev.azure.com/fabrikam?x=1', 'ok', S],
	['https://dev.azure.com/', 'host', S],
	['https://dev.azure.com', 'host', S],
	['https://dev.azure.com/-org', 'host', S],
	['https://dev.azure.com/org-', 'host', S],
	['https://dev.azure.com/_apis/projects', 'host', S],
	['https://dev.azure.com/%2e%2e/', 'host', S],
	['https://dev.azure.com/../org', 'ok', S],
	[`https://dev.azure.com/${'a'.repeat(51)}`, 'host', S],
	['https://dev.azure.com./org', 'host', S],
	['https://fabrikam.visualstudio.com/', 'ok', S],
	['https://fabrikam.visualstudio.com/DefaultCollection', 'ok', S],
	['https://a.b.visualstudio.com/', 'host', S],
	['https://visualstudio.com/', 'host', S],
	['https://fabrikam.visualstudio.com./', 'host', S],
	['https://fabrikam.visualstudio.com.evil.com/', 'host', S],
	['https://app.vssps.visualstudio.com/', 'host', S],
	// the organization's identity host: same shape as dev.azure.com, nothing looser
	['https://vssps.dev.azure.com/org', 'ok', S],
	['https://vssps.dev.azure.com/fabrikam/_apis/identities', 'ok', S],
	['https://vssps.dev.azure.com:443/fabrikam/', 'ok', S],
	['https://VSSPS.dev.azure.com/fabrikam', 'ok', S],
	['https://vssps.dev.azure.com/', 'host', S],
	['https://vssps.dev.azure.com', 'host', S],
	['https://vssps.dev.azure.com/_apis/identities', 'host', S],
	['https://vssps.dev.azure.com/-org', 'host', S],
	['https://vssps.dev.azure.com./org', 'host', S],
	['https://vssps.dev.azure.com.evil.com/org', 'host', S],
	['https://evil.vssps.dev.azure.com/org', 'host', S],
	['https://vssps.dev.azure.com@evil.com/org', 'userinfo', S],
	['https://vssps.dev.azure.com:8443/org', 'port', S],
	['http://vssps.dev.azure.com/org', 'scheme', S],
	[
		'https://vssps.dev.azure.com/org',
		'private-network',
		{ context: 'services', dns: ['10.1.1.1'] }
	],
	[
		'https://vssps.dev.azure.com/org',
		'reserved-ip',
		{ context: 'services', dns: ['169.254.169.254'] }
	],
	['https://vssps.dev.azure.com/org', 'reserved-ip', { context: 'services', dns: ['127.0.0.1'] }],
	['https://dev.azure.com.evil.com/org', 'host', S],
	['https://evildev.azure.com/org', 'host', S],
	['https://evil.com/dev.azure.com', 'host', S],
	['https://evil.com#@dev.azure.com/org', 'host', S],
	['https://evil.com?@dev.azure.com/org', 'host', S],
	[
		'https://evil.com/org',
		'host',
		{ context: 'services', allowlist: ['evil.com', 'http://evil.com'] }
	],
	['https://[::1]/org', 'host', S],
	['https://13.107.6.183/org', 'host', S],
	['https://0xd6b06b7/org', 'host', S],
	['https://[2620:1ec:4::1]/org', 'host', S],
	// Services never reach private or reserved space, allowlist or not
	['https://dev.azure.com/org', 'private-network', { context: 'services', dns: ['10.1.1.1'] }],
	[
		'https://dev.azure.com/org',
		'private-network',
		{ context: 'services', dns: ['10.1.1.1'], allowlist: ['dev.azure.com', '10.0.0.0/8'] }
	],
	['https://dev.azure.com/org', 'reserved-ip', { context: 'services', dns: ['169.254.169.254'] }],
	['https://dev.azure.com/org', 'reserved-ip', { context: 'services', dns: ['127.0.0.1'] }],
	[
		'https://dev.azure.com/org',
		'reserved-ip',
		{ context: 'services', dns: ['13.107.42.20', '::1'] }
	],
	['https://dev.azure.com/org', 'dns', { context: 'services', dns: 'throw' }],
	[
		'http://127.0.0.1:8081/',
		'scheme',
		{ context: 'services', allowlist: ['http://127.0.0.1:8081'] }
	],
	['https://127.0.0.1:8081/', 'port', { context: 'services', allowlist: ['127.0.0.1:8081'] }]
];

// ---- 6. host: Azure DevOps Server ----------------------------------------------------------------
const SERVER_HOST: Vector[] = [
	['https://tfs.example.com/tfs/DefaultCollection', 'ok'],
	['https://tfs.example.com:8443/DefaultCollection', 'ok'],
	['https://dev.azure.com/org', 'ok'],
	['https://exa_mple.com/', 'ok'],
	['https://xn--80ak6aa92e.com/', 'ok'],
	['https://localhost/', 'host'],
	['https://LOCALHOST/', 'host'],
	['https://localhost./', 'host'],
	['https://localhost:8081/', 'host', { allowlist: ['http://127.0.0.1:8081'] }],
	['https://foo.localhost/', 'host'],
	['https://a.b.localhost/', 'host'],
	['https://metadata.google.internal/computeMetadata/v1/', 'host'],
	['https://metadata/', 'host'],
	['https://metadata.goog/', 'host'],
	['https://instance-data/', 'host'],
	['https://instance-data.ec2.internal/', 'host'],
	['https://example.com./', 'host'],
	['https://-bad.example.com/', 'host'],
	['https://bad-.example.com/', 'host'],
	['https://a..b/', 'host'],
	['https://exa!mple.com/', 'host'],
	[`https://${'a'.repeat(64)}.com/`, 'host']
];

// ---- 7. DNS --------------------------------------------------------------------------------------
const DNS: Vector[] = [
	['https://tfs.example.com/', 'dns', { dns: 'throw' }],
	['https://tfs.example.com/', 'dns', { dns: 'empty' }],
	['https://tfs.example.com/', 'dns', { dns: 'junk' }],
	['https://tfs.example.com/', 'dns', { dns: ['0x7f.1'] }],
	['https://tfs.example.com/', 'dns', { dns: ['127.1'] }],
	['https://tfs.example.com/', 'dns', { dns: ['fe80::1%eth0'] }],
	['https://tfs.corp/', 'dns', { dns: 'throw', allowlist: ['tfs.corp'] }],
	['https://tfs.corp/', 'dns', { dns: 'empty', allowlist: ['tfs.corp', '10.0.0.0/8'] }],
	[
		'https://tfs.example.com/',
		'ok',
		{ dns: ['93.184.216.34', '93.184.216.34', '2606:2800:220:1::'] }
	]
];

// ---- 8. hard floor, embedded IPv4, special purpose -----------------------------------------------
const RESERVED: Vector[] = [
	// loopback in every spelling (GitLab UrlBlocker, payload lists)
	['https://127.0.0.1/', 'reserved-ip'],
	['https://127.1/', 'reserved-ip'],
	['https://127.0.1/', 'reserved-ip'],
	['https://2130706433/', 'reserved-ip'],
	['http://2130706433/', 'scheme'],
	['https://0x7f000001/', 'reserved-ip'],
	['https://0x7f.1/', 'reserved-ip'],
	['https://0177.1/', 'reserved-ip'],
	['https://0177.1:65535/foo/foo.git', 'reserved-ip'],
	['https://0177.0.0.1/', 'reserved-ip'],
	['https://017700000001/', 'reserved-ip'],
	['https://127.255.255.254/', 'reserved-ip'],
	['https://[::1]/', 'reserved-ip'],
	['https://[0:0:0:0:0:0:0:1]/', 'reserved-ip'],
	['https://[::ffff:127.0.0.1]/', 'reserved-ip'],
	['https://[::ffff:7f00:1]/', 'reserved-ip'],
	['https://[0:0:0:0:0:ffff:127.0.0.1]/', 'reserved-ip'],
	['https://[64:ff9b::7f00:1]/', 'reserved-ip'],
	['https://0/', 'reserved-ip'],
	['https://0.0.0.0/', 'reserved-ip'],
	['https://[::]/', 'reserved-ip'],
	// cloud metadata
	['https://169.254.169.254/latest/meta-data/', 'reserved-ip'],
	['https://0xa9fea9fe/', 'reserved-ip'],
	['https://2852039166/', 'reserved-ip'],
	['https://0251.0376.0251.0376/', 'reserved-ip'],
	['https://169.254.43518/', 'reserved-ip'],
	['https://[::ffff:169.254.169.254]/', 'reserved-ip'],
	['https://[::ffff:a9fe:a9fe]/', 'reserved-ip'],
	['https://[0:0:0:0:0:ffff:169.254.169.254]/', 'reserved-ip'],
	['https://[64:ff9b::a9fe:a9fe]/', 'reserved-ip'],
	['https://[64:ff9b::169.254.169.254]/', 'reserved-ip'],
	['https://100.100.100.200/', 'reserved-ip'],
	['https://168.63.129.16/', 'reserved-ip'],
	['https://192.0.0.192/', 'reserved-ip'],
	['https://[fd00:ec2::254]/', 'reserved-ip'],
	// multicast, broadcast, reserved, link-local
	['https://224.0.0.1/', 'reserved-ip'],
	['https://239.255.255.250/', 'reserved-ip'],
	['https://240.0.0.1/', 'reserved-ip'],
	['https://255.255.255.255/', 'reserved-ip'],
	['https://0xffffffff/', 'reserved-ip'],
	['https://4294967295/', 'reserved-ip'],
	['https://0377.0377.0377.0377/', 'reserved-ip'],
	['https://169.254.1.1/', 'reserved-ip'],
	['https://[fe80::1]/', 'reserved-ip'],
	['https://[febf::1]/', 'reserved-ip'],
	['https://[ff02::1]/', 'reserved-ip'],
	['https://[ff05::1:3]/', 'reserved-ip'],
	// embedded IPv4 forms that cannot be unwrapped safely
	['https://[::127.0.0.1]/', 'reserved-ip'],
	['https://[::7f00:1]/', 'reserved-ip'],
	['https://[::a00:1]/', 'reserved-ip'],
	['https://[::8.8.8.8]/', 'reserved-ip'],
	['https://[::ffff:0:7f00:1]/', 'reserved-ip'],
	['https://[::ffff:0:808:808]/', 'reserved-ip'],
	['https://[2002:7f00:1::]/', 'reserved-ip'],
	['https://[2002:a9fe:a9fe::]/', 'reserved-ip'],
	['https://[2002:808:808::1]/', 'reserved-ip'],
	['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'reserved-ip'],
	['https://[64:ff9b:1::a00:1]/', 'reserved-ip'],
	// special purpose, not globally reachable
	['https://192.0.2.1/', 'reserved-ip'],
	['https://198.51.100.7/', 'reserved-ip'],
	['https://203.0.113.9/', 'reserved-ip'],
	['https://198.18.0.1/', 'reserved-ip'],
	['https://198.19.255.255/', 'reserved-ip'],
	['https://192.88.99.1/', 'reserved-ip'],
	['https://192.0.0.8/', 'reserved-ip'],
	['https://192.0.0.170/', 'reserved-ip'],
	['https://[2001:db8::1]/', 'reserved-ip'],
	['https://[100::1]/', 'reserved-ip'],
	['https://[2001:2::1]/', 'reserved-ip'],
	['https://[2001:10::1]/', 'reserved-ip'],
	['https://[3fff::1]/', 'reserved-ip'],
	['https://[5f00::1]/', 'reserved-ip'],
	['https://[4000::1]/', 'reserved-ip'],
	['https://[1::1]/', 'reserved-ip'],
	// never allowlistable
	['https://169.254.169.254/', 'reserved-ip', { allowlist: ['169.254.169.254'] }],
	[
		'https://169.254.169.254/',
		'reserved-ip',
		{ allowlist: ['169.254.0.0/16', 'http://169.254.169.254'] }
	],
	['https://100.100.100.200/', 'reserved-ip', { allowlist: ['100.64.0.0/10'] }],
	['https://168.63.129.16/', 'reserved-ip', { allowlist: ['168.63.129.16'] }],
	['https://[fd00:ec2::254]/', 'reserved-ip', { allowlist: ['fd00::/8'] }],
	['https://192.0.2.1/', 'reserved-ip', { allowlist: ['192.0.2.0/24'] }],
	['https://[2001:db8::1]/', 'reserved-ip', { allowlist: ['2001:db8::/32'] }],
	['https://[2002:a00:1::]/', 'reserved-ip', { allowlist: ['2002::/16'] }],
	['https://[::a00:1]/', 'reserved-ip', { allowlist: ['::/96', '10.0.0.0/8'] }],
	['https://127.0.0.1/', 'reserved-ip', { allowlist: ['127.0.0.0/8'] }],
	[
		'https://metadata.corp.example/',
		'reserved-ip',
		{ dns: ['169.254.169.254'], allowlist: ['metadata.corp.example'] }
	],
	// names that resolve to reserved space (DNS rebinding services, /etc/hosts tricks)
	['https://127.0.0.1.nip.io/', 'reserved-ip', { dns: ['127.0.0.1'] }],
	['https://169.254.169.254.nip.io/', 'reserved-ip', { dns: ['169.254.169.254'] }],
	['https://internal.example/', 'reserved-ip', { dns: ['::1'] }],
	['https://internal.example/', 'reserved-ip', { dns: ['::ffff:127.0.0.1'] }],
	['https://internal.example/', 'reserved-ip', { dns: ['93.184.216.34', '127.0.0.1'] }],
	['https://internal.example/', 'reserved-ip', { dns: ['93.184.216.34', '2001:db8::1'] }],
	['https://internal.example/', 'reserved-ip', { dns: ['64:ff9b::a9fe:a9fe'] }]
];

// ---- 9. private networks -------------------------------------------------------------------------
const PRIVATE: Vector[] = [
	['https://10.0.0.1/', 'private-network'],
	['https://10.255.255.255/', 'private-network'],
	['https://012.0.0.1/', 'private-network'],
	['https://0xa000001/', 'private-network'],
	['https://167772161/', 'private-network'],
	['https://10.1/', 'private-network'],
	['https://172.16.0.1/', 'private-network'],
	['https://172.31.255.255/', 'private-network'],
	['https://172.15.255.255/', 'ok'],
	['https://172.32.0.1/', 'ok'],
	['https://192.168.1.1/', 'private-network'],
	['https://0300.0250.0.1/', 'private-network'],
	['https://3232235521/', 'private-network'],
	['https://100.64.0.1/', 'private-network'],
	['https://100.127.255.254/', 'private-network'],
	['https://100.128.0.1/', 'ok'],
	['https://[fc00::1]/', 'private-network'],
	['https://[fd12:3456:789a::1]/', 'private-network'],
	['https://[fec0::1]/', 'private-network'],
	['https://[::ffff:10.0.0.1]/', 'private-network'],
	['https://[::ffff:a00:1]/', 'private-network'],
	['https://[64:ff9b::a00:1]/', 'private-network'],
	['https://[64:ff9b::808:808]/', 'ok'],
	['https://[2606:4700::1111]/', 'ok'],
	['https://8.8.8.8/', 'ok'],
	['https://tfs.corp/', 'private-network', { dns: ['10.0.0.5'] }],
	['https://tfs.corp/', 'private-network', { dns: ['93.184.216.34', '10.0.0.5'] }],
	['https://tfs.corp/', 'private-network', { dns: ['fd00::5'] }],
	['https://tfs.corp/', 'private-network', { dns: ['2606:4700::1111', '192.168.0.10'] }]
];

// ---- 10. operator allowlist ----------------------------------------------------------------------
const ALLOWLIST: Vector[] = [
	['https://10.0.0.5/', 'ok', { allowlist: ['10.0.0.5'] }],
	['https://10.0.0.5/', 'ok', { allowlist: ['10.0.0.0/8'] }],
	['https://10.0.0.5/', 'ok', { allowlist: ['  10.0.0.0/8  ,'] }],
	['https://10.0.0.5/', 'private-network', { allowlist: ['10.0.0.6'] }],
	['https://10.0.0.5/', 'private-network', { allowlist: ['10.0.0.0/24:8443'] }],
	['https://10.0.0.5:8443/', 'ok', { allowlist: ['10.0.0.0/24:8443'] }],
	['https://10.0.0.5:8444/', 'private-network', { allowlist: ['10.0.0.0/24:8443'] }],
	['https://10.0.0.5/', 'ok', { allowlist: ['::ffff:10.0.0.5'] }],
	['https://10.0.0.5/', 'ok', { allowlist: ['::ffff:10.0.0.0/104'] }],
	['https://[::ffff:10.0.0.5]/', 'ok', { allowlist: ['10.0.0.5'] }],
	['https://[::ffff:10.0.0.5]/', 'ok', { allowlist: ['10.0.0.0/8'] }],
	['https://[64:ff9b::a00:5]/', 'private-network', { allowlist: ['10.0.0.5'] }],
	['https://[64:ff9b::a00:5]/', 'ok', { allowlist: ['64:ff9b::/96'] }],
	['https://[fd00::5]/', 'ok', { allowlist: ['fd00::/8'] }],
	['https://[fd00::5]:8443/', 'ok', { allowlist: ['[fd00::5]:8443'] }],
	['https://[fd00::5]/', 'private-network', { allowlist: ['[fd00::5]:8443'] }],
	['https://[fd00::5]/', 'private-network', { allowlist: ['10.0.0.0/8'] }],
	['https://10.0.0.5/', 'private-network', { allowlist: ['fd00::/8'] }],
	// hostname entries permit private addresses for that name only
	['https://tfs.corp/', 'ok', { allowlist: ['tfs.corp'], dns: ['10.0.0.5'] }],
	['https://tfs.corp/', 'ok', { allowlist: ['TFS.Corp'], dns: ['10.0.0.5'] }],
	['https://TFS.CORP/', 'ok', { allowlist: ['tfs.corp'], dns: ['10.0.0.5'] }],
	['https://tfs.corp/', 'private-network', { allowlist: ['other.corp'], dns: ['10.0.0.5'] }],
	['https://tfs.corp/', 'private-network', { allowlist: ['tfs.corp:8443'], dns: ['10.0.0.5'] }],
	['https://tfs.corp:8443/', 'ok', { allowlist: ['tfs.corp:8443'], dns: ['10.0.0.5'] }],
	['https://evil.tfs.corp/', 'private-network', { allowlist: ['tfs.corp'], dns: ['10.0.0.5'] }],
	['https://tfs.corp.evil.com/', 'private-network', { allowlist: ['tfs.corp'], dns: ['10.0.0.5'] }],
	[
		'https://tfs.corp/',
		'ok',
		{ allowlist: ['tfs.corp'], dns: ['10.0.0.5', '192.168.1.5', '93.184.216.34'] }
	],
	['https://tfs.corp/', 'reserved-ip', { allowlist: ['tfs.corp'], dns: ['10.0.0.5', '127.0.0.1'] }],
	['https://tfs.corp/', 'reserved-ip', { allowlist: ['tfs.corp'], dns: ['10.0.0.5', '192.0.2.1'] }],
	['https://10.0.0.5/', 'private-network', { allowlist: ['tfs.corp'] }],
	// ip/cidr entries permit the address for any name; every address must be permitted
	['https://tfs.corp/', 'ok', { allowlist: ['10.0.0.0/8'], dns: ['10.0.0.5'] }],
	[
		'https://tfs.corp/',
		'private-network',
		{ allowlist: ['10.0.0.0/8'], dns: ['10.0.0.5', '172.16.0.5'] }
	],
	[
		'https://tfs.corp/',
		'ok',
		{ allowlist: ['10.0.0.0/8', '172.16.0.0/12'], dns: ['10.0.0.5', '172.16.0.5'] }
	],
	// the allowlist never narrows public access
	['https://example.com:9443/', 'ok', { allowlist: ['example.com:8443'] }],
	['https://example.com/', 'ok', { allowlist: ['10.0.0.0/8'] }],
	// the loopback IP-literal exception: exactly that address and port
	['http://127.0.0.1:8081/', 'ok', { allowlist: ['http://127.0.0.1:8081'] }],
	['http://127.0.0.1:8081/_apis', 'ok', { allowlist: ['tfs.corp', 'http://127.0.0.1:8081'] }],
	['https://127.0.0.1:8081/', 'ok', { allowlist: ['http://127.0.0.1:8081'] }],
	['http://127.0.0.1:8082/', 'reserved-ip', { allowlist: ['http://127.0.0.1:8081'] }],
	['http://127.0.0.2:8081/', 'reserved-ip', { allowlist: ['http://127.0.0.1:8081'] }],
	['http://127.0.0.1:8081/', 'scheme', { allowlist: ['127.0.0.1:8081'] }],
	['http://127.0.0.1:8081/', 'scheme', { allowlist: ['127.0.0.1:8081', 'http://10.0.0.0/8'] }],
	['http://127.0.0.1:8081/', 'reserved-ip', { allowlist: ['http://127.0.0.0/8'] }],
	['https://127.0.0.1:8443/', 'ok', { allowlist: ['127.0.0.1'] }],
	['https://127.0.0.1/', 'ok', { allowlist: ['127.0.0.1'] }],
	['https://127.0.0.1:22/', 'port', { allowlist: ['127.0.0.1'] }],
	['http://2130706433:8081/', 'ok', { allowlist: ['http://127.0.0.1:8081'] }],
	['http://[::1]:8081/', 'ok', { allowlist: ['http://[::1]:8081'] }],
	['http://[::1]:8081/', 'reserved-ip', { allowlist: ['http://127.0.0.1:8081'] }],
	['http://[::ffff:127.0.0.1]:8081/', 'reserved-ip', { allowlist: ['http://127.0.0.1:8081'] }],
	['http://[::ffff:7f00:1]:8081/', 'reserved-ip', { allowlist: ['http://127.0.0.1:8081'] }],
	['http://[64:ff9b::7f00:1]:8081/', 'reserved-ip', { allowlist: ['http://127.0.0.1:8081'] }],
	['http://localhost:8081/', 'host', { allowlist: ['http://127.0.0.1:8081'] }],
	[
		'http://sim.test:8081/',
		'reserved-ip',
		{ allowlist: ['http://127.0.0.1:8081'], dns: ['127.0.0.1'] }
	],
	[
		'http://sim.test:8081/',
		'reserved-ip',
		{ allowlist: ['http://sim.test:8081'], dns: ['127.0.0.1'] }
	],
	['http://169.254.169.254:8081/', 'reserved-ip', { allowlist: ['http://169.254.169.254:8081'] }],
	// a malformed allowlist fails closed
	['https://10.0.0.5/', 'input', { allowlist: ['10.0.0.0/33'] }],
	['https://example.com/', 'input', { allowlist: ['*.corp'] }]
];

const GROUPS: Record<string, Vector[]> = {
	'raw input gate': RAW_INPUT,
	scheme: SCHEME,
	userinfo: USERINFO,
	ports: PORTS,
	'Services host': SERVICES_HOST,
	'Server host': SERVER_HOST,
	dns: DNS,
	'reserved addresses': RESERVED,
	'private networks': PRIVATE,
	'operator allowlist': ALLOWLIST
};

describe('assessBaseUrl vectors', () => {
	it('has at least 150 vectors', () => {
		expect(Object.values(GROUPS).flat().length).toBeGreaterThanOrEqual(150);
	});
	for (const [group, vectors] of Object.entries(GROUPS)) {
		describe(group, () => {
			it.each(vectors.map((v) => [title(v), v] as const))(
				'%s',
				async (_name, [input, expected, opts]) => {
					const { result, calls } = await run(input, opts);
					expect(calls.length).toBeLessThanOrEqual(1);
					if (expected === 'ok') {
						expect(result, result.ok ? '' : `${result.check}: ${result.reason}`).toMatchObject({
							ok: true
						});
					} else {
						expect(result, result.ok ? 'unexpectedly ok' : result.reason).toMatchObject({
							ok: false,
							code: 'PROVIDER_BASE_URL_BLOCKED',
							check: expected
						});
					}
				}
			);
		});
	}
});

describe('raw input gate shared with the browser field (url-input.fixtures.ts)', () => {
	// The allowlist opens the loopback literal and plain http, so only the raw gate can refuse.
	const allowlist = ['http://127.0.0.1:8081', 'http://127.0.0.1:9200', 'devops.example.com'];
	it.each(
		REFUSED_URL_INPUTS.map(
			([value, check]) => [JSON.stringify(value.slice(0, 70)), value, check] as const
		)
	)('%s is refused by check %s before parsing or DNS', async (_name, value, check) => {
		const { result, calls } = await run(value, { allowlist, dns: ['10.0.0.5'] });
		expect(calls).toEqual([]);
		expect(result).toMatchObject({ ok: false, code: 'PROVIDER_BASE_URL_BLOCKED', check });
	});
});

describe('assessBaseUrl results', () => {
	it('returns the parsed URL, the addresses to pin and their class', async () => {
		const { result } = await run('https://tfs.corp:8443/tfs/DefaultCollection', {
			allowlist: ['tfs.corp'],
			dns: ['10.0.0.5', '10.0.0.6']
		});
		expect(result).toEqual({
			ok: true,
			url: new URL('https://tfs.corp:8443/tfs/DefaultCollection'),
			addresses: ['10.0.0.5', '10.0.0.6'],
			address_class: 'private',
			allowlist_match: true,
			plain_http: false
		});
	});

	it('reports a public Services URL without allowlist use', async () => {
		const { result } = await run('https://dev.azure.com/fabrikam', S);
		expect(result).toMatchObject({
			ok: true,
			addresses: MS,
			address_class: 'public',
			allowlist_match: false,
			plain_http: false
		});
	});

	it('reports the simulator loopback literal as loopback, allowlisted, plain http', async () => {
		const { result, calls } = await run('http://127.0.0.1:8081/', {
			allowlist: ['http://127.0.0.1:8081']
		});
		expect(result).toMatchObject({
			ok: true,
			addresses: ['127.0.0.1'],
			address_class: 'loopback',
			allowlist_match: true,
			plain_http: true
		});
		expect(calls).toEqual([]);
	});

	it('strips the brackets of an IPv6 literal in the pinned addresses', async () => {
		const { result } = await run('https://[fd00::5]:8443/', { allowlist: ['[fd00::5]:8443'] });
		expect(result).toMatchObject({ ok: true, addresses: ['fd00::5'], address_class: 'private' });
	});

	it('does not call public access an allowlist match', async () => {
		const { result } = await run('https://example.com/', { allowlist: ['example.com'] });
		expect(result).toMatchObject({ ok: true, allowlist_match: false, address_class: 'public' });
	});

	it('marks plain http through a public hostname entry as an allowlist match', async () => {
		const { result } = await run('http://public.example:8080/', {
			allowlist: ['http://public.example']
		});
		expect(result).toMatchObject({
			ok: true,
			allowlist_match: true,
			plain_http: true,
			address_class: 'public'
		});
	});

	it('de-duplicates repeated DNS answers', async () => {
		const { result } = await run('https://example.com/', {
			dns: ['93.184.216.34', '93.184.216.34']
		});
		expect(result).toMatchObject({ ok: true, addresses: ['93.184.216.34'] });
	});
});

describe('resolver use', () => {
	const skipsDns: string[] = [
		'https://127.0.0.1/',
		'https://[::1]/',
		'https://10.0.0.5/',
		'https://localhost/',
		'https://metadata.google.internal/',
		'ftp://example.com/',
		'https://user:x@example.com/',
		'https://example.com:22/',
		'https://exa\tmple.com/',
		'https://example.com./'
	];
	it.each(skipsDns)('never resolves %j', async (input) => {
		const { calls } = await run(input);
		expect(calls).toEqual([]);
	});

	it('resolves the exact hostname once', async () => {
		const { calls } = await run('https://TFS.Example.com:8443/x');
		expect(calls).toEqual(['tfs.example.com']);
	});

	it('resolves Services hosts once too (they are pinned like any other)', async () => {
		const { calls } = await run('https://dev.azure.com/fabrikam', S);
		expect(calls).toEqual(['dev.azure.com']);
	});

	it('never resolves when plain http has no http:// entry at all', async () => {
		const { calls, result } = await run('http://tfs.corp:8080/', { allowlist: ['tfs.corp'] });
		expect(result).toMatchObject({ ok: false, check: 'scheme' });
		expect(calls).toEqual([]);
	});

	describe('timeout', () => {
		afterEach(() => {
			vi.useRealTimers();
		});

		it('blocks a resolver that never answers, after the DNS timeout', async () => {
			vi.useFakeTimers();
			let calls = 0;
			const pending = assessBaseUrl('https://tfs.example.com/', {
				context: 'server',
				resolve: () => {
					calls++;
					return new Promise<string[]>(() => {});
				}
			});
			await vi.advanceTimersByTimeAsync(DNS_TIMEOUT_MS - 1);
			let settled = false;
			void pending.then(() => (settled = true));
			await vi.advanceTimersByTimeAsync(0);
			expect(settled).toBe(false);
			await vi.advanceTimersByTimeAsync(2);
			await expect(pending).resolves.toMatchObject({ ok: false, check: 'dns' });
			expect(calls).toBe(1);
		});
	});

	it('blocks a resolver that throws synchronously', async () => {
		const result = await assessBaseUrl('https://tfs.example.com/', {
			context: 'server',
			resolve: () => {
				throw new Error('boom');
			}
		});
		expect(result).toMatchObject({ ok: false, check: 'dns' });
	});

	it('blocks a resolver that answers something other than a list', async () => {
		const result = await assessBaseUrl('https://tfs.example.com/', {
			context: 'server',
			resolve: async () => 'not a list' as unknown as string[]
		});
		expect(result).toMatchObject({ ok: false, check: 'dns' });
	});
});

describe('log-safe reasons', () => {
	const secretBearing: Array<[string, Opts?]> = [
		['https://10.0.0.1/?token=SECRET-Q', undefined],
		['https://user:SECRET-U@example.com/', undefined],
		['https://SECRET-U@dev.azure.com/org', S],
		['https://localhost/?pat=SECRET-Q', undefined],
		['ftp://example.com/?SECRET-Q', undefined],
		['https://example.com:22/#SECRET-Q', undefined],
		['https://tfs.corp/?access_token=SECRET-Q', { dns: ['10.0.0.5'] }],
		['https://tfs.corp/?access_token=SECRET-Q', { dns: 'throw' }],
		['https://dev.azure.com/?SECRET-Q', S],
		['http://example.com/?SECRET-Q', undefined]
	];
	it.each(secretBearing)(
		'keeps the query and userinfo of %j out of the reason',
		async (input, opts) => {
			const { result } = await run(input, opts);
			expect(result.ok).toBe(false);
			if (!result.ok) {
				expect(result.reason).not.toMatch(/SECRET/);
				expect(result.reason.length).toBeGreaterThan(0);
			}
		}
	);

	it('names the address and range in a reserved-ip reason', async () => {
		const { result } = await run('https://[::ffff:169.254.169.254]/');
		expect(result).toMatchObject({ ok: false, check: 'reserved-ip' });
		if (!result.ok) expect(result.reason).toContain('169.254.0.0/16');
	});

	it('says that a name resolving to loopback stays blocked', async () => {
		const { result } = await run('https://sim.test/', {
			dns: ['127.0.0.1'],
			allowlist: ['http://127.0.0.1']
		});
		if (result.ok) throw new Error('unexpectedly ok');
		expect(result.reason).toMatch(/resolves to loopback/);
	});
});

describe('address range table', () => {
	// One address inside every row, used as a literal and as a DNS answer: the table is really wired in.
	const inside = ADDRESS_RANGES.map((row) => {
		const [net, bits] = ipaddr.parseCIDR(row.cidr);
		const bytes = net.toByteArray();
		if (bits < bytes.length * 8) bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) | 1;
		const address = ipaddr.fromByteArray(bytes).toString();
		return [
			row.cidr,
			address,
			row.verdict === 'private' ? 'private-network' : 'reserved-ip'
		] as const;
	});

	it.each(inside)('%s: %s is blocked as a literal', async (_cidr, address, check) => {
		const literal = address.includes(':') ? `[${address}]` : address;
		const { result } = await run(`https://${literal}:8443/`);
		expect(result).toMatchObject({ ok: false, check });
	});

	it.each(inside)('%s: %s is blocked as a DNS answer', async (_cidr, address, check) => {
		const { result } = await run('https://tfs.example.com/', { dns: ['93.184.216.34', address] });
		expect(result).toMatchObject({ ok: false, check });
	});

	it('has a reference for every row', () => {
		for (const row of ADDRESS_RANGES) expect(row.ref.length, row.cidr).toBeGreaterThan(2);
	});
});
