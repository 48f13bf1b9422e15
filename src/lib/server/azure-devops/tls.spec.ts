import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from './run-probe';
import { urlSafetyNetwork } from './url-safety-network';

/**
 * TLS through url-safety's pinned transport: a self-signed server is untrusted until the
 * operator adds its certificate (WEBRISKOPS_EXTRA_CA_CERTS). Test-only key, loopback only.
 */
const fixture = (name: string) =>
	readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
const cert = fixture('self-signed-127.0.0.1.cert.pem');
const key = fixture('self-signed-127.0.0.1.key.pem');

let server: Server;
let origin = '';
beforeAll(async () => {
	server = createServer({ cert, key }, (_req, res) => {
		res.writeHead(401, {
			'www-authenticate': 'Basic realm="https://127.0.0.1/tfs"',
			'content-type': 'application/json'
		});
		res.end('{}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

const req = () => ({
	probe: 'base-url' as const,
	target: {
		provider_key: 'azure_devops_server' as const,
		base_url: `${origin}/tfs/DefaultCollection`
	}
});

describe('TLS trust', () => {
	it('a private-CA certificate → PROVIDER_TLS_UNTRUSTED', async () => {
		const network = urlSafetyNetwork({ allowlist: ['127.0.0.1'] });
		const res = await runProbe(req(), { network, signal: AbortSignal.timeout(5000) });
		expect(res).toMatchObject({ ok: false, code: 'PROVIDER_TLS_UNTRUSTED', check: 'tls' });
	});

	it('trusted once the operator adds the CA', async () => {
		const network = urlSafetyNetwork({ allowlist: ['127.0.0.1'], ca: cert });
		const res = await runProbe(req(), { network, signal: AbortSignal.timeout(5000) });
		expect(res).toMatchObject({
			ok: true,
			data: {
				tls: 'trusted',
				reachable: true,
				looks_like_azure_devops: true,
				suggested_allowlist_status: 'allowlisted'
			}
		});
	});
});
