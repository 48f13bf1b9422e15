import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeRequest } from '$lib/domain/probe.schema';
import { demoToken } from '../../../simulator/demo-tokens';
import { startSimulator, type Simulator } from '../../../simulator/simulator';
import { AdoError } from './errors';
import { loopbackNetwork } from './loopback-network';
import type { Network } from './network';
import { runProbe } from './run-probe';
import type { ProbeContext } from './session';
import { bodyText, type TransportResponse } from './transport';
import { apiUrl, pathSegment, segmentProblem, serverUrls, type SegmentKind } from './urls';

// Every value placed in an Azure DevOps path, whether the admin typed it or an upstream answer
// supplied it, is validated for its kind and encoded: no spelling of a dot segment or separator
// moves a request (and the token with it) out of the collection or project path. The requests
// are observed at the transport, as the client really sends them.

/** Spellings that climb, cut or end a path in one parser or another. */
const HOSTILE = [
	'.',
	'..',
	'...',
	'%2e',
	'%2e%2e',
	'%2E%2E',
	'.%2e',
	'%2e.',
	'/',
	'\\',
	'%2f',
	'%2F',
	'%5c',
	'../_apis',
	'..%2f_apis',
	'..\\_apis',
	'a/../..',
	'?',
	'#',
	'x?api-version=1',
	'x#frag',
	'\u3002\u3002', // ideographic full stops
	'\uff0e\uff0e', // fullwidth full stops
	'\uff61\uff61', // halfwidth ideographic full stops
	'\u2024\u2024', // one dot leaders
	'..\u0000',
	'\t..',
	'\ud800',
	''
];

const KINDS: SegmentKind[] = [
	'organization',
	'collection',
	'project',
	'work-item-type',
	'team-id',
	'process-id',
	'node-name',
	'integer-id'
];

const VALID: Record<SegmentKind, string[]> = {
	organization: ['fabrikam', 'contoso-security', 'A1'],
	collection: ['DefaultCollection', 'Default Collection'],
	project: ['Fabrikam Fiber', 'Web.App', 'Über Projekt', '66df9be7-3586-467b-9c5f-425b29afedfd'],
	'work-item-type': ['Bug', 'Product Backlog Item', 'Test Case', 'Risk (custom)'],
	'team-id': ['66df9be7-3586-467b-9c5f-425b29afedfd'],
	'process-id': ['adcc42ab-9882-485e-a3ed-7678f01f66bc', 'ADCC42AB-9882-485E-A3ED-7678F01F66BC'],
	'node-name': ['Web', 'Sprint 1', 'v1.2', 'Équipe'],
	'integer-id': ['1', '42', '2147483647']
};

/** Values that may stand in a segment of that kind although they are not hostile in another. */
const PLAIN_UNICODE_OK: Partial<Record<SegmentKind, string[]>> = {
	project: ['\u3002\u3002', '\uff0e\uff0e', '\uff61\uff61', '\u2024\u2024'],
	collection: ['\u3002\u3002', '\uff0e\uff0e', '\uff61\uff61', '\u2024\u2024'],
	'work-item-type': ['\u3002\u3002', '\uff0e\uff0e', '\uff61\uff61', '\u2024\u2024'],
	'node-name': ['\u3002\u3002', '\uff0e\uff0e', '\uff61\uff61', '\u2024\u2024']
};

const BASE = new URL('https://devops.example.com/tfs/DefaultCollection/');

