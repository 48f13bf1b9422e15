/**
 * Embedded Azure DevOps simulator: Services organizations, their identity host and Server
 * collections on one loopback port, with fault switches for tests. Plain node:http.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
	ORGLESS_HOST,
	RELEASES,
	SERVER_VDIRS,
	findCollection,
	type CollectionFixture
} from './catalogue';
import {
	authenticate,
	authorizationKind,
	hasScope,
	unauthorizedUser,
	type AuthorizationKind,
	type BearerValidator
} from './auth';
import type { AreaRename } from './seed-data';
import { locationsOf } from './locations';
import {
	resolveRoute,
	type RequiredFieldMutation,
	type RouteContext,
	type RouteState
} from './routes';
import {
	DEFAULT_ENTRA_SWITCHES,
	DEMO_TENANT,
	createEntraAuthority,
	type EntraSwitches
} from './entra';
import {
	SimError,
	baseHeaders,
	negotiateVersion,
	requestedVersion,
	resourceNotFound,
	sendError,
	sendJson,
	sendRaw,
	wrapped,
	type VersionMessages
} from './responses';

interface Faults {
	/** Extra delay before every answer. */
	latencyMs: number;
	/** Accept the request and never answer. */
	hang: boolean;
	/** Answer 503 with the service's HTML error page. */
	serverError: boolean;
	/** Successful JSON answers are cut off mid-document. */
	malformedJson: boolean;
	/** Successful JSON answers are padded to several MB. */
	oversizedBody: boolean;
	/** Origin to 302-redirect every request to (path and query kept), e.g. `http://127.0.0.1:9`. */
	redirectTo: string | null;
	/** The next N requests are throttled (429, TF400733). */
	rateLimit: number;
	retryAfterSeconds: number;
	/** Delayed but not blocked: answers still succeed and carry `X-RateLimit-*` and `Retry-After`. */
	throttleDelaySeconds: number;
	/** Mutations: make a field required on a type (optionally one project only). */
	requiredFields: RequiredFieldMutation[];
	/** Mutations: rename an area node, e.g. `{ project: 'Fabrikam Fiber', path: 'Web', to: 'Website' }`. */
	renamedAreas: AreaRename[];
	/** Mutations: demo token ids revoked from now on (see demo-tokens.ts). */
	revokedTokens: string[];
	/** Mutations: people (e-mail, as in catalogue.ts) who left after being picked: inactive from now on. */
	inactivePeople: string[];
	/** Entra ID authority switches (entra.ts): org policy refusing OAuth, token lifetime, refresh failure. */
	oauthBlockedByPolicy: EntraSwitches['oauthBlockedByPolicy'];
	oauthTokenLifetimeSeconds: EntraSwitches['oauthTokenLifetimeSeconds'];
	oauthRefreshFails: EntraSwitches['oauthRefreshFails'];
	oauthClockAheadSeconds: EntraSwitches['oauthClockAheadSeconds'];
	/**
	 * Route discovery off: `OPTIONS _apis/{area}` answers 404, as behind a proxy that drops OPTIONS.
	 * Clients must still negotiate from what else the server says.
	 */
	noRouteDiscovery: boolean;
	/**
	 * Wording of version errors (VssVersionOutOfRangeException): `en` as observed, `valid-range`
	 * the other reported English wording, `de` a (simulated) German server, `opaque` one that names
	 * no version at all.
	 */
	versionMessages: VersionMessages;
}

const NO_FAULTS: Readonly<Faults> = Object.freeze({
	latencyMs: 0,
	hang: false,
	serverError: false,
	malformedJson: false,
	oversizedBody: false,
	redirectTo: null,
	rateLimit: 0,
	retryAfterSeconds: 30,
	throttleDelaySeconds: 0,
	requiredFields: [],
	renamedAreas: [],
	revokedTokens: [],
	inactivePeople: [],
	...DEFAULT_ENTRA_SWITCHES,
	noRouteDiscovery: false,
	versionMessages: 'en'
});

