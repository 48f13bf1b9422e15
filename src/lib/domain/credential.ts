/**
 * A credential is identified by a fingerprint, never by its value. Tokens are high-entropy, so a
 * truncated SHA-256 cannot be reversed, yet two different tokens practically never collide.
 */
export async function credentialFingerprint(token: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
	const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
	return `sha256:${hex.slice(0, 16)}`;
}
