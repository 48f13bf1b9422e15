import type { IdentitiesData } from '$lib/domain/probe.schema';
import { listValue } from '../client';
import { obj, str } from './json';

type Identity = IdentitiesData['identities'][number];

/**
 * Active people from an identity search (`GET _apis/identities?searchFilter=General`): the
 * account (sign-in name) or mail is the unique name, the provider's display name the name shown.
 */
export function toIdentities(identities: unknown): Identity[] {
	return listValue<unknown>(identities)
		.map(obj)
		.filter((i) => i.isActive !== false)
		.map((i) => {
			const props = obj(i.properties);
			const unique =
				str(obj(props.Account).$value) ?? str(obj(props.Mail).$value) ?? str(i.uniqueName) ?? '';
			return {
				id: str(i.id) ?? '',
				display_name:
					str(i.providerDisplayName) ?? str(i.customDisplayName) ?? str(i.displayName) ?? unique,
				unique_name: unique
			};
		})
		.filter((i) => i.id !== '');
}

/**
 * Team members (`GET _apis/projects/{project}/teams/{team}/members`) matching a query: the exact
 * unique name, or a unique or display name starting with it, case-insensitively.
 */
export function matchingTeamMembers(members: unknown, query: string): Identity[] {
	const q = query.trim().toLowerCase();
	return listValue<unknown>(members)
		.map((m) => obj(obj(m).identity))
		.map((i) => ({
			id: str(i.id) ?? '',
			display_name: str(i.displayName) ?? '',
			unique_name: str(i.uniqueName) ?? ''
		}))
		.filter(
			(i) =>
				i.id !== '' &&
				(i.unique_name.toLowerCase() === q ||
					i.unique_name.toLowerCase().startsWith(q) ||
					i.display_name.toLowerCase().startsWith(q))
		);
}
