import { openSetupApp } from '$lib/app/setup-app';
import { integrationStatusView } from '$lib/setup/integration-status';

export async function load() {
	const app = await openSetupApp();
	try {
		const [draft, targets] = await Promise.all([app.loadDraft(), app.listTargets()]);
		return {
			status: integrationStatusView(draft.persisted, targets),
			problem: draft.problem,
			targets,
			draft: draft.persisted?.draft ?? null
		};
	} finally {
		app.close();
	}
}
