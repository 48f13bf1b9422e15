import type {
	BaseUrlData,
	CapabilitiesData,
	ClassificationNode,
	ConnectionData,
	DiscoveryData,
	FieldInfo,
	IdentitiesData,
	MappingParams,
	PreflightData,
	ProbeData,
	ProbeName,
	ProbeRequest,
	ProjectSummary,
	ProjectsData,
	WorkItemTypeInfo
} from '$lib/domain/probe.schema';
import { mappingProblemText } from '$lib/domain/mapping-problems';
import {
	FULL_ACCESS_SCOPE,
	REQUIRED_SCOPES,
	SCOPE_IMPLIES,
	type CapabilityId
} from '$lib/domain/scopes';
import { listValue, objectValue, type AdoClient } from './client';
import { AdoError, asWrappedException } from './errors';
import { openSession, type ProbeContext, type Session } from './session';
import { headerValue } from './transport';
import { projectSegment, workItemTypeSegment, type ServicesUrls } from './urls';
import {
	majorMinor,
	PROBE_API_VERSION,
	serverRelease,
	SERVICES_API_VERSION,
	versionFromContentType
} from './versions';
import { versionCeiling } from './errors';

type Req<P extends ProbeName> = Extract<ProbeRequest, { probe: P }>;

export interface ProbeOutcome<P extends ProbeName> {
	data: ProbeData<P>;
	session: Session;
	/** Sequential request waves, reported by discovery. */
	waves?: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
	v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function requireProject(req: { target: { project?: string | undefined } }): string {
	if (!req.target.project) throw new AdoError('PROVIDER_PROJECT_REQUIRED', 'project-missing');
	return req.target.project;
}

// ---- base-url ---------------------------------------------------------------------------------

/**
 * No credential: url-safety facts plus one unauthenticated call. An Azure DevOps deployment
 * answers 401 with an auth realm; any HTTP answer proves reachability. Connection failures are
 * data (reachable:false), TLS failures a PROVIDER_TLS_UNTRUSTED answer.
 */
export async function baseUrlProbe(
	req: Req<'base-url'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'base-url'>> {
	const session = await openSession(req, ctx);
	const { urls, entered, effective, client } = session;
	let reachable = true;
	let looks = false;
	try {
		const result = await client.call(urls.collection, 'GET', '_apis/connectionData', {
			version: null,
			allow: [401, 404]
		});
		const realm = headerValue(result.headers, 'www-authenticate') ?? '';
		looks =
			/realm|Bearer|TFS-Federated|NTLM|Negotiate/i.test(realm) ||
			headerValue(result.headers, 'x-tfs-serviceerror') !== undefined ||
			headerValue(result.headers, 'x-vss-e2eid') !== undefined ||
			headerValue(result.headers, 'activityid') !== undefined ||
			str(obj(result.json).deploymentType) !== undefined;
	} catch (error) {
		if (!(error instanceof AdoError)) throw error;
		if (error.code === 'PROVIDER_TLS_UNTRUSTED' || error.code === 'PROVIDER_BASE_URL_BLOCKED')
			throw error;
		// An HTML sign-in page still proves something answered.
		if (error.code === 'PROVIDER_AUTH_REQUIRED') looks = true;
		else if (
			error.code === 'PROVIDER_BASE_URL_UNREACHABLE' &&
			error.check !== 'upstream-server-error'
		)
			reachable = false;
	}
	const services = urls.kind === 'services';
	const data: BaseUrlData = {
		url: (services ? urls.public_url : urls.collection).href,
		host: entered.url.hostname,
		address_class: entered.address_class,
		allowlist_match: services ? effective.allowlist_match && urls.demo : entered.allowlist_match,
		tls: effective.url.protocol === 'https:' ? 'trusted' : 'not_applicable',
		reachable,
		suggested_allowlist_status: services
			? 'not_required'
			: !reachable
				? 'unreachable'
				: entered.address_class === 'public'
					? 'direct'
					: 'allowlisted',
		looks_like_azure_devops: looks
	};
	return { data, session };
}

// ---- connection -------------------------------------------------------------------------------

/** Scopes from an Entra/OAuth JWT (`scp`), when the token is one; never validated, only read. */
export function jwtScopes(token: string): string[] | undefined {
	const parts = token.split('.');
	if (parts.length !== 3 || !parts[1]) return undefined;
	try {
		const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as {
			scp?: unknown;
		};
		if (typeof payload.scp !== 'string') return undefined;
		return payload.scp.split(/\s+/).filter(Boolean);
	} catch {
		return undefined;
	}
}

function scopesTooBroad(scopes: readonly string[]): boolean {
	const allowed = new Set<string>(['offline_access', 'openid', 'profile', 'email']);
	for (const s of REQUIRED_SCOPES) {
		allowed.add(s);
		for (const implied of SCOPE_IMPLIES[s] ?? []) allowed.add(implied);
	}
	allowed.add('vso.work');
	return scopes.some((raw) => {
		const scope = raw.replace(/^.*\//, '');
		return (
			scope === FULL_ACCESS_SCOPE ||
			scope === 'user_impersonation' ||
			scope === '.default' ||
			!allowed.has(scope)
		);
	});
}

/** Reads whether a call succeeds; auth/scope refusals are `false`, everything else propagates. */
async function canRead(
	client: AdoClient,
	base: URL,
	path: string,
	query: Record<string, string | number> = {},
	version?: null
): Promise<boolean> {
	try {
		await client.call(base, 'GET', path, { query, ...(version === null ? { version: null } : {}) });
		return true;
	} catch (error) {
		if (
			error instanceof AdoError &&
			[
				'PROVIDER_AUTH_REQUIRED',
				'PROVIDER_SCOPE_UNAVAILABLE',
				'PROVIDER_PROJECT_REQUIRED'
			].includes(error.code)
		)
			return false;
		if (error instanceof AdoError && error.check === 'not-found') return false;
		throw error;
	}
}

/**
 * Who am I, deployment type, api-version ceiling and how broad the credential is. A global or
 * full-access token is returned as ok data with its flag set: the rules engine decides that it
 * blocks (PROVIDER_CREDENTIAL_TOO_BROAD), so the admin sees every fact at once.
 */
export async function connectionProbe(
	req: Req<'connection'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'connection'>> {
	const session = await openSession(req, ctx);
	const { urls, client } = session;
	const server = urls.kind === 'server';

	const [connection, ceiling] = await Promise.all([
		client
			.call(urls.collection, 'GET', '_apis/connectionData', { version: null })
			.catch((error: unknown) => {
				// connectionData needs no scope: a known user refused here means the credential itself is
				// refused, e.g. the organization's policy blocks third-party OAuth access (TF400813).
				if (error instanceof AdoError && error.check === 'scope-missing') {
					throw new AdoError(
						'PROVIDER_AUTH_REQUIRED',
						req.credential.auth_method === 'oauth' ? 'oauth-access-refused' : 'credential-rejected'
					);
				}
				throw error;
			}),
		server ? detectCeiling(client, urls.collection) : Promise.resolve(SERVICES_API_VERSION)
	]);
	const cd = objectValue(connection.json);
	const user = obj(cd.authenticatedUser);
	const deployment = str(cd.deploymentType);
	if (deployment !== 'hosted' && deployment !== 'onPremises')
		throw new AdoError('PROVIDER_BASE_URL_UNREACHABLE', 'malformed-response');
	// A Services URL answering as a server (or the reverse) is not what the admin attested.
	if ((deployment === 'hosted') === server)
		throw new AdoError('PROVIDER_BASE_URL_BLOCKED', 'ownership');

	const apiVersion =
		ceiling ??
		versionFromContentType(headerValue(connection.headers, 'content-type') ?? '') ??
		'5.0';
	client.adoptCeiling(apiVersion);

	const token = req.credential.token;
	const scopes = req.credential.auth_method === 'oauth' ? jwtScopes(token) : undefined;
	let credential_global = false;
	let credential_too_broad = scopes ? scopesTooBroad(scopes) : false;
	if (!server) {
		const [global, extra] = await Promise.all([
			isGlobalCredential(client, urls, ctx.crossCheckOrganizations ?? []),
			scopes
				? Promise.resolve(false)
				: canRead(client, urls.collection, '_apis/git/repositories', { $top: 1 })
		]);
		credential_global = global;
		credential_too_broad = credential_too_broad || extra || global;
	} else if (!scopes) {
		credential_too_broad = await canRead(client, urls.collection, '_apis/git/repositories', {
			$top: 1
		});
	}

	const account = str(obj(obj(user.properties).Account).$value);
	const data: ConnectionData = {
		user: {
			id: str(user.id) ?? '',
			display_name: str(user.providerDisplayName) ?? str(user.customDisplayName) ?? account ?? '',
			...(account ? { unique_name: account } : {})
		},
		deployment_type: deployment,
		instance_id: str(cd.instanceId) ?? '',
		api_version: majorMinor(apiVersion),
		...(server ? { server_release: serverRelease(apiVersion) } : {}),
		credential_global,
		credential_too_broad,
		...(scopes ? { granted_scopes: scopes } : {})
	};
	return { data, session };
}

/**
 * The server's own answer to a deliberately high api-version names its ceiling
 * (VssVersionOutOfRangeException). Below 5.0 the probe ends with API_VERSION_UNSUPPORTED.
 */
async function detectCeiling(client: AdoClient, base: URL): Promise<string | undefined> {
	const result = await client.call(base, 'GET', '_apis/projects', {
		version: PROBE_API_VERSION,
		query: { $top: 1 },
		allow: [400]
	});
	if (result.status === 400) {
		const ceiling = versionCeiling(result.json);
		if (!ceiling) throw new AdoError('PROVIDER_API_VERSION_UNSUPPORTED', 'api-version-undetected');
		client.adoptCeiling(ceiling);
		return ceiling;
	}
	return versionFromContentType(headerValue(result.headers, 'content-type') ?? '');
}

/**
 * A global PAT ("all accessible organizations") also opens other organizations; an
 * organization-scoped one gets 401 there. There is no endpoint that reports a PAT's
 * organizations to an org-scoped caller, so the probe asks connectionData of the operator's
 * cross-check organizations (demo: the simulator's other organizations). Without any, the flag
 * stays false and the README says so.
 */
async function isGlobalCredential(
	client: AdoClient,
	urls: ServicesUrls,
	others: readonly string[]
): Promise<boolean> {
	const candidates = others
		.filter((o) => o.toLowerCase() !== urls.organization.toLowerCase())
		.slice(0, 3);
	if (candidates.length === 0) return false;
	const results = await Promise.all(
		candidates.map((org) => {
			const base = new URL(`${encodeURIComponent(org)}/`, new URL('/', urls.collection));
			return canRead(client, base, '_apis/connectionData', {}, null).catch(() => false);
		})
	);
	return results.some(Boolean);
}

// ---- projects ---------------------------------------------------------------------------------

/** 60 pages of 100: above the 1,000-project limit of an organization with room to spare. */
export const DEFAULT_MAX_PROJECT_PAGES = 60;

function toProject(raw: unknown): ProjectSummary {
	const p = obj(raw);
	const description = str(p.description);
	return {
		id: str(p.id) ?? '',
		name: str(p.name) ?? '',
		state: str(p.state) ?? 'unknown',
		...(description ? { description } : {})
	};
}

export async function projectsProbe(
	req: Req<'projects'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'projects'>> {
	const session = await openSession(req, ctx);
	const { urls, client } = session;
	const name = req.params?.name;
	if (name) {
		try {
			const result = await client.call(
				urls.collection,
				'GET',
				`_apis/projects/${projectSegment(name)}`
			);
			const project = toProject(result.json);
			// Exact means exact: Azure DevOps matches names case-insensitively.
			const data: ProjectsData = {
				projects: project.name === name ? [project] : [],
				pages: 1,
				complete: true
			};
			return { data, session };
		} catch (error) {
			if (
				error instanceof AdoError &&
				(error.code === 'PROVIDER_PROJECT_REQUIRED' || error.check === 'not-found')
			) {
				return { data: { projects: [], pages: 1, complete: true }, session };
			}
			throw error;
		}
	}
	const { items, pages, complete } = await client.paged<unknown>(
		urls.collection,
		'_apis/projects',
		{ $top: 100, stateFilter: 'wellFormed' },
		ctx.maxProjectPages ?? DEFAULT_MAX_PROJECT_PAGES
	);
	return { data: { projects: items.map(toProject), pages, complete }, session };
}

// ---- discovery --------------------------------------------------------------------------------

/** Fields Azure DevOps sets on create, so the admin is never asked for them. */
const SERVER_FILLED = new Set([
	'System.Id',
	'System.Rev',
	'System.AreaId',
	'System.IterationId',
	'System.AreaPath',
	'System.IterationPath',
	'System.State',
	'System.Reason',
	'System.CreatedDate',
	'System.CreatedBy',
	'System.ChangedDate',
	'System.ChangedBy',
	'System.AuthorizedDate',
	'System.AuthorizedAs',
	'System.RevisedDate',
	'System.TeamProject',
	'System.WorkItemType',
	'System.Watermark',
	'System.PersonId',
	'System.NodeName',
	'System.BoardColumn',
	'System.BoardColumnDone',
	'System.BoardLane',
	'System.CommentCount'
]);

function allowedValueText(v: unknown): string | undefined {
	if (typeof v === 'string' || typeof v === 'number') return String(v);
	const o = obj(v);
	return str(o.uniqueName) ?? str(o.displayName);
}

export function toField(raw: unknown): FieldInfo {
	const f = obj(raw);
	const reference_name = str(f.referenceName) ?? '';
	const always_required = f.alwaysRequired === true;
	const defaultRaw = f.defaultValue;
	const default_value =
		defaultRaw === null || defaultRaw === undefined
			? null
			: typeof defaultRaw === 'object'
				? (allowedValueText(defaultRaw) ?? null)
				: String(defaultRaw);
	const allowed = Array.isArray(f.allowedValues)
		? f.allowedValues.map(allowedValueText).filter((v): v is string => v !== undefined)
		: [];
	const type = str(f.type);
	return {
		reference_name,
		name: str(f.name) ?? reference_name,
		...(type ? { type } : {}),
		always_required,
		default_value,
		allowed_values: allowed,
		filled_by_server:
			SERVER_FILLED.has(reference_name) || (always_required && default_value !== null)
	};
}

/** `\Project\Area\Child` (node path) → `Project\Child` (field value). */
export function nodeFieldPath(nodePath: string, structure: 'Area' | 'Iteration'): string {
	const parts = nodePath.split('\\').filter(Boolean);
	if (parts.length >= 2 && parts[1]?.toLowerCase() === structure.toLowerCase()) parts.splice(1, 1);
	return parts.join('\\');
}

export function toNode(
	raw: unknown,
	structure: 'Area' | 'Iteration',
	parentPath?: string
): ClassificationNode {
	const n = obj(raw);
	const name = str(n.name) ?? '';
	const nodePath = str(n.path);
	const path = nodePath
		? nodeFieldPath(nodePath, structure)
		: parentPath
			? `${parentPath}\\${name}`
			: name;
	const identifier = str(n.identifier);
	const children = Array.isArray(n.children)
		? n.children.map((c) => toNode(c, structure, path))
		: undefined;
	return {
		id: typeof n.id === 'number' ? n.id : 0,
		...(identifier ? { identifier } : {}),
		name,
		path,
		...(children && children.length ? { children } : {})
	};
}

interface TypeRef {
	name: string;
	reference_name: string;
	category?: string;
}

/** The field that holds the finding's text on this type's form. */
export function descriptionField(type: TypeRef, fields: readonly FieldInfo[]): string {
	const has = (ref: string) => fields.some((f) => f.reference_name === ref);
	// Agile/Scrum/CMMI Bug forms show Repro Steps, not Description.
	if (type.category === 'Microsoft.BugCategory' && has('Microsoft.VSTS.TCM.ReproSteps'))
		return 'Microsoft.VSTS.TCM.ReproSteps';
	if (has('System.Description')) return 'System.Description';
	if (has('Microsoft.VSTS.TCM.ReproSteps')) return 'Microsoft.VSTS.TCM.ReproSteps';
	return 'System.Description';
}

async function fetchTypeFields(
	client: AdoClient,
	base: URL,
	project: string,
	type: string
): Promise<FieldInfo[]> {
	const result = await client.call(
		base,
		'GET',
		`${projectSegment(project)}/_apis/wit/workitemtypes/${encodeURIComponent(type)}/fields`,
		{
			query: { $expand: 'all' }
		}
	);
	return listValue<unknown>(result.json).map(toField);
}

/**
 * Everything mapping needs, in two waves after the project is chosen: (1) project with
 * capabilities, types, categories, both trees and team settings in parallel; (2) the process
 * record and every visible type's fields in parallel.
 */
export async function discoveryProbe(
	req: Req<'discovery'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'discovery'>> {
	const project = requireProject(req);
	const session = await openSession(req, ctx);
	const { urls, client } = session;
	const base = urls.collection;
	const p = projectSegment(project);
	let waves = 0;

	waves += 1;
	const before = client.apiVersion;
	const [
		projectRes,
		typesRes,
		categoriesRes,
		areasRes,
		iterationsRes,
		teamFieldsRes,
		teamSettingsRes
	] = await Promise.all([
		client.call(base, 'GET', `_apis/projects/${p}`, { query: { includeCapabilities: true } }),
		client.call(base, 'GET', `${p}/_apis/wit/workitemtypes`),
		client.call(base, 'GET', `${p}/_apis/wit/workitemtypecategories`),
		client.call(base, 'GET', `${p}/_apis/wit/classificationnodes/areas`, { query: { $depth: 10 } }),
		client.call(base, 'GET', `${p}/_apis/wit/classificationnodes/iterations`, {
			query: { $depth: 10 }
		}),
		client.call(base, 'GET', `${p}/_apis/work/teamsettings/teamfieldvalues`, { allow: [404] }),
		client.call(base, 'GET', `${p}/_apis/work/teamsettings/iterations`, {
			query: { $timeframe: 'current' },
			allow: [404]
		})
	]);
	// A lowered api-version means the first wave was re-sent once.
	if (client.apiVersion !== before) waves += 1;

	const projectJson = objectValue(projectRes.json);
	const template = obj(obj(projectJson.capabilities).processTemplate);
	const processName = str(template.templateName) ?? 'unknown';
	const templateTypeId = str(template.templateTypeId) ?? '';

	const hidden = new Set<string>();
	const categoryOf = new Map<string, string>();
	for (const c of listValue<unknown>(categoriesRes.json)) {
		const cat = obj(c);
		const ref = str(cat.referenceName) ?? '';
		for (const t of Array.isArray(cat.workItemTypes) ? cat.workItemTypes : []) {
			const tname = str(obj(t).name);
			if (!tname) continue;
			if (ref === 'Microsoft.HiddenCategory') hidden.add(tname);
			else if (!categoryOf.has(tname)) categoryOf.set(tname, ref);
		}
		const def = str(obj(cat.defaultWorkItemType).name);
		if (def && ref !== 'Microsoft.HiddenCategory') categoryOf.set(def, categoryOf.get(def) ?? ref);
	}
	const visible: TypeRef[] = listValue<unknown>(typesRes.json)
		.map(obj)
		.filter((t) => t.isDisabled !== true && !hidden.has(str(t.name) ?? ''))
		.map((t) => {
			const name = str(t.name) ?? '';
			const category = categoryOf.get(name);
			return {
				name,
				reference_name: str(t.referenceName) ?? name,
				...(category ? { category } : {})
			};
		});

	waves += 1;
	const [processRes, ...fieldLists] = await Promise.all([
		templateTypeId
			? client
					.call(base, 'GET', `_apis/work/processes/${encodeURIComponent(templateTypeId)}`, {
						allow: [404]
					})
					.catch((error: unknown) => {
						// XML-process collections have no inheritance API; the kind is then xml.
						if (
							error instanceof AdoError &&
							error.code !== 'PROVIDER_RATE_LIMITED' &&
							error.code !== 'PROVIDER_BASE_URL_UNREACHABLE'
						)
							return undefined;
						throw error;
					})
			: Promise.resolve(undefined),
		...visible.map((t) => fetchTypeFields(client, base, project, t.name))
	]);
	const processJson = processRes && processRes.status === 200 ? obj(processRes.json) : undefined;
	const customization = (str(processJson?.customizationType) ?? '').toLowerCase();
	const kind: DiscoveryData['process']['kind'] =
		customization === 'inherited'
			? 'inherited'
			: customization === 'system'
				? 'system'
				: processJson
					? 'xml'
					: 'xml';

	const work_item_types: WorkItemTypeInfo[] = visible.map((t, i) => {
		const fields = fieldLists[i] ?? [];
		return {
			name: t.name,
			reference_name: t.reference_name,
			...(t.category ? { category: t.category } : {}),
			description_field: descriptionField(t, fields),
			fields
		};
	});
	const recommended =
		work_item_types.find((t) => t.category === 'Microsoft.BugCategory') ??
		work_item_types.find((t) => t.name === 'Issue') ??
		work_item_types.find((t) => t.category === 'Microsoft.RequirementCategory');

	const teamFields = teamFieldsRes.status === 200 ? obj(teamFieldsRes.json) : {};
	const currentIteration =
		teamSettingsRes.status === 200 ? obj(listValue<unknown>(teamSettingsRes.json)[0]) : {};
	const teamArea =
		str(obj(teamFields.field).referenceName) === 'System.AreaPath'
			? str(teamFields.defaultValue)
			: undefined;
	// The team's current iteration is what a new finding should land in by default.
	const teamIteration = str(currentIteration.path);

	const data: DiscoveryData = {
		project: { id: str(projectJson.id) ?? '', name: str(projectJson.name) ?? project },
		process: { name: processName, kind, template_type_id: templateTypeId },
		work_item_types,
		...(recommended ? { recommended_type: recommended.name } : {}),
		areas: toNode(areasRes.json, 'Area'),
		iterations: toNode(iterationsRes.json, 'Iteration'),
		...(teamArea ? { team_default_area: teamArea } : {}),
		...(teamIteration ? { team_default_iteration: teamIteration.replace(/^\\/, '') } : {}),
		round_trips: waves
	};
	return { data, session, waves };
}

// ---- identities -------------------------------------------------------------------------------

/**
 * Assignee lookup. The identity search needs vso.identity, which WebRiskOps does not ask for; a
 * least-privilege token is refused there, so the probe falls back to the members of the
 * project's default team (vso.project), the people work items are usually assigned to.
 */
export async function identitiesProbe(
	req: Req<'identities'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'identities'>> {
	const session = await openSession(req, ctx);
	const { urls, client } = session;
	try {
		const result = await client.call(urls.identity, 'GET', '_apis/identities', {
			query: { searchFilter: 'General', filterValue: req.params.query, queryMembership: 'None' }
		});
		const identities = listValue<unknown>(result.json)
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
		return { data: { identities }, session };
	} catch (error) {
		if (
			!(error instanceof AdoError) ||
			error.code !== 'PROVIDER_SCOPE_UNAVAILABLE' ||
			!req.target.project
		)
			throw error;
	}
	const data: IdentitiesData = {
		identities: await teamMembers(client, urls.collection, req.target.project, req.params.query)
	};
	return { data, session };
}

async function teamMembers(
	client: AdoClient,
	base: URL,
	project: string,
	query: string
): Promise<IdentitiesData['identities']> {
	const p = projectSegment(project);
	const projectJson = objectValue((await client.call(base, 'GET', `_apis/projects/${p}`)).json);
	const team = str(obj(projectJson.defaultTeam).id);
	if (!team) return [];
	const result = await client.call(
		base,
		'GET',
		`_apis/projects/${p}/teams/${encodeURIComponent(team)}/members`,
		{ query: { $top: 1000 } }
	);
	const q = query.trim().toLowerCase();
	return listValue<unknown>(result.json)
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

// ---- capabilities and preflight ---------------------------------------------------------------

const SYNTHETIC_TITLE = 'WebRiskOps dry run: synthetic finding (validateOnly, never saved)';
const SYNTHETIC_BODY =
	'<p>WebRiskOps checks that a finding can be exported here. This work item is validated only and never created.</p>';

export function buildOperations(
	params: MappingParams,
	descriptionRef: string,
	typeFields: readonly FieldInfo[] | undefined
): PreflightData['operations'] {
	const has = (ref: string) => !typeFields || typeFields.some((f) => f.reference_name === ref);
	const ops: PreflightData['operations'] = [
		{ op: 'add', path: '/fields/System.Title', value: SYNTHETIC_TITLE },
		{ op: 'add', path: `/fields/${descriptionRef}`, value: SYNTHETIC_BODY },
		{ op: 'add', path: '/fields/System.AreaPath', value: params.area_path },
		{ op: 'add', path: '/fields/System.IterationPath', value: params.iteration_path }
	];
	if (has('Microsoft.VSTS.Common.Priority'))
		ops.push({ op: 'add', path: '/fields/Microsoft.VSTS.Common.Priority', value: params.priority });
	if (params.severity && has('Microsoft.VSTS.Common.Severity')) {
		ops.push({ op: 'add', path: '/fields/Microsoft.VSTS.Common.Severity', value: params.severity });
	}
	if (params.assignee)
		ops.push({ op: 'add', path: '/fields/System.AssignedTo', value: params.assignee });
	for (const [ref, value] of Object.entries(params.fields ?? {})) {
		if (/^[A-Za-z0-9_.]+$/.test(ref)) ops.push({ op: 'add', path: `/fields/${ref}`, value });
	}
	return ops;
}

type Problem = PreflightData['problems'][number];

const FIELD_LABEL: Record<string, string> = {
	'System.AreaPath': 'area_path',
	'System.IterationPath': 'iteration_path',
	'System.AssignedTo': 'assignee',
	'Microsoft.VSTS.Common.Priority': 'priority',
	'Microsoft.VSTS.Common.Severity': 'severity'
};

function problemFor(field: string, flags: string, assignee?: string): Problem {
	const f = flags.toLowerCase();
	if (field === 'System.AreaPath' || field === 'System.IterationPath')
		return { field, ...mappingProblemText('not_a_path', FIELD_LABEL[field]) };
	// Named, because the usual cause is a person who left or was disabled after being picked.
	if (field === 'System.AssignedTo')
		return { field, ...mappingProblemText('unknown_assignee', assignee) };
	if (/invalidempty|required/.test(f) && !/limitedtovalues|invalidlistvalue|hasvalues/.test(f))
		return { field, ...mappingProblemText('required', field) };
	if (/limitedtovalues|invalidlistvalue|hasvalues|allowedvalues/.test(f))
		return { field, ...mappingProblemText('not_allowed', field) };
	return { field, ...mappingProblemText('rule', field) };
}

/** Reads the problems out of a refused validateOnly create, in our own words. */
export function preflightProblems(
	status: number,
	json: unknown,
	params: Pick<MappingParams, 'work_item_type' | 'assignee'>
): Problem[] {
	const w = asWrappedException(json);
	const message = w.message ?? '';
	const problems: Problem[] = [];
	const rules = w.customProperties?.RuleValidationErrors;
	if (Array.isArray(rules)) {
		for (const r of rules) {
			const rule = obj(r);
			const field = str(rule.fieldReferenceName);
			if (field)
				problems.push(
					problemFor(
						field,
						`${str(rule.fieldStatusFlags) ?? ''} ${str(rule.errorMessage) ?? ''}`,
						params.assignee
					)
				);
		}
	}
	if (problems.length === 0) {
		const quoted = /field '([A-Za-z0-9_.]+)'/.exec(message)?.[1];
		if (
			/VS402323/.test(message) ||
			(status === 404 && w.typeKey === 'WorkItemTypeNotFoundException')
		) {
			problems.push({
				field: 'work_item_type',
				...mappingProblemText('unknown_type', params.work_item_type)
			});
		} else if (/TF401347|VS402485/.test(message)) {
			problems.push(problemFor(quoted ?? 'System.AreaPath', 'tree'));
		} else if (/identity/i.test(message)) {
			problems.push(problemFor('System.AssignedTo', 'identity', params.assignee));
		} else if (status === 403 || /TF237111|permission/i.test(message)) {
			problems.push({ field: 'System.AreaPath', ...mappingProblemText('area_permission') });
		} else if (quoted) {
			problems.push(problemFor(quoted, message));
		} else {
			problems.push({ field: 'work_item_type', ...mappingProblemText('refused') });
		}
	}
	return problems;
}

interface DryRun {
	status: number;
	json: unknown;
	operations: PreflightData['operations'];
}

async function dryRunCreate(
	client: AdoClient,
	base: URL,
	project: string,
	params: MappingParams,
	fields: FieldInfo[] | undefined,
	category?: string
): Promise<DryRun> {
	const descriptionRef = fields
		? descriptionField(
				{
					name: params.work_item_type,
					reference_name: params.work_item_type,
					...(category ? { category } : {})
				},
				fields
			)
		: 'System.Description';
	const operations = buildOperations(params, descriptionRef, fields);
	const result = await client.call(
		base,
		'POST',
		`${projectSegment(project)}/_apis/wit/workitems/${workItemTypeSegment(params.work_item_type)}`,
		{
			query: { validateOnly: true, suppressNotifications: true },
			body: operations,
			contentType: 'application/json-patch+json',
			allow: [400, 403, 404]
		}
	);
	return { status: result.status, json: result.json, operations };
}

async function typeCategory(
	client: AdoClient,
	base: URL,
	project: string,
	type: string
): Promise<string | undefined> {
	const result = await client.call(
		base,
		'GET',
		`${projectSegment(project)}/_apis/wit/workitemtypecategories`
	);
	for (const c of listValue<unknown>(result.json)) {
		const cat = obj(c);
		if (
			Array.isArray(cat.workItemTypes) &&
			cat.workItemTypes.some((t) => str(obj(t).name) === type)
		)
			return str(cat.referenceName);
	}
	return undefined;
}

export async function preflightProbe(
	req: Req<'preflight'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'preflight'>> {
	const project = requireProject(req);
	const session = await openSession(req, ctx);
	const { urls, client } = session;
	let fields: FieldInfo[] | undefined;
	let category: string | undefined;
	try {
		[fields, category] = await Promise.all([
			fetchTypeFields(client, urls.collection, project, req.params.work_item_type),
			typeCategory(client, urls.collection, project, req.params.work_item_type)
		]);
	} catch (error) {
		if (!(error instanceof AdoError) || error.code !== 'TICKET_EXPORT_MAPPING_REQUIRED')
			throw error;
		const problems = preflightProblems(404, { message: 'VS402323' }, req.params);
		return {
			data: {
				valid: false,
				problems,
				operations: buildOperations(req.params, 'System.Description', undefined)
			},
			session
		};
	}
	const run = await dryRunCreate(client, urls.collection, project, req.params, fields, category);
	if (run.status === 200)
		return { data: { valid: true, problems: [], operations: run.operations }, session };
	if (run.status === 404 && /VS800075|TF200016/.test(asWrappedException(run.json).message ?? '')) {
		throw new AdoError('PROVIDER_PROJECT_REQUIRED', 'project-not-found');
	}
	return {
		data: {
			valid: false,
			problems: preflightProblems(run.status, run.json, req.params),
			operations: run.operations
		},
		session
	};
}

/**
 * Proves each capability with the cheapest call that needs it. Missing capabilities are ok data
 * (`missing`): the rules turn them into PROVIDER_SCOPE_UNAVAILABLE naming which one. Reachable
 * unrelated areas fill `extra_access` (rules: PROVIDER_CREDENTIAL_TOO_BROAD, acknowledgeable).
 */
export async function capabilitiesProbe(
	req: Req<'capabilities'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'capabilities'>> {
	const project = requireProject(req);
	const session = await openSession(req, ctx);
	const { urls, client } = session;
	const base = urls.collection;
	const p = projectSegment(project);

	const [projectRead, workRead, write, code, build] = await Promise.all([
		canRead(client, base, `_apis/projects/${p}`),
		canRead(
			client,
			base,
			`${p}/_apis/wit/workitemtypes/${encodeURIComponent(req.params.work_item_type)}/fields`
		),
		dryRunCreate(client, base, project, req.params, undefined).then(
			(run) =>
				run.status === 200 ||
				(run.status === 400 &&
					!/permission|TF237111/i.test(asWrappedException(run.json).message ?? '')),
			(error: unknown) => {
				if (
					error instanceof AdoError &&
					(error.code === 'PROVIDER_AUTH_REQUIRED' || error.code === 'PROVIDER_SCOPE_UNAVAILABLE')
				)
					return false;
				throw error;
			}
		),
		canRead(client, base, '_apis/git/repositories', { $top: 1 }),
		canRead(client, base, `${p}/_apis/build/builds`, { $top: 1 })
	]);
	if (!projectRead && !workRead && !write && !client.authenticated) {
		throw new AdoError('PROVIDER_AUTH_REQUIRED', 'credential-rejected');
	}
	const granted: CapabilityId[] = [];
	const missing: CapabilityId[] = [];
	(projectRead ? granted : missing).push('project_read');
	(workRead ? granted : missing).push('work_read');
	(write ? granted : missing).push('work_write');
	const extra_access = [...(code ? ['vso.code'] : []), ...(build ? ['vso.build'] : [])];
	const data: CapabilitiesData = {
		granted,
		missing,
		extra_access,
		recommended_scopes: extra_access.length || missing.length ? [...REQUIRED_SCOPES] : []
	};
	return { data, session };
}

// ---- dispatch ---------------------------------------------------------------------------------

export const PROBES: {
	[P in ProbeName]: (req: Req<P>, ctx: ProbeContext) => Promise<ProbeOutcome<P>>;
} = {
	'base-url': baseUrlProbe,
	connection: connectionProbe,
	projects: projectsProbe,
	discovery: discoveryProbe,
	identities: identitiesProbe,
	capabilities: capabilitiesProbe,
	preflight: preflightProbe
};