describe('path segments by kind', () => {
	for (const kind of KINDS) {
		it.each(VALID[kind])(`${kind}: %j is accepted and encoded`, (value) => {
			expect(segmentProblem(kind, value)).toBeNull();
			expect(pathSegment(kind, value)).toBe(encodeURIComponent(value));
		});

		const cases = HOSTILE.map((value) => [JSON.stringify(value), value] as const);
		it.each(cases)(`${kind}: %s never leaves the collection`, (_name, value) => {
			const allowed = PLAIN_UNICODE_OK[kind]?.includes(value) ?? false;
			if (!allowed) {
				expect(segmentProblem(kind, value)).not.toBeNull();
				expect(() => pathSegment(kind, value)).toThrow(AdoError);
				return;
			}
			// Unicode dots are letters to every URL parser: encoded, they stay one segment.
			const segment = pathSegment(kind, value);
			const url = apiUrl(BASE, `${segment}/_apis/wit/workitemtypes`);
			expect(url.pathname).toBe(`${BASE.pathname}${segment}/_apis/wit/workitemtypes`);
		});
	}

	it.each([
		'../_apis/projects',
		'../../_apis',
		'%2e%2e/_apis',
		'.%2E/_apis',
		'./../x',
		'\\\\evil.example/x',
		'https://evil.example/x',
		'x/../../y',
		'a#b'
	])('apiUrl refuses a path %j that resolves outside the base', (path) => {
		expect(() => apiUrl(BASE, path)).toThrow(AdoError);
	});

	it.each([
		'https://devops.example.com/tfs/Default%2fCollection',
		'https://devops.example.com/tfs/Default%5CCollection',
		'https://devops.example.com/tfs/%2e%2e%2fx/Coll',
		'https://devops.example.com/%2E/Coll'
	])('serverUrls refuses an encoded separator or dot in %s', (base_url) => {
		let thrown: unknown;
		try {
			const urls = serverUrls({ provider_key: 'azure_devops_server', base_url });
			// Resolved dot segments are fine, as long as nothing encoded is left to decode later.
			expect(urls.collection.pathname).not.toMatch(/%2e|%2f|%5c/i);
		} catch (error) {
			thrown = error;
		}
		if (thrown) expect(thrown).toBeInstanceOf(AdoError);
	});
});

// ---- through the real probes, observed at the transport ------------------------------------------

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
	await sim.close();
});

type Rewrite = (pathname: string, json: Record<string, unknown>) => void;

/** The simulator behind a transport that records every URL and lets a test spoil answers. */
function hostile(rewrite?: Rewrite): { network: Network; sent: URL[] } {
	const sent: URL[] = [];
	const loop = loopbackNetwork();
	const network: Network = {
		assess: (input, context) => loop.assess(input, context),
		connect(target) {
			const inner = loop.connect(target);
			return {
				request: async (url, init) => {
					const u = new URL(url);
					sent.push(u);
					const res: TransportResponse = await inner.request(url, init);
					if (!rewrite) return res;
					try {
						const json = JSON.parse(bodyText(res.body)) as Record<string, unknown>;
						rewrite(u.pathname, json);
						return { ...res, body: JSON.stringify(json) };
					} catch {
						return res;
					}
				},
				close: () => inner.close()
			};
		}
	};
	return { network, sent };
}

const COLLECTION = '/ado2022/DefaultCollection/';
const PROJECT = 'Fabrikam Fiber';
const lp = () => ({ auth_method: 'pat' as const, token: demoToken('least-privilege').token });
const full = () => ({ auth_method: 'pat' as const, token: demoToken('full-access').token });
const target = (project?: string) => ({
	provider_key: 'azure_devops_server' as const,
	base_url: `${sim.origin}/ado2022/DefaultCollection`,
	...(project !== undefined ? { project } : {})
});
const ctx = (network: Network): ProbeContext => ({
	network,
	signal: AbortSignal.timeout(15_000)
});
const mapping = (work_item_type: string) => ({
	work_item_type,
	area_path: 'Fabrikam Fiber\\Web',
	iteration_path: 'Fabrikam Fiber\\Sprint 1',
	priority: 2
});

/** Every request stayed under the collection; project-scoped ones under the chosen project. */
function expectInside(sent: URL[]): void {
	for (const url of sent) {
		expect(url.pathname.startsWith(COLLECTION), url.pathname).toBe(true);
		const rest = url.pathname.slice(COLLECTION.length).split('/');
		expect(
			rest.some((s) => /^(\.|%2e){1,2}$/i.test(s)),
			url.pathname
		).toBe(false);
	}
}

const SEGMENT_HOSTILE = HOSTILE.filter((v) => !['', '\ud800'].includes(v));

