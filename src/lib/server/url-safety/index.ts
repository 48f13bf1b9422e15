/**
 * URL safety for Azure DevOps base URLs (url-safety-policy.md): assess once, then talk to the
 * assessed origin only through a transport pinned to the validated addresses. Server-only and
 * framework-free: the endpoint passes operator settings in, nothing here reads the environment.
 */
export {
	assessBaseUrl,
	MAX_INPUT_LENGTH,
	DNS_TIMEOUT_MS,
	type AssessContext,
	type AssessOptions,
	type BaseUrlAssessment,
	type BlockedBaseUrl,
	type Resolver,
	type SafeBaseUrl,
	type UrlSafetyCheck
} from './assess-base-url';
export { parseAllowlist, type AllowlistEntry } from './allowlist';
export { ADDRESS_RANGES, type AddressRange } from './address-ranges';
export {
	createPinnedTransport,
	MAX_REDIRECTS,
	TransportError,
	type PinnedRequestInit,
	type PinnedResponse,
	type PinnedTransport,
	type PinnedTransportOptions,
	type TransportErrorKind
} from './pinned-transport';
export {
	DispatcherPool,
	pinnedKey,
	sharedDispatchers,
	type DispatcherLease,
	type DispatcherPoolOptions
} from './dispatcher-pool';
