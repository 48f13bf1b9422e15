import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeName, ProbeRequest, ProbeResponse } from '$lib/domain/probe.schema';
import { probeResponseSchema } from '$lib/domain/probe.schema';
import { startSimulator, type Simulator } from '../../../simulator/simulator';
import { demoToken } from '../../../simulator/demo-tokens';
import { loopbackNetwork } from './loopback-network';
import type { Network } from './network';
import { runProbe } from './run-probe';
import type { ProbeContext } from './session';

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => {
	sim.faults.reset();
	sim.requests.reset();
});

type Req<P extends ProbeName> = Extract<ProbeRequest, { probe: P }>;

function ctx(overrides: Partial<ProbeContext> = {}): ProbeContext {
	return {
		network: loopbackNetwork(),
		servicesOrigin: sim.origin,
		signal: AbortSignal.timeout(10_000),
		crossCheckOrganizations: ['fabrikam', 'contoso-security'],
		...overrides
	};
}

async function probe<P extends ProbeName>(
	req: Req<P>,
	c: ProbeContext = ctx()
): Promise<ProbeResponse<P>> {
	const res = await runProbe(req, c);
	// Every answer honours the published contract.
	expect(probeResponseSchema(req.probe).safeParse(res).success).toBe(true);
	return res;
}

const pat = (id: Parameters<typeof demoToken>[0]) => ({
	auth_method: 'pat' as const,
	token: demoToken(id).token
});
const services = (organization = 'fabrikam', project?: string) => ({
	provider_key: 'azure_devops_services' as const,
	organization,
	...(project ? { project } : {})
});
const server = (path: string, project?: string) => ({
	provider_key: 'azure_devops_server' as const,
	base_url: `${sim.origin}/${path}`,
	...(project ? { project } : {})
});

function ok<P extends ProbeName>(res: ProbeResponse<P>) {
	if (!res.ok) throw new Error(`expected ok, got ${res.code}/${res.check ?? ''}`);
	return res.data;
}

describe('connection', () => {
	it('Services least privilege: hosted, not global, not too broad', async () => {
		const data = ok(
			await probe({ probe: 'connection', target: services(), credential: pat('least-privilege') })
		);
		expect(data).toMatchObject({
			deployment_type: 'hosted',
			api_version: '7.1',
			credential_global: false,
			credential_too_broad: false
		});
		expect(data.user.display_name).not.toBe('');
	});

	it('a global PAT is ok data with credential_global (rules refuse it)', async () => {
		const data = ok(
			await probe({ probe: 'connection', target: services(), credential: pat('global') })
		);
		expect(data.credential_global).toBe(true);
	});

	it('a full-access PAT is flagged too broad', async () => {
		const data = ok(
			await probe({ probe: 'connection', target: services(), credential: pat('full-access') })
		);
		expect(data).toMatchObject({ credential_too_broad: true, credential_global: false });
	});

	it.each([
		['expired', pat('expired'), 'credential-expired'],
		['revoked', pat('revoked'), 'credential-rejected'],
		[
			'PAT sent as Bearer',
			{ auth_method: 'oauth' as const, token: demoToken('least-privilege').token },
			'credential-rejected'
		],
		['token of another organization', pat('least-privilege-contoso'), 'credential-rejected']
	])('%s → PROVIDER_AUTH_REQUIRED', async (_name, credential, check) => {
		const res = await probe({ probe: 'connection', target: services(), credential });
		expect(res).toMatchObject({ ok: false, code: 'PROVIDER_AUTH_REQUIRED', check });
	});

	it('a 203 sign-in page (Suppress stripped on the way) → PROVIDER_AUTH_REQUIRED', async () => {
		const base = loopbackNetwork();
		const stripping: Network = {
			assess: base.assess,
			connect(target) {
				const t = base.connect(target);
				return {
					request: (url, init) => {
						const headers = { ...init.headers };
						delete headers['x-tfs-fedauthredirect'];
						return t.request(url, { ...init, headers });
					},
					close: () => t.close()
				};
			}
		};
		const res = await probe(
			{ probe: 'connection', target: services(), credential: pat('revoked') },
			ctx({ network: stripping })
		);
		expect(res).toMatchObject({ ok: false, code: 'PROVIDER_AUTH_REQUIRED', check: 'sign-in-page' });
	});

	it.each([
		['ado/DefaultCollection', '7.1', 'Azure DevOps Server'],
		['ado2022/DefaultCollection', '7.0', 'Azure DevOps Server 2022'],
		['ado2020/DefaultCollection', '6.1', 'Azure DevOps Server 2020'],
		['ado2019/DefaultCollection', '5.1', 'Azure DevOps Server 2019']
	])('Server %s: ceiling %s detected (%s)', async (path, version, release) => {
		const data = ok(
			await probe({ probe: 'connection', target: server(path), credential: pat('least-privilege') })
		);
		expect(data).toMatchObject({
			deployment_type: 'onPremises',
			api_version: version,
			server_release: release,
			credential_global: false
		});
	});

	it('TFS 2018 → PROVIDER_API_VERSION_UNSUPPORTED', async () => {
		const res = await probe({
			probe: 'connection',
			target: server('tfs2018/DefaultCollection'),
			credential: pat('least-privilege')
		});
		expect(res).toMatchObject({ ok: false, code: 'PROVIDER_API_VERSION_UNSUPPORTED' });
	});

	it('a Services organization entered as a Server URL fails ownership', async () => {
		const res = await probe({
			probe: 'connection',
			target: server('fabrikam'),
			credential: pat('least-privilege')
		});
		expect(res).toMatchObject({ ok: false, code: 'PROVIDER_BASE_URL_BLOCKED', check: 'ownership' });
	});

	it('Server refuses OAuth', async () => {
		const res = await probe({
			probe: 'connection',
			target: server('ado/DefaultCollection'),
			credential: { auth_method: 'oauth', token: 'eyJ.x.y' }
		});
		expect(res).toMatchObject({
			ok: false,
			code: 'PROVIDER_AUTH_REQUIRED',
			check: 'server-requires-pat'
		});
	});
});

