import { servicesBaseUrl, type SetupDraft } from '$lib/domain';

/** Where the admin creates a personal access token, built from what was entered. */
export function tokenPageUrl(
	draft: Pick<SetupDraft, 'provider_key' | 'organization' | 'base_url'>
): string | null {
	if (draft.provider_key === 'azure_devops_server') {
		if (!draft.base_url) return null;
		return `${draft.base_url.replace(/\/+$/, '')}/_usersSettings/tokens`;
	}
	if (!draft.organization) return null;
	return `${servicesBaseUrl(draft.organization)}/_usersSettings/tokens`;
}

/** A date input's value (YYYY-MM-DD) as the end of that day in UTC, the form the draft stores. */
export function expiryToIso(date: string): string | undefined {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
	const parsed = new Date(`${date}T23:59:59.000Z`);
	return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

/** The reverse, for showing a stored expiry in a date input. */
export function isoToDateInput(iso: string | undefined): string {
	return iso && /^\d{4}-\d{2}-\d{2}T/.test(iso) ? iso.slice(0, 10) : '';
}
