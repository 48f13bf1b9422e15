import type { AfterSetup } from '$lib/after-setup/after-setup';
import type { SetupSnapshot } from '$lib/setup/setup.machine';
import type { SetupEvent } from '$lib/setup/setup.events';

/** What every step component receives: the chart's snapshot in, events out. */
export interface StepProps {
	snapshot: SetupSnapshot;
	send: (event: SetupEvent) => void;
	/** A check is running: inputs and buttons stay in place but are disabled. */
	busy: boolean;
	/** The saved-target screen and the portable fallback; only the Saved step uses them. */
	afterSetup?: AfterSetup | undefined;
}