describe('faults', () => {
	const req = () => ({
		probe: 'projects' as const,
		target: services(),
		credential: pat('least-privilege')
	});

	it('rate limit → PROVIDER_RATE_LIMITED with retry_after', async () => {
		sim.faults.set({ rateLimit: 5, retryAfterSeconds: 42 });
		expect(await probe(req())).toMatchObject({
			ok: false,
			code: 'PROVIDER_RATE_LIMITED',
			retry_after: 42
		});
	});
	it('5xx → PROVIDER_BASE_URL_UNREACHABLE', async () => {
		sim.faults.set({ serverError: true });
		expect(await probe(req())).toMatchObject({
			ok: false,
			code: 'PROVIDER_BASE_URL_UNREACHABLE',
			check: 'upstream-server-error'
		});
	});
	it('malformed JSON → PROVIDER_BASE_URL_UNREACHABLE', async () => {
		sim.faults.set({ malformedJson: true });
		expect(await probe(req())).toMatchObject({
			ok: false,
			code: 'PROVIDER_BASE_URL_UNREACHABLE',
			check: 'malformed-response'
		});
	});
	it('oversized body → PROVIDER_BASE_URL_UNREACHABLE', async () => {
		sim.faults.set({ oversizedBody: true });
		expect(await probe(req())).toMatchObject({
			ok: false,
			code: 'PROVIDER_BASE_URL_UNREACHABLE',
			check: 'response-too-large'
		});
	});
	it('cross-origin redirect → PROVIDER_BASE_URL_BLOCKED', async () => {
		sim.faults.set({ redirectTo: 'http://127.0.0.1:9' });
		expect(await probe(req())).toMatchObject({
			ok: false,
			code: 'PROVIDER_BASE_URL_BLOCKED',
			check: 'redirect'
		});
	});
	it('hang → ends at the time limit', async () => {
		sim.faults.set({ hang: true });
		const started = performance.now();
		const res = await probe(req(), ctx({ signal: AbortSignal.timeout(500) }));
		expect(res).toMatchObject({ ok: false, code: 'PROVIDER_BASE_URL_UNREACHABLE' });
		expect(performance.now() - started).toBeLessThan(1500);
	});
});

describe('base-url', () => {
	it('Server: unauthenticated 401 with realm → reachable, looks like Azure DevOps, allowlisted', async () => {
		const data = ok(
			await probe({ probe: 'base-url', target: server('ado2022/DefaultCollection') })
		);
		expect(data).toMatchObject({
			reachable: true,
			looks_like_azure_devops: true,
			address_class: 'loopback',
			allowlist_match: true,
			tls: 'not_applicable',
			suggested_allowlist_status: 'allowlisted'
		});
		expect(sim.requests.log().every((r) => r.authorization === 'none')).toBe(true);
	});
	it('Services: not_required', async () => {
		const data = ok(await probe({ probe: 'base-url', target: services() }));
		expect(data).toMatchObject({
			host: 'dev.azure.com',
			suggested_allowlist_status: 'not_required',
			reachable: true
		});
	});
	it('unreachable server → reachable:false, unreachable', async () => {
		const data = ok(
			await probe({
				probe: 'base-url',
				target: {
					provider_key: 'azure_devops_server',
					base_url: 'http://127.0.0.1:9/tfs/DefaultCollection'
				}
			})
		);
		expect(data).toMatchObject({ reachable: false, suggested_allowlist_status: 'unreachable' });
	});
});

