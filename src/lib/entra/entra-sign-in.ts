import {
	EntraSignInError,
	aadstsReference,
	acceptTokenResponse,
	authorizeUrl,
	createPkceRequest,
	entraConfigSchema,
	parseAuthorizationResponse,
	tokenEndpoint,
	tokenRequestBody,
	tokenResponseSchema,
	type EntraConfig,
	type EntraSignInResult
} from './entra-pkce';

/** The channel the callback route uses to hand the authorization response back to the waiting tab. */
export const ENTRA_CHANNEL = 'webriskops-entra';
const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface AuthorizationResponseMessage {
	type: 'entra.authorization-response';
	/** The query of the redirect (code or error, and state). The code is useless without the verifier, which never leaves the tab. */
	search: string;
}

interface SignInWindow {
	navigate(url: string): void;
	close(): void;
}

export interface SignInDeps {
	/** The operator's registration, or null when Entra ID is not configured. */
	config(): Promise<EntraConfig | null>;
	/** Opens the sign-in window synchronously (still inside the click), or null when blocked. */
	openWindow(): SignInWindow | null;
	/** Resolves with the authorization response whose state matches. */
	waitForResponse(state: string, signal: AbortSignal): Promise<string>;
	fetch: typeof fetch;
	now(): Date;
	timeoutMs?: number;
}

/**
 * One sign-in: PKCE request in memory, the authority's page in a window, the code redeemed by this
 * tab (public client: no secret), the token checked and returned to the chart. Nothing is stored.
 */
export async function signInWithEntra(
	deps: SignInDeps,
	signal?: AbortSignal
): Promise<EntraSignInResult> {
	const window = deps.openWindow();
	const stop = new AbortController();
	const onAbort = () => stop.abort();
	signal?.addEventListener('abort', onAbort);
	const timer = setTimeout(
		() => stop.abort(new EntraSignInError('timed_out')),
		deps.timeoutMs ?? SIGN_IN_TIMEOUT_MS
	);
	try {
		const config = await deps.config();
		if (!config) throw new EntraSignInError('not_configured');
		if (!window) throw new EntraSignInError('popup_blocked');
		const request = await createPkceRequest();
		window.navigate(authorizeUrl(config, request));
		const search = await deps.waitForResponse(request.state, stop.signal);
		const { code } = parseAuthorizationResponse(search, request.state);
		let response: Response;
		try {
			response = await deps.fetch(tokenEndpoint(config), {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: tokenRequestBody(config, request, code),
				credentials: 'omit',
				cache: 'no-store',
				signal: stop.signal
			});
		} catch (error) {
			if (stop.signal.aborted)
				throw stop.signal.reason instanceof EntraSignInError ? stop.signal.reason : error;
			throw new EntraSignInError('token_refused');
		}
		const body: unknown = await response.json().catch(() => null);
		if (!response.ok) {
			const description =
				body && typeof body === 'object' && 'error_description' in body
					? String(body.error_description)
					: '';
			throw new EntraSignInError('token_refused', aadstsReference(description));
		}
		const parsed = tokenResponseSchema.safeParse(body);
		if (!parsed.success) throw new EntraSignInError('token_refused');
		return acceptTokenResponse(config, request, parsed.data, deps.now());
	} catch (error) {
		if (stop.signal.aborted && stop.signal.reason instanceof EntraSignInError)
			throw stop.signal.reason;
		throw error;
	} finally {
		clearTimeout(timer);
		signal?.removeEventListener('abort', onAbort);
		window?.close();
	}
}

/** Waits on the channel for the answer with this state; other tabs' answers are ignored. */
export function channelWaiter(channelName = ENTRA_CHANNEL) {
	return (state: string, signal: AbortSignal) =>
		new Promise<string>((resolve, reject) => {
			const channel = new BroadcastChannel(channelName);
			const done = () => {
				channel.close();
				signal.removeEventListener('abort', aborted);
			};
			const aborted = () => {
				done();
				reject(signal.reason instanceof Error ? signal.reason : new EntraSignInError('timed_out'));
			};
			if (signal.aborted) return aborted();
			signal.addEventListener('abort', aborted);
			channel.onmessage = (event: MessageEvent<unknown>) => {
				const m = event.data as Partial<AuthorizationResponseMessage> | null;
				if (!m || m.type !== 'entra.authorization-response' || typeof m.search !== 'string') return;
				if (new URLSearchParams(m.search).get('state') !== state) return;
				done();
				resolve(m.search);
			};
		});
}

/** The browser's bindings: config from our read-only endpoint, a popup window, the channel. */
export function browserSignInDeps(): SignInDeps {
	let cached: Promise<EntraConfig | null> | null = null;
	return {
		config: () =>
			(cached ??= fetch('/api/azure-devops/entra', { cache: 'no-store' })
				.then((r) => (r.ok ? r.json() : null))
				.then((j: unknown) => {
					const parsed = entraConfigSchema.safeParse(j);
					return j &&
						typeof j === 'object' &&
						'configured' in j &&
						j.configured === true &&
						parsed.success
						? parsed.data
						: null;
				})
				.catch(() => null)),
		openWindow() {
			// Opened blank inside the click (pop-up blockers), navigated once the PKCE request exists.
			const w = window.open(
				'about:blank',
				'webriskops-entra-sign-in',
				'popup,width=520,height=680'
			);
			if (!w) return null;
			return {
				navigate: (url) => {
					w.location.href = url;
				},
				close: () => {
					try {
						w.close();
					} catch {
						// A window that moved to another origin group may refuse; the callback closes itself.
					}
				}
			};
		},
		waitForResponse: channelWaiter(),
		fetch: (...args) => fetch(...args),
		now: () => new Date()
	};
}