interface RequestLogEntry {
	method: string;
	/** Path only: queries are left out so nothing a client put there is kept. */
	path: string;
	status: number;
	authorization: AuthorizationKind;
}

export interface Simulator {
	origin: string;
	close(): Promise<void>;
	faults: { set(f: Partial<Faults>): void; reset(): void; get(): Faults };
	requests: { count(): number; log(): RequestLogEntry[]; reset(): void };
	/** The demo Entra ID authority: `{origin}/_entra/{tenant}` (see entra.ts). */
	entra: {
		authority: string;
		tenant: string;
		issueAccessToken(claims?: Record<string, unknown>): string;
	};
}

export interface SimulatorOptions {
	host?: string;
	port?: number;
	latencyMs?: number;
	/**
	 * The origin clients reach the simulator at when it sits behind another hop (the benches' TLS
	 * front and delay proxy): URLs in answers use it. Default: the simulator's own address.
	 */
	publicOrigin?: string;
	/** OAuth seam: validates Bearer tokens (default: the embedded Entra ID authority's tokens). */
	validateBearer?: BearerValidator;
}

const MAX_BODY = 2 * 1024 * 1024;
const OVERSIZED_BYTES = 6 * 1024 * 1024;

interface Located {
	collection: CollectionFixture;
	host: RouteContext['host'];
	segs: string[];
}

