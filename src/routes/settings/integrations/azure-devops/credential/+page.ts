import { openSetupApp } from '$lib/app/setup-app';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
	const app = await openSetupApp();
	const id = url.searchParams.get('target') ?? '';
	const [record, listing] = await Promise.all([
		app.credentials.load(id),
		app.credentials.listAudit(id)
	]);
	return { app, id, record, listing };
};
