import { probeActorColumn } from '$lib/probe/probe-actors';

/** What the admin waits for, keyed by the id of the invoked actor that is running. */
const BUSY_TEXT: Record<string, string> = {
	...probeActorColumn('busy'),
	signInWithEntra: 'Waiting for the Microsoft Entra ID sign-in…',
	evaluatePolicy: 'Checking the results against the readiness rules…',
	saveTarget: 'Encrypting the token and saving the target…'
};

/** A plain sentence for the busy line; the invoked actor ids say what is being checked. */
export function busyText(runningActorIds: Iterable<string>): string {
	for (const id of runningActorIds) {
		const text = BUSY_TEXT[id];
		if (text) return text;
	}
	return 'Working…';
}
