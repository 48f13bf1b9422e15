import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RELEASES, SERVER_COLLECTIONS } from './catalogue';
import { DEMO_TOKENS, demoToken } from './demo-tokens';
import { startSimulator, type Simulator } from './simulator';

let sim: Simulator;
let startupMs = 0;

beforeAll(async () => {
	const t0 = performance.now();
	sim = await startSimulator();
	startupMs = performance.now() - t0;
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => {
	sim.faults.reset();
});

const LP = demoToken('least-privilege').token;
const basic = (token: string, user = '') =>
	`Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;

interface Call {
	method?: string;
	token?: string | null;
	bearer?: string;
	/** Basic credential sent without the `user:` part. */
	rawBasic?: string;
	suppress?: boolean;
	body?: unknown;
	contentType?: string;
	accept?: string;
}

// Bodies are checked with matchers field by field; typing every Azure DevOps shape here adds nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function call(
	path: string,
	o: Call = {}
): Promise<{ status: number; headers: Headers; text: string; json: () => Json }> {
	const headers: Record<string, string> = {};
	if (o.suppress !== false) headers['X-TFS-FedAuthRedirect'] = 'Suppress';
	if (o.bearer) headers.Authorization = `Bearer ${o.bearer}`;
	else if (o.rawBasic)
		headers.Authorization = `Basic ${Buffer.from(o.rawBasic).toString('base64')}`;
	else if (o.token !== null) headers.Authorization = basic(o.token ?? LP);
	if (o.accept) headers.Accept = o.accept;
	if (o.body !== undefined)
		headers['Content-Type'] = o.contentType ?? 'application/json-patch+json';
	const res = await fetch(`${sim.origin}${path}`, {
		method: o.method ?? (o.body !== undefined ? 'POST' : 'GET'),
		headers,
		body:
			o.body === undefined
				? undefined
				: typeof o.body === 'string'
					? o.body
					: JSON.stringify(o.body),
		redirect: 'manual'
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

const title = { op: 'add', path: '/fields/System.Title', value: 'SQL injection in /login' };
const createPath = (project: string, type: string, org = '/fabrikam') =>
	`${org}/${encodeURIComponent(project)}/_apis/wit/workitems/$${encodeURIComponent(type)}?validateOnly=true&api-version=7.1`;

describe('startup and catalogue', () => {
	it('starts on an ephemeral loopback port quickly', () => {
		expect(sim.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(startupMs).toBeLessThan(300);
	});
	it('demo tokens are shaped like real PATs and unique', () => {
		for (const t of DEMO_TOKENS) expect([52, 84]).toContain(t.token.length);
		expect(new Set(DEMO_TOKENS.map((t) => t.token)).size).toBe(DEMO_TOKENS.length);
	});
});

describe('authentication quirks', () => {
	it.each([
		[
			'Services, Suppress, no credential',
			'/fabrikam/_apis/projects?api-version=7.1',
			{ token: null },
			401,
			/Basic realm=/
		],
		[
			'Server, no credential',
			'/ado2022/DefaultCollection/_apis/projects?api-version=7.0',
			{ token: null, suppress: false },
			401,
			/NTLM/
		],
		[
			'revoked PAT',
			'/fabrikam/_apis/projects?api-version=7.1',
			{ token: demoToken('revoked').token },
			401,
			/Basic realm=/
		],
		[
			'unknown PAT',
			'/fabrikam/_apis/projects?api-version=7.1',
			{ token: 'q'.repeat(52) },
			401,
			/Basic realm=/
		],
		[
			'Basic without a colon',
			'/fabrikam/_apis/projects?api-version=7.1',
			{ rawBasic: LP },
			401,
			/Basic realm=/
		],
		[
			'PAT of another organization',
			'/fabrikam/_apis/projects?api-version=7.1',
			{ token: demoToken('least-privilege-contoso').token },
			401,
			/Basic realm=/
		],
		[
			'global PAT on a Server collection',
			'/ado/DefaultCollection/_apis/projects?api-version=7.1',
			{ token: demoToken('global').token },
			401,
			/NTLM/
		]
	] as const)('%s → %i with WWW-Authenticate', async (_name, path, opts, status, scheme) => {
		const r = await call(path, opts);
		expect(r.status).toBe(status);
		expect(r.headers.get('www-authenticate')).toMatch(scheme);
		expect(r.headers.get('x-tfs-serviceerror')).toContain('TF400813');
	});

	it('without Suppress a Services GET gets the 203 HTML sign-in page, PATCH gets 401', async () => {
		const get = await call('/fabrikam/_apis/projects?api-version=7.1', {
			token: null,
			suppress: false
		});
		expect(get.status).toBe(203);
		expect(get.headers.get('content-type')).toMatch(/^text\/html/);
		expect(get.text).toContain('Sign In');
		const patch = await call('/fabrikam/_apis/wit/workitems/1?api-version=7.1', {
			token: null,
			suppress: false,
			method: 'PATCH'
		});
		expect(patch.status).toBe(401);
	});

	it('a PAT sent as Bearer is TF400813 for an empty user; unknown Bearer is refused (OAuth seam)', async () => {
		const pat = await call('/fabrikam/_apis/projects?api-version=7.1', { bearer: LP });
		expect(pat.status).toBe(401);
		expect(pat.json().message).toBe(
			"TF400813: The user '' is not authorized to access this resource."
		);
		const jwt = await call('/fabrikam/_apis/projects?api-version=7.1', {
			bearer: 'eyJhbGciOiJSUzI1NiJ9.e30.sig'
		});
		expect(jwt.status).toBe(401);
	});

	it('an expired PAT gets the AccessCheckException body and X-TFS-ServiceError', async () => {
		const r = await call('/fabrikam/_apis/projects?api-version=7.1', {
			token: demoToken('expired').token
		});
		expect(r.status).toBe(401);
		expect(r.json()).toMatchObject({
			typeKey: 'AccessCheckException',
			message: 'Access Denied: The Personal Access Token used has expired.',
			eventId: 3000
		});
		expect(r.headers.get('x-tfs-serviceerror')).toBe(
			'Access%20Denied%3A%20The%20Personal%20Access%20Token%20used%20has%20expired.'
		);
	});

	it('ignores the Basic user name', async () => {
		expect((await call('/fabrikam/_apis/projects?api-version=7.1', { token: LP })).status).toBe(
			200
		);
		const withUser = await fetch(`${sim.origin}/fabrikam/_apis/projects?api-version=7.1`, {
			headers: { Authorization: basic(LP, 'PAT') }
		});
		expect(withUser.status).toBe(200);
		await withUser.arrayBuffer();
	});

	it('a global PAT also reads a second organization; an org-scoped PAT does not', async () => {
		const g = demoToken('global').token;
		expect((await call('/fabrikam/_apis/connectionData', { token: g })).status).toBe(200);
		expect(
			(await call('/contoso-security/_apis/projects?api-version=7.1', { token: g })).status
		).toBe(200);
		expect(
			(await call('/contoso-security/_apis/projects?api-version=7.1', { token: LP })).status
		).toBe(401);
	});

	it('only a global PAT is valid on the organization-less host', async () => {
		const g = await call('/_app_vssps/_apis/accounts?memberId=me&api-version=7.1', {
			token: demoToken('global').token
		});
		expect(g.status).toBe(200);
		expect(g.json().value.map((a: { accountName: string }) => a.accountName)).toContain(
			'contoso-security'
		);
		expect(
			(await call('/_app_vssps/_apis/accounts?memberId=me&api-version=7.1', { token: LP })).status
		).toBe(401);
		expect(
			(
				await call('/_app_vssps/_apis/profile/profiles/me?api-version=7.1', {
					token: demoToken('full-access').token
				})
			).status
		).toBe(401);
	});

	it('unknown organization and collection answer the plain-text 404', async () => {
		for (const path of ['/no-such-org/_apis/projects', '/ado2022/NoCollection/_apis/projects']) {
			const r = await call(path);
			expect(r.status).toBe(404);
			expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
			expect(r.text).toBe('The resource cannot be found.');
		}
	});
});

describe('scopes per route', () => {
	it.each([
		[
			'read-only PAT cannot dry-run create',
			'read-only',
			'POST',
			createPath('Fabrikam Fiber', 'Bug'),
			401
		],
		[
			'least privilege cannot list repositories',
			'least-privilege',
			'GET',
			'/fabrikam/_apis/git/repositories?api-version=7.1',
			401
		],
		[
			'least privilege cannot list builds',
			'least-privilege',
			'GET',
			'/fabrikam/_apis/build/builds?api-version=7.1',
			401
		],
		[
			'least privilege cannot search identities',
			'least-privilege',
			'GET',
			'/_vssps/fabrikam/_apis/identities?searchFilter=General&filterValue=alice@fabrikam.example&api-version=7.1',
			401
		],
		[
			'full access lists repositories',
			'full-access',
			'GET',
			'/fabrikam/_apis/git/repositories?api-version=7.1',
			200
		],
		[
			'full access lists builds',
			'full-access',
			'GET',
			'/fabrikam/_apis/build/builds?api-version=7.1',
			200
		],
		[
			'least privilege reads team members',
			'least-privilege',
			'GET',
			'/fabrikam/_apis/projects/Fabrikam%20Fiber/teams/Fabrikam%20Fiber%20Team/members?api-version=7.1',
			200
		],
		[
			'read-only reads work item types',
			'read-only',
			'GET',
			'/fabrikam/Fabrikam%20Fiber/_apis/wit/workitemtypes?api-version=7.1',
			200
		]
	] as const)('%s', async (_n, id, method, path, status) => {
		const r = await call(path, {
			token: demoToken(id).token,
			method,
			...(method === 'POST' ? { body: [title] } : {})
		});
		expect(r.status).toBe(status);
		if (status === 401)
			expect(r.json()).toMatchObject({
				typeKey: 'UnauthorizedRequestException',
				message: expect.stringMatching(/^TF400813: The user '[0-9a-f-]+' is not authorized/)
			});
	});
});

describe('api-version rules per release', () => {
	const bases: Record<string, string> = { services: '/fabrikam' };
	for (const c of SERVER_COLLECTIONS)
		if (c.name === 'DefaultCollection') bases[c.release] = c.basePath;

	it.each(Object.values(RELEASES).map((r) => [r.id, r.maxVersion, r.releasedVersion] as const))(
		'%s: above %s is out of range, GA above %s needs -preview',
		async (id, max, released) => {
			const base = bases[id] as string;
			const [maj, min] = max.split('.').map(Number) as [number, number];
			const above = await call(`${base}/_apis/projects?api-version=${maj}.${min + 1}`);
			expect(above.status).toBe(400);
			expect(above.json()).toMatchObject({
				typeKey: 'VssVersionOutOfRangeException',
				message: `The requested REST API version of ${maj}.${min + 1} is out of range for this server. The latest REST API version this server supports is ${max}.`
			});
			const ok = await call(`${base}/_apis/projects?api-version=${released}`);
			expect(ok.status).toBe(200);
			expect(ok.headers.get('content-type')).toBe(
				`application/json; charset=utf-8; api-version=${released}`
			);
			if (max !== released) {
				expect((await call(`${base}/_apis/projects?api-version=${max}`)).json().typeKey).toBe(
					'VssInvalidPreviewVersionException'
				);
				expect((await call(`${base}/_apis/projects?api-version=${max}-preview.1`)).status).toBe(
					200
				);
			}
		}
	);

	it('TFS 2018 says it is older than 5.0', async () => {
		const r = await call(
			'/tfs2018/DefaultCollection/_apis/connectionData?api-version=5.0-preview.1'
		);
		expect(r.json().message).toContain('The latest REST API version this server supports is 4.1.');
	});

	it('a GA version on a preview resource is refused with the -preview hint', async () => {
		const r = await call('/fabrikam/_apis/projects/Fabrikam%20Fiber/properties?api-version=7.1');
		expect(r.status).toBe(400);
		expect(r.json().message).toBe(
			'The requested version "7.1" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "7.1-preview"'
		);
		expect((await call('/fabrikam/_apis/connectionData?api-version=7.1')).json().typeKey).toBe(
			'VssInvalidPreviewVersionException'
		);
		const ok = await call(
			'/fabrikam/_apis/projects/Fabrikam%20Fiber/properties?api-version=7.1-preview.1&keys=System.ProcessTemplateType'
		);
		expect(ok.json()).toEqual({
			count: 1,
			value: [{ name: 'System.ProcessTemplateType', value: 'adcc42ab-9882-485e-a3ed-7678f01f66bc' }]
		});
	});

	it('POST without api-version is VssVersionNotSpecifiedException; the Accept header carries a version too', async () => {
		const r = await call('/fabrikam/Fabrikam%20Fiber/_apis/wit/workitems/$Bug?validateOnly=true', {
			body: [title]
		});
		expect(r.status).toBe(400);
		expect(r.json().typeKey).toBe('VssVersionNotSpecifiedException');
		const viaAccept = await call(
			'/fabrikam/Fabrikam%20Fiber/_apis/wit/workitems/$Bug?validateOnly=true',
			{ body: [title], accept: 'application/json;api-version=7.1' }
		);
		expect(viaAccept.status).toBe(200);
		expect(viaAccept.headers.get('content-type')).toContain('api-version=7.1');
	});

	it('GET without a version answers and echoes the chosen one; connectionData tells the deployment type', async () => {
		const services = await call('/fabrikam/_apis/connectionData');
		expect(services.json()).toMatchObject({
			deploymentType: 'hosted',
			authenticatedUser: { providerDisplayName: 'WebRiskOps Demo' }
		});
		expect(services.headers.get('content-type')).toContain('api-version=7.1-preview.1');
		const server = await call('/ado2020/DefaultCollection/_apis/connectionData');
		expect(server.json()).toMatchObject({
			deploymentType: 'onPremises',
			webApplicationRelativeDirectory: '/ado2020/'
		});
	});
});

describe('projects and paging', () => {
	it('pages BigCollection with $top and x-ms-continuationtoken', async () => {
		const seen: string[] = [];
		let token: string | null = null;
		let pages = 0;
		do {
			const r = await call(
				`/ado2022/BigCollection/_apis/projects?api-version=7.0${token ? `&continuationToken=${token}` : ''}`,
				{ token: demoToken('least-privilege-big').token }
			);
			const body = r.json();
			expect(body.count).toBeLessThanOrEqual(100);
			seen.push(...body.value.map((p: { name: string }) => p.name));
			token = r.headers.get('x-ms-continuationtoken');
			pages++;
		} while (token);
		expect(pages).toBe(3);
		expect(seen).toHaveLength(251);
		expect(new Set(seen).size).toBe(251);
	});

	it('big-org holds 5,001 projects', async () => {
		const r = await call(
			'/big-org/_apis/projects?api-version=7.1&$top=1000&continuationToken=5000',
			{ token: demoToken('least-privilege-big').token }
		);
		expect(r.json().count).toBe(1);
		expect(r.headers.get('x-ms-continuationtoken')).toBeNull();
	});

	it('gets a project with its process capability; unknown names are TF200016', async () => {
		const r = await call(
			'/fabrikam/_apis/projects/Fabrikam%20Security?includeCapabilities=true&api-version=7.1'
		);
		expect(r.json().capabilities.processTemplate).toEqual({
			templateName: 'Fabrikam Security Agile',
			templateTypeId: '5f0c8e2a-3b7d-4c61-9a8e-fa6b1c2d3e40'
		});
		const missing = await call('/fabrikam/_apis/projects/Nope?api-version=7.1');
		expect(missing.status).toBe(404);
		expect(missing.json()).toMatchObject({
			typeKey: 'ProjectDoesNotExistWithNameException',
			message: expect.stringMatching(/^TF200016: The following project does not exist: Nope\./)
		});
	});
});

describe('processes, types and fields', () => {
	it('lists processes per release: Basic from 2020, inherited with its parent', async () => {
		const names = async (base: string, v: string) =>
			(await call(`${base}/_apis/process/processes?api-version=${v}`))
				.json()
				.value.map((p: { name: string }) => p.name)
				.sort();
		expect(await names('/fabrikam', '7.1')).toEqual([
			'Agile',
			'Basic',
			'CMMI',
			'Fabrikam Security Agile',
			'Scrum'
		]);
		expect(await names('/ado2019/DefaultCollection', '5.0')).not.toContain('Basic');
		const work = (
			await call('/fabrikam/_apis/work/processes?$expand=projects&api-version=7.1')
		).json();
		const inherited = work.value.find(
			(p: { name: string }) => p.name === 'Fabrikam Security Agile'
		);
		expect(inherited).toMatchObject({
			customizationType: 'inherited',
			parentProcessTypeId: 'adcc42ab-9882-485e-a3ed-7678f01f66bc',
			projects: [{ name: 'Fabrikam Security' }]
		});
	});

	it('flags hidden and disabled types', async () => {
		const types = (
			await call('/fabrikam/Fabrikam%20Security/_apis/wit/workitemtypes?api-version=7.1')
		).json().value;
		expect(types.find((t: { name: string }) => t.name === 'Issue').isDisabled).toBe(true);
		const cats = (
			await call('/fabrikam/Fabrikam%20Fiber/_apis/wit/workitemtypecategories?api-version=7.1')
		).json().value;
		const hidden = cats.find(
			(c: { referenceName: string }) => c.referenceName === 'Microsoft.HiddenCategory'
		);
		expect(hidden.workItemTypes.map((t: { name: string }) => t.name)).toContain('Test Plan');
	});

	it.each([
		[
			'Fabrikam Fiber',
			'Bug',
			'Microsoft.VSTS.Common.Severity',
			{
				alwaysRequired: false,
				defaultValue: '3 - Medium',
				allowedValues: ['1 - Critical', '2 - High', '3 - Medium', '4 - Low']
			}
		],
		[
			'Fabrikam Fiber',
			'Bug',
			'Microsoft.VSTS.Common.Priority',
			{ defaultValue: '2', allowedValues: ['1', '2', '3', '4'] }
		],
		['Fabrikam Fiber', 'Bug', 'Microsoft.VSTS.TCM.ReproSteps', { alwaysRequired: false }],
		['Fabrikam Scrum', 'Bug', 'Microsoft.VSTS.TCM.ReproSteps', { alwaysRequired: false }],
		['Fabrikam Basic', 'Issue', 'System.Description', { alwaysRequired: false }],
		['Fabrikam CMMI', 'Bug', 'Microsoft.VSTS.Common.Severity', { defaultValue: '3 - Medium' }],
		[
			'Fabrikam Security',
			'Bug',
			'Custom.SecurityTeam',
			{
				alwaysRequired: true,
				defaultValue: null,
				allowedValues: ['AppSec', 'Cloud Security', 'Red Team']
			}
		]
	] as const)('%s %s has %s', async (project, type, field, expected) => {
		const r = await call(
			`/fabrikam/${encodeURIComponent(project)}/_apis/wit/workitemtypes/${type}/fields?$expand=allowedValues&api-version=7.1`
		);
		expect(
			r.json().value.find((f: { referenceName: string }) => f.referenceName === field)
		).toMatchObject(expected);
	});

	it('without $expand fields carry no allowed values; Basic has no Bug', async () => {
		const r = await call(
			'/fabrikam/Fabrikam%20Fiber/_apis/wit/workitemtypes/Bug/fields?api-version=7.1'
		);
		expect(r.json().value.every((f: object) => !('allowedValues' in f))).toBe(true);
		const bug = await call(
			'/fabrikam/Fabrikam%20Basic/_apis/wit/workitemtypes/Bug?api-version=7.1'
		);
		expect(bug.status).toBe(404);
		expect(bug.json().message).toMatch(/^VS402323: Work item type Bug does not exist in project/);
	});
});

describe('areas, iterations, teams, identities', () => {
	it('answers one root object with real path formats and $depth', async () => {
		const r = (
			await call(
				'/fabrikam/Fabrikam%20Fiber/_apis/wit/classificationnodes/areas?$depth=2&api-version=7.1'
			)
		).json();
		expect(r).toMatchObject({
			name: 'Fabrikam Fiber',
			structureType: 'area',
			path: '\\Fabrikam Fiber\\Area',
			hasChildren: true
		});
		const web = r.children.find((c: { name: string }) => c.name === 'Web');
		expect(web.path).toBe('\\Fabrikam Fiber\\Area\\Web');
		expect(web.children.map((c: { name: string }) => c.name)).toEqual(['Login', 'Checkout']);
		expect(web.url).toMatch(/\/_apis\/wit\/classificationNodes\/Areas\/Web$/);
		const missing = await call(
			'/fabrikam/Fabrikam%20Fiber/_apis/wit/classificationnodes/areas/Nope?api-version=7.1'
		);
		expect(missing.status).toBe(404);
		expect(missing.json().message).toContain('VS402485');
	});

	it('serves 20,020 area nodes in big-org/Big Project', async () => {
		const r = (
			await call(
				'/big-org/Big%20Project/_apis/wit/classificationnodes/areas?$depth=3&api-version=7.1',
				{ token: demoToken('least-privilege-big').token }
			)
		).json();
		let n = 0;
		const count = (node: { children?: unknown[] }): void => {
			n++;
			for (const c of node.children ?? []) count(c as { children?: unknown[] });
		};
		count(r);
		expect(n - 1).toBe(20020);
	});

	it('team field values and the current iteration', async () => {
		const tfv = (
			await call(
				'/fabrikam/Fabrikam%20Fiber/Fabrikam%20Fiber%20Team/_apis/work/teamsettings/teamfieldvalues?api-version=7.1'
			)
		).json();
		expect(tfv).toMatchObject({
			field: { referenceName: 'System.AreaPath' },
			defaultValue: 'Fabrikam Fiber\\Web'
		});
		const it = (
			await call(
				'/fabrikam/Fabrikam%20Fiber/Fabrikam%20Fiber%20Team/_apis/work/teamsettings/iterations?$timeframe=current&api-version=7.1'
			)
		).json();
		expect(it.value).toEqual([
			expect.objectContaining({ name: 'Sprint 2', path: 'Fabrikam Fiber\\Sprint 2' })
		]);
	});

	it('identities live on the vssps host for Services and under the collection on Server', async () => {
		const full = demoToken('full-access').token;
		const s = (
			await call(
				'/_vssps/fabrikam/_apis/identities?searchFilter=General&filterValue=alice@fabrikam.example&queryMembership=None&api-version=7.1',
				{ token: full }
			)
		).json();
		expect(s.value).toEqual([
			expect.objectContaining({ providerDisplayName: 'Alice Ahmed', isActive: true })
		]);
		expect(
			(
				await call(
					'/fabrikam/_apis/identities?searchFilter=General&filterValue=alice&api-version=7.1',
					{ token: full }
				)
			).status
		).toBe(404);
		const srv = (
			await call(
				'/ado/DefaultCollection/_apis/identities?searchFilter=General&filterValue=Bob&api-version=7.1',
				{ token: full }
			)
		).json();
		expect(srv.value[0].descriptor).toMatch(/^System\.Security\.Principal\.WindowsIdentity;/);
		const big = (
			await call(
				'/_vssps/big-org/_apis/identities?searchFilter=MailAddress&filterValue=user1999@big-org.example&api-version=7.1',
				{ token: demoToken('least-privilege-big').token }
			)
		).json();
		expect(big.count).toBe(1);
	});
});

describe('validateOnly create', () => {
	const secTeam = { op: 'add', path: '/fields/Custom.SecurityTeam', value: 'AppSec' };

	it('passes a valid dry run and returns no id', async () => {
		const r = await call(createPath('Fabrikam Fiber', 'Bug'), {
			body: [
				title,
				{ op: 'add', path: '/fields/System.AreaPath', value: 'Fabrikam Fiber\\Security' },
				{ op: 'add', path: '/fields/System.IterationPath', value: 'Fabrikam Fiber\\Sprint 2' },
				{ op: 'add', path: '/fields/Microsoft.VSTS.Common.Priority', value: 1 },
				{ op: 'add', path: '/fields/Microsoft.VSTS.Common.Severity', value: '2 - High' },
				{
					op: 'add',
					path: '/fields/System.AssignedTo',
					value: 'Alice Ahmed <alice@fabrikam.example>'
				}
			]
		});
		expect(r.status).toBe(200);
		const body = r.json();
		expect(body.id).toBeUndefined();
		expect(body.fields).toMatchObject({
			'System.AreaPath': 'Fabrikam Fiber\\Security',
			'Microsoft.VSTS.Common.Priority': 1,
			'System.AssignedTo': { uniqueName: 'alice@fabrikam.example' }
		});
	});

	it.each([
		[
			'application/json is 415',
			'Fabrikam Fiber',
			'Bug',
			[title],
			'application/json',
			415,
			'VssRequestContentTypeNotSupportedException',
			/Valid content types for this method are: application\/json-patch\+json\./
		],
		[
			'an object is not a patch document',
			'Fabrikam Fiber',
			'Bug',
			{ title: 'x' },
			undefined,
			400,
			'VssPropertyValidationException',
			/valid patch document/
		],
		[
			'unknown area is TF401347',
			'Fabrikam Fiber',
			'Bug',
			[title, { op: 'add', path: '/fields/System.AreaPath', value: 'Fabrikam Fiber\\Nope' }],
			undefined,
			400,
			'WorkItemFieldInvalidTreeNameException',
			/^TF401347: Invalid tree name given for work item -1, field 'System\.AreaPath'\.$/
		],
		[
			'a node path is not a field value',
			'Fabrikam Fiber',
			'Bug',
			[title, { op: 'add', path: '/fields/System.AreaPath', value: '\\Fabrikam Fiber\\Area\\Web' }],
			undefined,
			400,
			'WorkItemFieldInvalidTreeNameException',
			/^TF401347/
		],
		[
			'restricted area is TF237111',
			'Fabrikam Fiber',
			'Bug',
			[title, { op: 'add', path: '/fields/System.AreaPath', value: 'Fabrikam Fiber\\Restricted' }],
			undefined,
			403,
			'WorkItemUnauthorizedAccessException',
			/^TF237111/
		],
		[
			'inactive assignee is unknown',
			'Fabrikam Fiber',
			'Bug',
			[title, { op: 'add', path: '/fields/System.AssignedTo', value: 'dana@fabrikam.example' }],
			undefined,
			400,
			'WorkItemFieldInvalidException',
			/^The identity value 'dana@fabrikam\.example' for field 'Assigned To' is an unknown identity\.$/
		],
		[
			'missing required custom field',
			'Fabrikam Security',
			'Bug',
			[title],
			undefined,
			400,
			'RuleValidationException',
			/^TF401320: Rule Error for field Security Team\. Error code: Required, InvalidEmpty\.$/
		],
		[
			'value outside the picklist',
			'Fabrikam Security',
			'Bug',
			[title, { ...secTeam, value: 'Nobody' }],
			undefined,
			400,
			'RuleValidationException',
			/InvalidListValue/
		],
		[
			'missing title on Agile',
			'Fabrikam Fiber',
			'User Story',
			[{ op: 'add', path: '/fields/System.Tags', value: 'x' }],
			undefined,
			400,
			'RuleValidationException',
			/field Title/
		],
		[
			'Basic has no Bug',
			'Fabrikam Basic',
			'Bug',
			[title],
			undefined,
			404,
			'WorkItemTypeNotFoundException',
			/^VS402323/
		]
	] as const)('%s', async (_n, project, type, body, contentType, status, typeKey, message) => {
		const r = await call(createPath(project, type), {
			body,
			...(contentType ? { contentType } : {})
		});
		expect(r.status).toBe(status);
		expect(r.json()).toMatchObject({ typeKey, message: expect.stringMatching(message) });
	});

	it('rule errors carry RuleValidationErrors per field', async () => {
		const r = await call(createPath('Fabrikam Security', 'Bug'), {
			body: [{ op: 'add', path: '/fields/Microsoft.VSTS.Common.Priority', value: 9 }]
		});
		const errors = r.json().customProperties.RuleValidationErrors;
		expect(errors.map((e: { fieldReferenceName: string }) => e.fieldReferenceName).sort()).toEqual([
			'Custom.SecurityTeam',
			'Microsoft.VSTS.Common.Priority',
			'System.Title'
		]);
		expect(r.json().message).toContain('2 additional errors occurred during validation');
		expect(
			errors.find((e: { fieldReferenceName: string }) => e.fieldReferenceName === 'System.Title')
				.fieldStatusCode
		).toBe(524289);
	});

	it('a type without $ is "Page not found." HTML', async () => {
		const r = await call(
			'/fabrikam/Fabrikam%20Fiber/_apis/wit/workitems/Bug?validateOnly=true&api-version=7.1',
			{ body: [title] }
		);
		expect(r.status).toBe(404);
		expect(r.headers.get('content-type')).toMatch(/^text\/html/);
		expect(r.text).toContain('Page not found.');
	});
});

describe('fault switches', () => {
	it('latency delays answers', async () => {
		sim.faults.set({ latencyMs: 150 });
		const t0 = performance.now();
		await call('/fabrikam/_apis/connectionData');
		expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
	});

	it('hang never answers', async () => {
		sim.faults.set({ hang: true });
		await expect(
			fetch(`${sim.origin}/fabrikam/_apis/connectionData`, { signal: AbortSignal.timeout(200) })
		).rejects.toThrow();
	});

	it('503, malformed JSON, oversized body, redirect', async () => {
		sim.faults.set({ serverError: true });
		const down = await call('/fabrikam/_apis/connectionData');
		expect(down.status).toBe(503);
		expect(down.headers.get('content-type')).toMatch(/^text\/html/);
		sim.faults.set({ serverError: false, malformedJson: true });
		const bad = await call('/fabrikam/_apis/projects?api-version=7.1');
		expect(bad.status).toBe(200);
		expect(() => bad.json()).toThrow();
		sim.faults.set({ malformedJson: false, oversizedBody: true });
		const big = await call('/fabrikam/_apis/projects?api-version=7.1');
		expect(big.text.length).toBeGreaterThan(5_000_000);
		sim.faults.set({ oversizedBody: false, redirectTo: 'http://127.0.0.1:9' });
		const moved = await call('/fabrikam/_apis/projects?api-version=7.1');
		expect(moved.status).toBe(302);
		expect(moved.headers.get('location')).toBe(
			'http://127.0.0.1:9/fabrikam/_apis/projects?api-version=7.1'
		);
	});

	it('rate limit throttles the next N requests with Retry-After and X-RateLimit-*', async () => {
		sim.faults.set({ rateLimit: 2, retryAfterSeconds: 7 });
		for (let i = 0; i < 2; i++) {
			const r = await call('/fabrikam/_apis/projects?api-version=7.1');
			expect(r.status).toBe(429);
			expect(r.headers.get('retry-after')).toBe('7');
			expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
			expect(r.json().message).toMatch(/^TF400733/);
		}
		expect((await call('/fabrikam/_apis/projects?api-version=7.1')).status).toBe(200);
	});

	it('throttle delay keeps answering 200 but sends X-RateLimit-Delay and Retry-After', async () => {
		sim.faults.set({ throttleDelaySeconds: 1.5 });
		const r = await call('/fabrikam/_apis/projects?api-version=7.1');
		expect(r.status).toBe(200);
		expect(r.headers.get('x-ratelimit-delay')).toBe('1.500');
		expect(r.headers.get('retry-after')).toBe('2');
	});

	it('mutations: required field, renamed area, revoked token', async () => {
		sim.faults.set({
			requiredFields: [
				{ type: 'Bug', field: 'Microsoft.VSTS.Common.Severity', project: 'Fabrikam Fiber' }
			]
		});
		const fields = (
			await call('/fabrikam/Fabrikam%20Fiber/_apis/wit/workitemtypes/Bug/fields?api-version=7.1')
		).json().value;
		expect(
			fields.find(
				(f: { referenceName: string }) => f.referenceName === 'Microsoft.VSTS.Common.Severity'
			).alwaysRequired
		).toBe(true);
		expect(
			(await call(createPath('Fabrikam Fiber', 'Bug'), { body: [title] })).json().message
		).toMatch(/field Severity/);

		sim.faults.set({
			requiredFields: [],
			renamedAreas: [{ project: 'Fabrikam Fiber', path: 'Web', to: 'Website' }]
		});
		const old = await call(createPath('Fabrikam Fiber', 'Bug'), {
			body: [
				title,
				{ op: 'add', path: '/fields/System.AreaPath', value: 'Fabrikam Fiber\\Web\\Login' }
			]
		});
		expect(old.json().message).toMatch(/^TF401347/);
		const renamed = await call(createPath('Fabrikam Fiber', 'Bug'), {
			body: [
				title,
				{ op: 'add', path: '/fields/System.AreaPath', value: 'Fabrikam Fiber\\Website\\Login' }
			]
		});
		expect(renamed.status).toBe(200);

		sim.faults.set({ revokedTokens: ['least-privilege'] });
		expect((await call('/fabrikam/_apis/connectionData')).status).toBe(401);
	});

	it('mutations: a person who left after being picked is an unknown identity on create', async () => {
		const assign = {
			op: 'add',
			path: '/fields/System.AssignedTo',
			value: 'alice@fabrikam.example'
		};
		const teams =
			'/fabrikam/_apis/projects/Fabrikam%20Fiber/teams/Fabrikam%20Fiber%20Team/members?api-version=7.1';
		const members = async () =>
			(await call(teams))
				.json()
				.value.map((m: { identity: { uniqueName: string } }) => m.identity.uniqueName);
		expect(
			(await call(createPath('Fabrikam Fiber', 'Bug'), { body: [title, assign] })).status
		).toBe(200);
		expect(await members()).toContain('alice@fabrikam.example');

		sim.faults.set({ inactivePeople: ['alice@fabrikam.example'] });
		const refused = await call(createPath('Fabrikam Fiber', 'Bug'), { body: [title, assign] });
		expect(refused.status).toBe(400);
		expect(refused.json().message).toBe(
			"The identity value 'alice@fabrikam.example' for field 'Assigned To' is an unknown identity."
		);
		expect(await members()).not.toContain('alice@fabrikam.example');
		expect(await members()).toContain('bob@fabrikam.example');
	});

	it('HTTP control endpoint sets and resets faults', async () => {
		const bad = await fetch(`${sim.origin}/_simulator/faults`, {
			method: 'POST',
			body: JSON.stringify({ nope: 1 })
		});
		expect(bad.status).toBe(400);
		await bad.arrayBuffer();
		const set = await fetch(`${sim.origin}/_simulator/faults`, {
			method: 'POST',
			body: JSON.stringify({ serverError: true })
		});
		expect(set.status).toBe(200);
		await set.arrayBuffer();
		expect((await call('/fabrikam/_apis/connectionData')).status).toBe(503);
		const reset = await fetch(`${sim.origin}/_simulator/reset`, { method: 'POST' });
		await reset.arrayBuffer();
		expect((await call('/fabrikam/_apis/connectionData')).status).toBe(200);
	});
});

describe('request log', () => {
	it('records method, path, status and auth kind but never the token', async () => {
		sim.requests.reset();
		await call('/fabrikam/_apis/connectionData?api-version=7.1-preview.1');
		await call('/fabrikam/_apis/projects?api-version=7.1', { bearer: LP });
		await call('/fabrikam/_apis/projects?api-version=7.1', { token: null });
		expect(sim.requests.count()).toBe(3);
		expect(sim.requests.log()).toEqual([
			{
				method: 'GET',
				path: '/fabrikam/_apis/connectionData',
				status: 200,
				authorization: 'basic'
			},
			{ method: 'GET', path: '/fabrikam/_apis/projects', status: 401, authorization: 'bearer' },
			{ method: 'GET', path: '/fabrikam/_apis/projects', status: 401, authorization: 'none' }
		]);
		expect(JSON.stringify(sim.requests.log())).not.toContain(LP);
	});
});