describe('values the admin chose, through the probes', () => {
	it.each(SEGMENT_HOSTILE.map((v) => [JSON.stringify(v), v] as const))(
		'project %s',
		async (_name, project) => {
			const refused = segmentProblem('project', project) !== null;
			for (const req of [
				{ probe: 'discovery', target: target(project), credential: lp() },
				{ probe: 'preflight', target: target(project), credential: lp(), params: mapping('Bug') },
				{
					probe: 'capabilities',
					target: target(project),
					credential: full(),
					params: mapping('Bug')
				}
			] as ProbeRequest[]) {
				const { network, sent } = hostile();
				const res = await runProbe(req, ctx(network));
				expectInside(sent);
				// Refused before any request: nothing was sent, the answer says which project.
				if (refused) {
					expect(sent).toEqual([]);
					expect(res).toMatchObject({ ok: false, code: 'PROVIDER_PROJECT_REQUIRED' });
				}
			}
			const { network, sent } = hostile();
			const res = await runProbe(
				{ probe: 'projects', target: target(), credential: lp(), params: { name: project } },
				ctx(network)
			);
			expectInside(sent);
			if (refused) {
				expect(sent.some((u) => u.pathname.includes('/_apis/projects/'))).toBe(false);
				expect(res).toMatchObject({ ok: true, data: { projects: [] } });
			}
		}
	);

	it.each(SEGMENT_HOSTILE.map((v) => [JSON.stringify(v), v] as const))(
		'work item type %s',
		async (_name, type) => {
			for (const req of [
				{
					probe: 'capabilities',
					target: target(PROJECT),
					credential: full(),
					params: mapping(type)
				},
				{ probe: 'preflight', target: target(PROJECT), credential: lp(), params: mapping(type) }
			] as ProbeRequest[]) {
				const { network, sent } = hostile();
				const res = await runProbe(req, ctx(network));
				expectInside(sent);
				for (const url of sent) {
					if (url.pathname.includes('/workitemtypes/') || url.pathname.includes('/workitems/'))
						expect(url.pathname.startsWith(`${COLLECTION}Fabrikam%20Fiber/_apis/wit/`)).toBe(true);
				}
				// capabilities refuses; preflight answers that the type cannot be used.
				if (segmentProblem('work-item-type', type) === null) continue;
				if (req.probe === 'capabilities')
					expect(res).toMatchObject({ ok: false, code: 'TICKET_EXPORT_MAPPING_REQUIRED' });
				else expect(res).toMatchObject({ ok: true, data: { valid: false } });
			}
		}
	);
});

describe('ids and names from upstream answers, through the probes', () => {
	const projectRecord = /\/_apis\/projects\/(Fabrikam%20Fiber|[0-9a-f-]{36})$/;

	it.each(SEGMENT_HOSTILE.map((v) => [JSON.stringify(v), v] as const))(
		'templateTypeId %s',
		async (_name, value) => {
			const { network, sent } = hostile((pathname, json) => {
				if (!projectRecord.test(pathname)) return;
				const caps = json.capabilities as { processTemplate?: Record<string, unknown> };
				if (caps?.processTemplate) caps.processTemplate.templateTypeId = value;
			});
			const res = await runProbe(
				{ probe: 'discovery', target: target(PROJECT), credential: lp() } as ProbeRequest,
				ctx(network)
			);
			expectInside(sent);
			expect(sent.some((u) => u.pathname.includes('/_apis/work/processes/'))).toBe(false);
			expect(res).toMatchObject({ ok: false, check: 'malformed-response' });
		}
	);

	it.each(SEGMENT_HOSTILE.map((v) => [JSON.stringify(v), v] as const))(
		'default team id %s',
		async (_name, value) => {
			const { network, sent } = hostile((pathname, json) => {
				if (projectRecord.test(pathname)) json.defaultTeam = { id: value, name: 'x' };
			});
			const res = await runProbe(
				{
					probe: 'identities',
					target: target(PROJECT),
					credential: lp(),
					params: { query: 'alice@fabrikam.example' }
				} as ProbeRequest,
				ctx(network)
			);
			expectInside(sent);
			expect(sent.some((u) => u.pathname.includes('/teams/'))).toBe(false);
			expect(res).toMatchObject({ ok: false, check: 'malformed-response' });
		}
	);

	it.each(SEGMENT_HOSTILE.map((v) => [JSON.stringify(v), v] as const))(
		'area node name %s of a tree cut short',
		async (_name, value) => {
			const { network, sent } = hostile((pathname, json) => {
				if (!pathname.endsWith('/_apis/wit/classificationnodes/areas')) return;
				json.children = [{ id: 999, name: value, structureType: 'area', hasChildren: true }];
			});
			const res = await runProbe(
				{ probe: 'discovery', target: target(PROJECT), credential: lp() } as ProbeRequest,
				ctx(network)
			);
			expectInside(sent);
			for (const url of sent) {
				if (url.pathname.includes('/classificationnodes/areas/'))
					expect(url.pathname.startsWith(`${COLLECTION}Fabrikam%20Fiber/_apis/wit/`)).toBe(true);
			}
			const allowed = PLAIN_UNICODE_OK['node-name']?.includes(value) ?? false;
			if (!allowed) expect(res).toMatchObject({ ok: false, check: 'malformed-response' });
		}
	);
});
