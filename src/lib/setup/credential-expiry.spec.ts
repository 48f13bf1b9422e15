import { describe, expect, it } from 'vitest';
import { credentialExpiryWarning } from './credential-expiry';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const inDays = (d: number) => new Date(NOW.getTime() + d * 86_400_000).toISOString();
const pat = (token_expires_at: string | null) => ({
	auth_method: 'pat' as const,
	token_expires_at,
	status: 'ready' as const,
	blocked_code: null
});

describe('credentialExpiryWarning (fixed clock)', () => {
	it.each([
		[null, null],
		[inDays(45), null],
		[inDays(30.5), null],
		[inDays(30), '30_days'],
		[inDays(15), '30_days'],
		[inDays(14), '14_days'],
		[inDays(8), '14_days'],
		[inDays(7), '7_days'],
		[inDays(2), '7_days'],
		[inDays(1), '1_days'],
		[inDays(0.01), '1_days'],
		[inDays(0), 'expired'],
		[inDays(-3), 'expired']
	])('PAT expiring %s → %s', (at, level) => {
		expect(credentialExpiryWarning(pat(at), NOW)?.level ?? null).toBe(level);
	});

	it('names the days left, the date and the rotate action', () => {
		expect(credentialExpiryWarning(pat(inDays(7)), NOW)).toEqual({
			level: '7_days',
			days_left: 7,
			message:
				'The personal access token expires in 7 days (2026-12-03). Create a new token with the same scopes and rotate it before then.',
			action: { kind: 'reconnect', label: 'Rotate the personal access token' }
		});
	});

	it('OAuth: a refused renewal asks for a new sign-in whatever the date', () => {
		const w = credentialExpiryWarning(
			{
				auth_method: 'oauth',
				token_expires_at: inDays(40),
				status: 'blocked',
				blocked_code: 'PROVIDER_AUTH_REQUIRED'
			},
			NOW
		);
		expect(w).toMatchObject({
			level: 'refresh_failed',
			action: { label: 'Reconnect (sign in with Microsoft Entra ID)' }
		});
	});

	it('OAuth blocked for another reason is not an expiry', () => {
		expect(
			credentialExpiryWarning(
				{
					auth_method: 'oauth',
					token_expires_at: inDays(40),
					status: 'blocked',
					blocked_code: 'PROVIDER_RATE_LIMITED'
				},
				NOW
			)
		).toBeNull();
	});
});