describe('projects', () => {
	it('reads every page across > 100 projects ($skip pages after a full first page)', async () => {
		const data = ok(
			await probe({
				probe: 'projects',
				target: server('ado2022/BigCollection'),
				credential: pat('least-privilege-big')
			})
		);
		expect(data.projects.length).toBe(251);
		expect(data.pages).toBe(3);
		expect(data.complete).toBe(true);
		expect(new Set(data.projects.map((p) => p.id)).size).toBe(251);
	});
	it('lists 5,001 projects of big-org complete, the pages after the first asked at once', async () => {
		const res = await probe({
			probe: 'projects',
			target: services('big-org'),
			credential: pat('least-privilege-big')
		});
		const data = ok(res);
		expect(data).toMatchObject({ pages: 51, complete: true });
		expect(data.projects).toHaveLength(5001);
		expect(new Set(data.projects.map((p) => p.id)).size).toBe(5001);
		const lists = sim.requests
			.log()
			.filter((r) => r.method === 'GET' && /_apis\/projects$/.test(r.path));
		// The last page is known only when it comes back: at most a round of 15 empty pages past it.
		expect(lists.length).toBeGreaterThanOrEqual(51);
		expect(lists.length).toBeLessThanOrEqual(51 + 15);
	});
	it('stops at the safety cap with complete:false', async () => {
		const data = ok(
			await probe(
				{
					probe: 'projects',
					target: server('ado2022/BigCollection'),
					credential: pat('least-privilege-big')
				},
				ctx({ maxProjectPages: 2 })
			)
		);
		expect(data).toMatchObject({ pages: 2, complete: false });
		expect(data.projects.length).toBe(200);
	});
	it('exact-name lookup finds one project, or none', async () => {
		const found = ok(
			await probe({
				probe: 'projects',
				target: services(),
				credential: pat('least-privilege'),
				params: { name: 'Fabrikam Fiber' }
			})
		);
		expect(found.projects.map((p) => p.name)).toEqual(['Fabrikam Fiber']);
		const missing = ok(
			await probe({
				probe: 'projects',
				target: services(),
				credential: pat('least-privilege'),
				params: { name: 'No Such Project' }
			})
		);
		expect(missing.projects).toEqual([]);
	});
});

