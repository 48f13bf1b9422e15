/**
 * URL safety for Azure DevOps base URLs (docs/architecture.md §7): assess once, then talk to the
 * assessed origin only through a transport pinned to the validated addresses. Server-only and
 * framework-free: the endpoint passes operator settings in, nothing here reads the environment.
 */
export {
	assessBaseUrl,
	DNS_TIMEOUT_MS,
	type SafeBaseUrl,
	type UrlSafetyCheck
} from './assess-base-url';
export { parseAllowlist } from './allowlist';
export { ADDRESS_RANGES } from './address-ranges';
export { createPinnedTransport, TransportError, type PinnedTransport } from './pinned-transport';
export { DispatcherPool } from './dispatcher-pool';
