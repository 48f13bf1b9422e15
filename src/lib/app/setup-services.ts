import type { SetupDraft } from '$lib/domain';
import type { SetupDecision } from '$lib/policy';
import type { SaveOutput } from '$lib/setup/setup.machine';

/** What the chart's save and sign-in actors need from the app; bound in setup-app.ts. */
export interface SetupServices {
	saveTarget(input: {
		draft: SetupDraft;
		token: string;
		decision: SetupDecision;
	}): Promise<SaveOutput>;
	signInWithEntra(
		input: { organization: string },
		signal?: AbortSignal
	): Promise<{ access_token: string; expires_at: string }>;
}