/** Splits the path into the organization/collection it addresses and the rest. */
function locate(pathname: string): Located | null {
	const segs = pathname
		.split('/')
		.filter((s) => s.length > 0)
		.map((s) => {
			try {
				return decodeURIComponent(s);
			} catch {
				return s;
			}
		});
	if (segs.length === 0) return null;
	const first = segs[0] as string;
	if (first === '_app_vssps') return { collection: ORGLESS_HOST, host: 'app', segs: segs.slice(1) };
	if (first === '_vssps') {
		const c = segs[1] ? findCollection(segs[1]) : undefined;
		return c && c.release === 'services'
			? { collection: c, host: 'vssps', segs: segs.slice(2) }
			: null;
	}
	if ((SERVER_VDIRS as readonly string[]).includes(first.toLowerCase())) {
		const c = segs[1] ? findCollection(`${first.toLowerCase()}/${segs[1]}`) : undefined;
		return c ? { collection: c, host: 'collection', segs: segs.slice(2) } : null;
	}
	const c = findCollection(first);
	return c && c.release === 'services'
		? { collection: c, host: 'collection', segs: segs.slice(1) }
		: null;
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(
					new SimError(
						413,
						wrapped(
							'The request body is too large.',
							'Microsoft.VisualStudio.Services.WebApi.VssRequestEntityTooLargeException, Microsoft.VisualStudio.Services.WebApi',
							'VssRequestEntityTooLargeException'
						)
					)
				);
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

const SERVICE_UNAVAILABLE_HTML =
	'<!DOCTYPE html><html><head><title>Azure DevOps Services | Service Unavailable</title></head><body>' +
	'<h1>Service Unavailable</h1><p>TF400898: An Internal Error Occurred. The service is temporarily unavailable; try again later.</p></body></html>';

function cloneFaults(f: Faults): Faults {
	return {
		...f,
		requiredFields: [...f.requiredFields],
		renamedAreas: [...f.renamedAreas],
		revokedTokens: [...f.revokedTokens],
		inactivePeople: [...f.inactivePeople]
	};
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const host = options.host ?? '127.0.0.1';
	let faults = cloneFaults(NO_FAULTS as Faults);
	let log: RequestLogEntry[] = [];
	const state: RouteState = {
		requiredFields: [],
		renamedAreas: [],
		inactivePeople: [],
		workItems: new Map(),
		nextWorkItemId: 1001
	};
	const entra = createEntraAuthority();
	const validateBearer: BearerValidator =
		options.validateBearer ??
		((token, collection) => entra.validateBearer(token, collection, faults.oauthClockAheadSeconds));
	const sockets = new Set<Socket>();
	let origin = '';

	const applyFaults = (next: Faults) => {
		faults = next;
		state.requiredFields = next.requiredFields;
		state.renamedAreas = next.renamedAreas;
		state.inactivePeople = next.inactivePeople;
	};
	const setFaults = (partial: Partial<Faults>) =>
		applyFaults(cloneFaults({ ...faults, ...partial }));
	const resetAll = () => {
		applyFaults(cloneFaults(NO_FAULTS as Faults));
		state.workItems.clear();
		state.nextWorkItemId = 1001;
	};

	async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
		if (req.method === 'POST' && path === '/_simulator/reset') {
			resetAll();
			log = [];
			sendJson(res, 200, { faults }, null);
			return;
		}
		if (path === '/_simulator/faults' && req.method === 'GET') {
			sendJson(res, 200, faults, null);
			return;
		}
		if (path === '/_simulator/faults' && req.method === 'POST') {
			let partial: Partial<Faults>;
			try {
				const parsed: unknown = JSON.parse(await readBody(req));
				if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
					throw new Error('not an object');
				partial = parsed as Partial<Faults>;
			} catch {
				sendJson(res, 400, { message: 'Body must be a JSON object of fault switches.' }, null);
				return;
			}
			const unknown = Object.keys(partial).filter((k) => !(k in NO_FAULTS));
			if (unknown.length > 0) {
				sendJson(res, 400, { message: `Unknown fault switches: ${unknown.join(', ')}.` }, null);
				return;
			}
			setFaults(partial);
			sendJson(res, 200, faults, null);
			return;
		}
		sendJson(res, 404, { message: 'Unknown simulator control route.' }, null);
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', origin);
		const f = faults;
		if (f.redirectTo) {
			res.writeHead(302, {
				...baseHeaders(),
				Location: `${f.redirectTo.replace(/\/$/, '')}${url.pathname}${url.search}`,
				'Content-Length': 0
			});
			res.end();
			return 302;
		}
		if (f.serverError)
			return sendRaw(res, 503, 'text/html; charset=utf-8', SERVICE_UNAVAILABLE_HTML, {
				'Retry-After': '10'
			});
		if (f.rateLimit > 0) {
			faults = { ...faults, rateLimit: f.rateLimit - 1 };
			const reset = Math.floor(Date.now() / 1000) + f.retryAfterSeconds;
			return sendJson(
				res,
				429,
				wrapped(
					"TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'ATCPU' in namespace 'User'.",
					'Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server',
					'RequestBlockedException'
				),
				null,
				{
					'Retry-After': String(f.retryAfterSeconds),
					'X-RateLimit-Resource': 'ATCPU',
					'X-RateLimit-Delay': '0.000',
					'X-RateLimit-Limit': '200',
					'X-RateLimit-Remaining': '0',
					'X-RateLimit-Reset': String(reset)
				}
			);
		}

		if (url.pathname.startsWith('/_entra/')) {
			if (await entra.handle(req, res, url, () => readBody(req), f)) return res.statusCode;
			return sendError(res, resourceNotFound());
		}
		const located = locate(url.pathname);
		if (!located) return sendError(res, resourceNotFound());
		const { collection } = located;
		const suppress =
			String(req.headers['x-tfs-fedauthredirect'] ?? '').toLowerCase() === 'suppress';
		const caller = authenticate({
			authorization: req.headers.authorization,
			suppress,
			method,
			origin,
			collection,
			revoked: new Set(f.revokedTokens),
			validateBearer
		});
		// The organization's policy refuses OAuth access for outside applications.
		if (caller.kind === 'oauth' && f.oauthBlockedByPolicy) throw unauthorizedUser(caller.user.id);
		const ctx: RouteContext = {
			method,
			url,
			origin,
			collection,
			host: located.host,
			segs: located.segs,
			rawPath: url.pathname,
			contentType: req.headers['content-type'],
			caller,
			readBody: () => readBody(req),
			state
		};
		// Route discovery, as Microsoft's clients do it before their first call into an area.
		if (
			method === 'OPTIONS' &&
			located.segs.length === 2 &&
			located.segs[0]?.toLowerCase() === '_apis' &&
			!f.noRouteDiscovery
		) {
			const value = locationsOf(
				collection.release,
				located.segs[1] as string,
				located.host === 'vssps' ? 'identity' : 'collection'
			);
			return sendJson(res, 200, { count: value.length, value }, null);
		}
		const route = resolveRoute(ctx);
		if (!route.methods.includes(method))
			return sendError(
				res,
				new SimError(
					405,
					wrapped(
						`The requested resource does not support http method '${method}'.`,
						'System.Web.Http.HttpResponseException, System.Web.Http',
						'HttpResponseException',
						{ eventId: 0 }
					)
				)
			);
		if (!hasScope(caller, route.scope)) throw unauthorizedUser(caller.user.id);
		const version = negotiateVersion(
			RELEASES[collection.release],
			requestedVersion(url, req.headers.accept),
			method,
			route.previewOnly ?? false,
			f.versionMessages
		);
		const result = await route.run();
		const status = result.status ?? 200;
		const headers: Record<string, string> = {
			...(result.headers ?? {}),
			'X-VSS-UserData': `${caller.user.id}:${caller.user.uniqueName}`
		};
		if (f.throttleDelaySeconds > 0)
			Object.assign(headers, {
				'Retry-After': String(Math.ceil(f.throttleDelaySeconds)),
				'X-RateLimit-Resource': 'ATCPU',
				'X-RateLimit-Delay': f.throttleDelaySeconds.toFixed(3),
				'X-RateLimit-Limit': '200',
				'X-RateLimit-Remaining': '0',
				'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 300)
			});
		if (status === 200 && f.malformedJson) {
			const text = JSON.stringify(result.body);
			return sendRaw(
				res,
				200,
				`application/json; charset=utf-8; api-version=${version}`,
				text.slice(0, Math.max(1, Math.floor(text.length / 2))),
				headers
			);
		}
		if (status === 200 && f.oversizedBody)
			return sendRaw(
				res,
				200,
				`application/json; charset=utf-8; api-version=${version}`,
				`{"count":1,"value":[{"name":"${'x'.repeat(OVERSIZED_BYTES)}"}]}`,
				headers
			);
		return sendJson(res, status, result.body, version, headers);
	}

	const server = createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0] ?? '/';
		if (path.startsWith('/_simulator/')) {
			control(req, res, path).catch(() =>
				sendJson(res, 500, { message: 'Simulator control failed.' }, null)
			);
			return;
		}
		const entry: RequestLogEntry = {
			method: (req.method ?? 'GET').toUpperCase(),
			path,
			status: 0,
			authorization: authorizationKind(req.headers.authorization)
		};
		log.push(entry);
		res.on('finish', () => {
			entry.status = res.statusCode;
		});
		const delay = (options.latencyMs ?? 0) + faults.latencyMs;
		const go = () => {
			if (faults.hang) return; // never answer; the socket is destroyed on close()
			handle(req, res).catch((e: unknown) => {
				if (res.headersSent) return;
				if (e instanceof SimError) sendError(res, e);
				else
					sendJson(
						res,
						500,
						wrapped(
							'TF400898: An Internal Error Occurred.',
							'System.Exception, mscorlib',
							'Exception'
						),
						null
					);
			});
		};
		if (delay > 0) setTimeout(go, delay);
		else go();
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
	const listening = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
	origin = options.publicOrigin ?? listening;

	return {
		origin: listening,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
		faults: {
			set: setFaults,
			reset: () => applyFaults(cloneFaults(NO_FAULTS as Faults)),
			get: () => cloneFaults(faults)
		},
		requests: {
			count: () => log.length,
			log: () => log.map((e) => ({ ...e })),
			reset: () => void (log = [])
		},
		entra: {
			authority: `${origin}/_entra/${DEMO_TENANT}`,
			tenant: DEMO_TENANT,
			issueAccessToken: (claims) => entra.issueAccessToken(claims)
		}
	};
}
