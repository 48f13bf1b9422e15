import { openSetupApp } from '$lib/app/setup-app';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch }) => {
	const app = await openSetupApp();
	const [draft, demo] = await Promise.all([
		app.loadDraft(),
		fetch('/api/azure-devops/demo')
			.then((r: Response) => (r.ok ? (r.json() as Promise<{ demo: boolean }>) : { demo: false }))
			.catch(() => ({ demo: false }))
	]);
	return { app, draft, demo: demo.demo };
};