describe('discovery', () => {
	it('Agile project: Bug recommended, Repro Steps, hidden types removed, route discovery then two waves', async () => {
		const res = await probe({
			probe: 'discovery',
			target: services('fabrikam', 'Fabrikam Fiber'),
			credential: pat('least-privilege')
		});
		const data = ok(res);
		expect(data.process).toMatchObject({
			name: 'Agile',
			kind: 'system',
			template_type_id: 'adcc42ab-9882-485e-a3ed-7678f01f66bc'
		});
		expect(data.recommended_type).toBe('Bug');
		const bug = data.work_item_types.find((t) => t.name === 'Bug');
		expect(bug?.description_field).toBe('Microsoft.VSTS.TCM.ReproSteps');
		expect(data.work_item_types.find((t) => t.name === 'Task')?.description_field).toBe(
			'System.Description'
		);
		expect(data.work_item_types.map((t) => t.name)).not.toContain('Test Plan');
		const title = bug?.fields.find((f) => f.reference_name === 'System.Title');
		expect(title).toMatchObject({ always_required: true, filled_by_server: false });
		expect(bug?.fields.find((f) => f.reference_name === 'System.State')?.filled_by_server).toBe(
			true
		);
		expect(
			bug?.fields.find((f) => f.reference_name === 'Microsoft.VSTS.Common.Priority')?.allowed_values
		).toEqual(['1', '2', '3', '4']);
		expect(data.areas.path).toBe('Fabrikam Fiber');
		expect(data.areas.children?.map((c) => c.path)).toContain('Fabrikam Fiber\\Web');
		// One round of OPTIONS per area (route discovery, in parallel), then the two waves.
		expect(data.round_trips).toBe(3);
		expect(data.team_default_area).toBe('Fabrikam Fiber\\Web');
		expect(data.team_default_iteration).toBe('Fabrikam Fiber\\Sprint 2');
		// Independent reads go out in parallel: 3 sequential rounds for all requests.
		expect(res.ok && res.diagnostics.requests?.length).toBe(sim.requests.count());
	});
	it('Basic project recommends Issue', async () => {
		const data = ok(
			await probe({
				probe: 'discovery',
				target: services('fabrikam', 'Fabrikam Basic'),
				credential: pat('least-privilege')
			})
		);
		expect(data.recommended_type).toBe('Issue');
	});
	it('inherited process is reported as inherited with its required custom field', async () => {
		const data = ok(
			await probe({
				probe: 'discovery',
				target: services('fabrikam', 'Fabrikam Security'),
				credential: pat('least-privilege')
			})
		);
		expect(data.process.kind).toBe('inherited');
		const bug = data.work_item_types.find((t) => t.name === 'Bug');
		expect(bug?.fields.find((f) => f.reference_name === 'Custom.SecurityTeam')).toMatchObject({
			always_required: true,
			filled_by_server: false
		});
	});
	it.each([
		'ado/DefaultCollection',
		'ado2022/DefaultCollection',
		'ado2020/DefaultCollection',
		'ado2019/DefaultCollection'
	])('Server %s: route discovery then two waves, no retry', async (path) => {
		const data = ok(
			await probe({
				probe: 'discovery',
				target: server(path, 'Fabrikam Fiber'),
				credential: pat('least-privilege')
			})
		);
		expect(data.recommended_type).toBe('Bug');
		expect(data.round_trips).toBe(3);
		expect(sim.requests.log().every((r) => r.status === 200)).toBe(true);
	});
	it('TFS 2018 discovery → PROVIDER_API_VERSION_UNSUPPORTED', async () => {
		const res = await probe({
			probe: 'discovery',
			target: server('tfs2018/DefaultCollection', 'Fabrikam Fiber'),
			credential: pat('least-privilege')
		});
		expect(res).toMatchObject({ ok: false, code: 'PROVIDER_API_VERSION_UNSUPPORTED' });
	});
	it('unknown project → PROVIDER_PROJECT_REQUIRED', async () => {
		const res = await probe({
			probe: 'discovery',
			target: services('fabrikam', 'Nope'),
			credential: pat('least-privilege')
		});
		expect(res).toMatchObject({ ok: false, code: 'PROVIDER_PROJECT_REQUIRED' });
	});
});

describe('identities', () => {
	it('finds people by e-mail on the identity host', async () => {
		const data = ok(
			await probe({
				probe: 'identities',
				target: services(),
				credential: pat('full-access'),
				params: { query: 'alice@fabrikam.example' }
			})
		);
		expect(data.identities).toEqual([
			expect.objectContaining({
				display_name: 'Alice Ahmed',
				unique_name: 'alice@fabrikam.example'
			})
		]);
		expect(sim.requests.log().some((r) => r.path.startsWith('/_vssps/fabrikam/'))).toBe(true);
	});
	it('Server searches under the collection', async () => {
		const data = ok(
			await probe({
				probe: 'identities',
				target: server('ado/DefaultCollection'),
				credential: pat('full-access'),
				params: { query: 'Bob' }
			})
		);
		expect(data.identities.map((i) => i.display_name)).toContain('Bob Brennan');
	});
	it('without vso.identity and without a project → PROVIDER_SCOPE_UNAVAILABLE', async () => {
		const res = await probe({
			probe: 'identities',
			target: services(),
			credential: pat('least-privilege'),
			params: { query: 'alice@fabrikam.example' }
		});
		expect(res).toMatchObject({ ok: false, code: 'PROVIDER_SCOPE_UNAVAILABLE' });
	});
	it('without vso.identity but with a project → default team members', async () => {
		const data = ok(
			await probe({
				probe: 'identities',
				target: services('fabrikam', 'Fabrikam Fiber'),
				credential: pat('least-privilege'),
				params: { query: 'alice@fabrikam.example' }
			})
		);
		expect(data.identities).toEqual([
			expect.objectContaining({
				display_name: 'Alice Ahmed',
				unique_name: 'alice@fabrikam.example'
			})
		]);
		const inactive = ok(
			await probe({
				probe: 'identities',
				target: services('fabrikam', 'Fabrikam Fiber'),
				credential: pat('least-privilege'),
				params: { query: 'dana@fabrikam.example' }
			})
		);
		expect(inactive.identities).toEqual([]);
	});
});

const mapping = {
	work_item_type: 'Bug',
	area_path: 'Fabrikam Fiber\\Web',
	iteration_path: 'Fabrikam Fiber\\Sprint 1',
	priority: 2,
	severity: '2 - High'
};

