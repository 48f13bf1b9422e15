import type { ProviderRecord } from '$lib/domain';

/**
 * Expiry warnings for a saved target's credential: 30, 14, 7 and 1 days before
 * `token_expires_at` (the date the admin set for a PAT, the token's own expiry for OAuth), then
 * expired; and for OAuth, a renewal that failed. Pure: the caller passes the clock.
 */
const EXPIRY_THRESHOLDS_DAYS = [30, 14, 7, 1] as const;
const DAY_MS = 86_400_000;

export interface CredentialExpiryWarning {
	level: 'expired' | 'refresh_failed' | `${(typeof EXPIRY_THRESHOLDS_DAYS)[number]}_days`;
	/** Whole days left, rounded up (0 once expired). */
	days_left: number;
	message: string;
	action: { kind: 'reconnect'; label: string };
}

export function credentialExpiryWarning(
	record: Pick<ProviderRecord, 'auth_method' | 'token_expires_at' | 'status' | 'blocked_code'>,
	now: Date
): CredentialExpiryWarning | null {
	const oauth = record.auth_method === 'oauth';
	const action = {
		kind: 'reconnect' as const,
		label: oauth
			? 'Reconnect (sign in with Microsoft Entra ID)'
			: 'Rotate the personal access token'
	};
	// An OAuth target refused by Azure DevOps could not renew its token: it needs a new sign-in.
	if (oauth && record.status === 'blocked' && record.blocked_code === 'PROVIDER_AUTH_REQUIRED') {
		return {
			level: 'refresh_failed',
			days_left: 0,
			message:
				'The Microsoft Entra ID sign-in could not be renewed, so export to Azure DevOps is blocked until you sign in again.',
			action
		};
	}
	if (!record.token_expires_at) return null;
	const left = Date.parse(record.token_expires_at) - now.getTime();
	if (Number.isNaN(left)) return null;
	const what = oauth ? 'The Microsoft Entra ID sign-in' : 'The personal access token';
	if (left <= 0) {
		return {
			level: 'expired',
			days_left: 0,
			message: `${what} expired on ${record.token_expires_at.slice(0, 10)}; export to Azure DevOps stops until it is replaced.`,
			action
		};
	}
	const days = Math.ceil(left / DAY_MS);
	const threshold = [...EXPIRY_THRESHOLDS_DAYS].reverse().find((t) => days <= t);
	if (threshold === undefined) return null;
	return {
		level: `${threshold}_days`,
		days_left: days,
		message: `${what} expires ${days === 1 ? 'within 1 day' : `in ${days} days`} (${record.token_expires_at.slice(0, 10)}). ${oauth ? 'Sign in again' : 'Create a new token with the same scopes and rotate it'} before then.`,
		action
	};
}
