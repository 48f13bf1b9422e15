/**
 * Demo personal access tokens of the simulator. They are public test fixtures, not secrets: each
 * is obviously a demo value but shaped like a real PAT (52 lowercase base32 characters, or the
 * 84-character format with the `AZDO` signature at offset 76) so that client heuristics that
 * look at length behave as they would against Azure DevOps.
 *
 * `collections` lists catalogue keys (`fabrikam`, `ado2022/DefaultCollection`) or `*` for every
 * Services organization (a global PAT). A token used anywhere else is unknown there (401).
 */
type DemoTokenStatus = 'active' | 'expired' | 'revoked';

export interface DemoToken {
	id:
		| 'least-privilege'
		| 'least-privilege-contoso'
		| 'least-privilege-big'
		| 'read-only'
		| 'full-access'
		| 'global'
		| 'expired'
		| 'revoked';
	token: string;
	label: string;
	scopes: readonly string[];
	collections: readonly string[];
	status: DemoTokenStatus;
	/** What a client should conclude, for the README table. */
	expect: string;
}

const SERVER_DEFAULT = [
	'ado/DefaultCollection',
	'ado2022/DefaultCollection',
	'ado2020/DefaultCollection',
	'ado2019/DefaultCollection',
	'tfs2018/DefaultCollection'
];

export const DEMO_TOKENS: readonly DemoToken[] = [
	{
		id: 'least-privilege',
		token: 'demoleastprivilegefabrikamworkwriteprojectaaaaaaaaaa',
		label: 'Least privilege (fabrikam and every Server DefaultCollection)',
		scopes: ['vso.work_write', 'vso.project'],
		collections: ['fabrikam', ...SERVER_DEFAULT],
		status: 'active',
		expect:
			'Every setup probe passes; identities search answers 401 (needs vso.identity), team members and AssignedTo allowed values work.'
	},
	{
		id: 'least-privilege-contoso',
		token: 'demoleastprivilegecontososecuritybbbbbbbbbbbbbbbbbbb',
		label: 'Least privilege (contoso-security only)',
		scopes: ['vso.work_write', 'vso.project'],
		collections: ['contoso-security'],
		status: 'active',
		expect: 'Works on contoso-security; on fabrikam it is unknown (401).'
	},
	{
		id: 'least-privilege-big',
		token: 'demoleastprivilegebigorgcccccccccccccccccccccccccccc',
		label: 'Least privilege (big-org, limits-org and ado2022/BigCollection)',
		scopes: ['vso.work_write', 'vso.project', 'vso.identity'],
		collections: ['big-org', 'limits-org', 'ado2022/BigCollection'],
		status: 'active',
		expect:
			'For paging and large-fixture tests; also carries vso.identity so the 2,000-identity search works.'
	},
	{
		id: 'read-only',
		token: 'demoreadonlyworkreadprojectddddddddddddddddddddddddd',
		label: 'Read only (vso.work + vso.project)',
		scopes: ['vso.work', 'vso.project'],
		collections: ['fabrikam', ...SERVER_DEFAULT],
		status: 'active',
		expect:
			'Discovery passes; validateOnly create answers 401 TF400813 (scope vso.work_write missing).'
	},
	{
		id: 'full-access',
		token: 'demofullaccessapptokenffffffffffffffffffffffffffffff',
		label: 'Full access (app_token)',
		scopes: ['app_token'],
		collections: ['fabrikam', ...SERVER_DEFAULT],
		status: 'active',
		expect:
			'Everything passes, and _apis/git/repositories and _apis/build/builds answer 200: too broad.'
	},
	{
		id: 'global',
		token: 'DemoGlobalAllAccessibleOrganizationsWorkWriteProjectDemoValueNotASecret00000AZDOdemo',
		label: 'Global (all accessible organizations)',
		scopes: ['vso.work_write', 'vso.project', 'vso.profile'],
		collections: ['*'],
		status: 'active',
		expect:
			'Works on fabrikam, also reads connectionData/projects of contoso-security, and answers 200 on the organization-less host (/_app_vssps/_apis/accounts): global, refuse it.'
	},
	{
		id: 'expired',
		token: 'demoexpiredtokeneeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee',
		label: 'Expired',
		scopes: ['vso.work_write', 'vso.project'],
		collections: ['fabrikam', ...SERVER_DEFAULT],
		status: 'expired',
		expect:
			'401 AccessCheckException "Access Denied: The Personal Access Token used has expired." + X-TFS-ServiceError.'
	},
	{
		id: 'revoked',
		token: 'demorevokedtokenrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr',
		label: 'Revoked',
		scopes: ['vso.work_write', 'vso.project'],
		collections: ['fabrikam', ...SERVER_DEFAULT],
		status: 'revoked',
		expect:
			'401 like an unknown token (203 sign-in page without X-TFS-FedAuthRedirect: Suppress on Services).'
	}
];

export function demoToken(id: DemoToken['id']): DemoToken {
	const found = DEMO_TOKENS.find((t) => t.id === id);
	if (!found) throw new Error(`No demo token ${id}.`);
	return found;
}