describe('capabilities', () => {
	it('least privilege: all granted, nothing extra', async () => {
		const data = ok(
			await probe({
				probe: 'capabilities',
				target: services('fabrikam', 'Fabrikam Fiber'),
				credential: pat('least-privilege'),
				params: mapping
			})
		);
		expect(data).toEqual({
			granted: ['project_read', 'work_read', 'work_write'],
			missing: [],
			extra_access: [],
			recommended_scopes: []
		});
	});
	it('read only: work_write missing', async () => {
		const data = ok(
			await probe({
				probe: 'capabilities',
				target: services('fabrikam', 'Fabrikam Fiber'),
				credential: pat('read-only'),
				params: mapping
			})
		);
		expect(data.missing).toEqual(['work_write']);
		expect(data.recommended_scopes).toEqual(['vso.work_write', 'vso.project']);
	});
	it('full access: code and build reachable', async () => {
		const data = ok(
			await probe({
				probe: 'capabilities',
				target: services('fabrikam', 'Fabrikam Fiber'),
				credential: pat('full-access'),
				params: mapping
			})
		);
		expect(data.extra_access).toEqual(['vso.code', 'vso.build']);
	});
	it('restricted area: work_write missing', async () => {
		const data = ok(
			await probe({
				probe: 'capabilities',
				target: services('fabrikam', 'Fabrikam Fiber'),
				credential: pat('least-privilege'),
				params: { ...mapping, area_path: 'Fabrikam Fiber\\Restricted' }
			})
		);
		expect(data.missing).toEqual(['work_write']);
	});
});

describe('preflight', () => {
	it('a fitting mapping is valid, and nothing is created', async () => {
		const data = ok(
			await probe({
				probe: 'preflight',
				target: services('fabrikam', 'Fabrikam Fiber'),
				credential: pat('least-privilege'),
				params: { ...mapping, assignee: 'alice@fabrikam.example' }
			})
		);
		expect(data.valid).toBe(true);
		expect(data.operations.map((o) => o.path)).toContain('/fields/Microsoft.VSTS.TCM.ReproSteps');
		expect(
			data.operations.find((o) => o.path === '/fields/Microsoft.VSTS.Common.Priority')?.value
		).toBe(2);
	});
	it.each([
		['unknown area', { area_path: 'Fabrikam Fiber\\Nowhere' }, 'System.AreaPath'],
		['restricted area', { area_path: 'Fabrikam Fiber\\Restricted' }, 'System.AreaPath'],
		['unknown assignee', { assignee: 'dana@fabrikam.example' }, 'System.AssignedTo'],
		['severity not allowed', { severity: '9 - Whatever' }, 'Microsoft.VSTS.Common.Severity'],
		['unknown type', { work_item_type: 'Nope' }, 'work_item_type']
	])('%s → valid:false naming %s', async (_name, change, field) => {
		const data = ok(
			await probe({
				probe: 'preflight',
				target: services('fabrikam', 'Fabrikam Fiber'),
				credential: pat('least-privilege'),
				params: { ...mapping, ...change }
			})
		);
		expect(data.valid).toBe(false);
		expect(data.problems.map((p) => p.field)).toContain(field);
		for (const p of data.problems) expect(p.fix.length).toBeGreaterThan(0);
	});
	it('an assignee Azure DevOps does not know is named in the problem', async () => {
		const data = ok(
			await probe({
				probe: 'preflight',
				target: services('fabrikam', 'Fabrikam Fiber'),
				credential: pat('least-privilege'),
				params: { ...mapping, assignee: 'dana@fabrikam.example' }
			})
		);
		const problem = data.problems.find((p) => p.field === 'System.AssignedTo');
		expect(problem?.message).toContain('dana@fabrikam.example');
		expect(problem?.fix).toMatch(/Team default or Unassigned/);
	});
	it('inherited required field without a value → problem naming it', async () => {
		const data = ok(
			await probe({
				probe: 'preflight',
				target: services('fabrikam', 'Fabrikam Security'),
				credential: pat('least-privilege'),
				params: {
					...mapping,
					area_path: 'Fabrikam Security\\Web',
					iteration_path: 'Fabrikam Security\\Sprint 1'
				}
			})
		);
		expect(data.valid).toBe(false);
		expect(data.problems.map((p) => p.field)).toContain('Custom.SecurityTeam');
	});
	it('read-only token → PROVIDER_SCOPE_UNAVAILABLE', async () => {
		const res = await probe({
			probe: 'preflight',
			target: services('fabrikam', 'Fabrikam Fiber'),
			credential: pat('read-only'),
			params: mapping
		});
		expect(res).toMatchObject({ ok: false, code: 'PROVIDER_SCOPE_UNAVAILABLE' });
	});
});
