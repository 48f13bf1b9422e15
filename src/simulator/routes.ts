/**
 * Route table of the simulator: maps an authenticated request inside one organization or
 * collection to the scope it needs, whether its resource is preview-only, and its handler.
 */
import {
	ORGANIZATIONS,
	RELEASES,
	RESTRICTED_AREA,
	CURRENT_ITERATION,
	type CollectionFixture,
	type ReleaseInfo
} from './catalogue';
import type { Caller, RouteScope } from './auth';
import {
	findNode,
	findProject,
	guidOf,
	iterationDates,
	peopleOf,
	projectsOf,
	resolvePerson,
	treeOf,
	walk,
	type AreaRename,
	type Person,
	type ProjectRecord,
	type TreeNode
} from './seed-data';
import {
	PROCESSES,
	SYSTEM_FIELDS_ANY_TYPE,
	findType,
	NIL_GUID,
	type FieldDef,
	type ProcessDef,
	type WorkItemTypeDef
} from './processes';
import { SimError, err, noController, pageNotFound, webApiErr } from './responses';
import { RESOURCE_AREAS, isPreviewOn, type LocationKey } from './locations';

export interface RequiredFieldMutation {
	type: string;
	field: string;
	project?: string;
}

export interface RouteState {
	requiredFields: readonly RequiredFieldMutation[];
	renamedAreas: readonly AreaRename[];
	/** E-mails of people made inactive by the `inactivePeople` fault. */
	inactivePeople: readonly string[];
	workItems: Map<number, Record<string, unknown>>;
	nextWorkItemId: number;
}

export interface RouteContext {
	method: string;
	url: URL;
	origin: string;
	collection: CollectionFixture;
	/** `vssps`: the Services identity host `/_vssps/{org}`; `app`: the organization-less `/_app_vssps`. */
	host: 'collection' | 'vssps' | 'app';
	/** Path segments after the collection base, decoded. */
	segs: string[];
	rawPath: string;
	contentType: string | undefined;
	caller: Caller;
	readBody: () => Promise<string>;
	state: RouteState;
}

interface RouteResult {
	status?: number;
	body: unknown;
	headers?: Record<string, string>;
}

export interface Route {
	scope: RouteScope;
	previewOnly?: boolean;
	methods: readonly string[];
	run: () => Promise<RouteResult> | RouteResult;
}

const WIT_SERVER = 'Microsoft.TeamFoundation.WorkItemTracking.Server';

// ---- helpers -----------------------------------------------------------------------------------

function release(ctx: RouteContext): ReleaseInfo {
	return RELEASES[ctx.collection.release];
}

/** Whether this release has the resource only as preview (see locations.ts). */
function previewHere(ctx: RouteContext, key: LocationKey): boolean {
	return isPreviewOn(key, ctx.collection.release);
}

/**
 * Enum query values arrive as names or as their numbers (`$expand=1`): the server's model binder
 * takes both, and Microsoft's node client sends numbers.
 */
function enumParam(ctx: RouteContext, name: string, names: readonly string[]): string {
	const raw = lower(ctx.url.searchParams.get(name) ?? '');
	return /^\d+$/.test(raw) ? (names[Number(raw)] ?? raw) : raw;
}

/** WorkItemTypeFieldsExpandLevel: None 0, AllowedValues 1, DependentFields 2, All 3. */
const FIELDS_EXPAND = ['none', 'allowedvalues', 'dependentfields', 'all'] as const;
/** GetProcessExpandLevel: None 0, Projects 1. */
const PROCESS_EXPAND = ['none', 'projects'] as const;
/** ClassificationNodesErrorPolicy: Fail 1, Omit 2. */
const ERROR_POLICY = ['', 'fail', 'omit'] as const;
/** TreeStructureGroup: Areas 0, Iterations 1. */
const STRUCTURE_GROUP = ['areas', 'iterations'] as const;

function base(ctx: RouteContext): string {
	return `${ctx.origin}${ctx.collection.basePath}`;
}

function identityBase(ctx: RouteContext): string {
	return ctx.collection.identityBasePath
		? `${ctx.origin}${ctx.collection.identityBasePath}`
		: base(ctx);
}

function list<T>(value: T[]): { count: number; value: T[] } {
	return { count: value.length, value };
}

function projectNotFound(name: string): SimError {
	if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name))
		return err(
			404,
			`VS800075: The project with id 'vstfs:///Classification/TeamProject/${name}' does not exist, or you do not have permission to access it.`,
			'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistException, Microsoft.TeamFoundation.Core.WebApi',
			'ProjectDoesNotExistException'
		);
	return err(
		404,
		`TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
		'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi',
		'ProjectDoesNotExistWithNameException'
	);
}

function project(ctx: RouteContext, nameOrId: string): ProjectRecord {
	const p = findProject(ctx.collection, nameOrId);
	if (!p) throw projectNotFound(nameOrId);
	return p;
}

function processOf(p: ProjectRecord): ProcessDef {
	return PROCESSES[p.process];
}

function identityRef(ctx: RouteContext, p: Person): Record<string, unknown> {
	return {
		displayName: p.displayName,
		url: `${identityBase(ctx)}/_apis/Identities/${p.id}`,
		id: p.id,
		uniqueName: p.uniqueName,
		imageUrl: `${base(ctx)}/_apis/GraphProfile/MemberAvatars/aad.${Buffer.from(p.id).toString('base64url').slice(0, 24)}`,
		descriptor: `aad.${Buffer.from(p.id).toString('base64url')}`
	};
}

/** Active in the catalogue and not made inactive since (someone who left after being picked). */
function isActive(ctx: RouteContext, p: Person): boolean {
	return (
		p.active &&
		!ctx.state.inactivePeople.some((u) => u.toLowerCase() === p.uniqueName.toLowerCase())
	);
}

function identity(ctx: RouteContext, p: Person): Record<string, unknown> {
	const services = ctx.collection.release === 'services';
	return {
		id: p.id,
		descriptor: services
			? `Microsoft.IdentityModel.Claims.ClaimsIdentity;72f988bf-86f1-41af-91ab-2d7cd011db47\\${p.uniqueName}`
			: `System.Security.Principal.WindowsIdentity;S-1-5-21-3623811015-3361044348-30300820-${1000 + (parseInt(p.id.slice(0, 4), 16) % 9000)}`,
		subjectDescriptor: `aad.${Buffer.from(p.id).toString('base64url')}`,
		providerDisplayName: p.displayName,
		isActive: isActive(ctx, p),
		isContainer: false,
		members: [],
		memberOf: [],
		memberIds: [],
		properties: {
			Account: {
				$type: 'System.String',
				$value: services ? p.uniqueName : `FABRIKAM\\${p.uniqueName.split('@')[0]}`
			},
			Mail: { $type: 'System.String', $value: p.uniqueName },
			SchemaClassName: { $type: 'System.String', $value: 'User' }
		},
		resourceVersion: 2,
		metaTypeId: 0
	};
}

function projectRef(ctx: RouteContext, p: ProjectRecord): Record<string, unknown> {
	return {
		id: p.id,
		name: p.name,
		description: p.description,
		url: `${base(ctx)}/_apis/projects/${p.id}`,
		state: 'wellFormed',
		revision: p.revision,
		visibility: 'private',
		lastUpdateTime: p.lastUpdateTime
	};
}

function defaultTeam(ctx: RouteContext, p: ProjectRecord): Record<string, unknown> {
	return {
		id: p.defaultTeamId,
		name: `${p.name} Team`,
		url: `${base(ctx)}/_apis/projects/${p.id}/teams/${p.defaultTeamId}`
	};
}

function enc(s: string): string {
	return encodeURIComponent(s);
}

// ---- work item types and fields ---------------------------------------------------------------

function visibleProcesses(ctx: RouteContext): ProcessDef[] {
	const r = release(ctx);
	return Object.values(PROCESSES).filter((p) =>
		p.name === 'Basic' ? r.basicProcess : p.customizationType === 'inherited' ? r.inheritance : true
	);
}

/** Type fields with the simulator's mutations applied (a field made required on a type). */
function fieldsOf(ctx: RouteContext, p: ProjectRecord, type: WorkItemTypeDef): FieldDef[] {
	const fields = type.fields.map((x) => ({ ...x }));
	for (const m of ctx.state.requiredFields) {
		if (m.type.toLowerCase() !== type.name.toLowerCase()) continue;
		if (m.project && m.project.toLowerCase() !== p.name.toLowerCase()) continue;
		const existing = fields.find((x) => x.referenceName.toLowerCase() === m.field.toLowerCase());
		if (existing) {
			existing.alwaysRequired = true;
			existing.defaultValue = null;
		} else
			fields.push({
				referenceName: m.field,
				name: m.field.split('.').pop() ?? m.field,
				type: 'string',
				alwaysRequired: true,
				defaultValue: null,
				customization: 'custom'
			});
	}
	return fields;
}

function witUrl(ctx: RouteContext, p: ProjectRecord, type: WorkItemTypeDef): string {
	return `${base(ctx)}/${p.id}/_apis/wit/workItemTypes/${enc(type.name)}`;
}

function allowedValuesOf(ctx: RouteContext, type: WorkItemTypeDef, f: FieldDef): unknown[] {
	if (f.allowedValues === 'states') return type.states.map((s) => s.name).sort();
	if (f.allowedValues === 'identities')
		return peopleOf(ctx.collection)
			.filter((x) => isActive(ctx, x))
			.slice(0, 100)
			.map((x) => ({
				displayName: x.displayName,
				id: x.id,
				uniqueName: x.uniqueName,
				descriptor: `aad.${Buffer.from(x.id).toString('base64url')}`
			}));
	return f.allowedValues ? [...f.allowedValues] : [];
}

function defaultOf(type: WorkItemTypeDef, f: FieldDef): string | null {
	return f.referenceName === 'System.State' ? (type.states[0]?.name ?? null) : f.defaultValue;
}

function fieldJson(
	ctx: RouteContext,
	type: WorkItemTypeDef,
	f: FieldDef,
	expand: string
): Record<string, unknown> {
	const out: Record<string, unknown> = {
		alwaysRequired: f.alwaysRequired,
		defaultValue: defaultOf(type, f)
	};
	if (expand === 'allowedvalues' || expand === 'all')
		out.allowedValues = allowedValuesOf(ctx, type, f);
	if (expand === 'dependentfields' || expand === 'all')
		out.dependentFields = (f.dependentFields ?? []).map((r) => ({
			referenceName: r,
			name: r.replace('System.', '').replace('Path', ' Path'),
			url: `${base(ctx)}/_apis/wit/fields/${r}`
		}));
	if (f.helpText) out.helpText = f.helpText;
	return {
		...out,
		referenceName: f.referenceName,
		name: f.name,
		url: `${base(ctx)}/_apis/wit/fields/${f.referenceName}`
	};
}

function witJson(
	ctx: RouteContext,
	p: ProjectRecord,
	type: WorkItemTypeDef
): Record<string, unknown> {
	const fields = fieldsOf(ctx, p, type).map((f) => ({
		defaultValue: defaultOf(type, f),
		alwaysRequired: f.alwaysRequired,
		...(f.helpText ? { helpText: f.helpText } : {}),
		referenceName: f.referenceName,
		name: f.name,
		url: `${base(ctx)}/_apis/wit/fields/${f.referenceName}`
	}));
	return {
		name: type.name,
		referenceName: type.referenceName,
		description: type.description,
		color: type.color,
		icon: {
			id: type.icon,
			url: `${base(ctx)}/_apis/wit/workItemIcons/${type.icon}?color=${type.color}&v=2`
		},
		isDisabled: type.isDisabled,
		fieldInstances: fields,
		fields,
		transitions: {},
		states: type.states,
		url: witUrl(ctx, p, type)
	};
}

function typeNotFound(typeName: string, p: ProjectRecord): SimError {
	return err(
		404,
		`VS402323: Work item type ${typeName} does not exist in project ${p.id} or you do not have permission to access it.`,
		`${WIT_SERVER}.Metadata.WorkItemTypeNotFoundException, ${WIT_SERVER}`,
		'WorkItemTypeNotFoundException',
		{ eventId: 3200 }
	);
}

function typeOf(p: ProjectRecord, name: string): WorkItemTypeDef {
	const t = findType(processOf(p), name);
	if (!t) throw typeNotFound(name, p);
	return t;
}

// ---- classification ---------------------------------------------------------------------------

function nodeJson(
	ctx: RouteContext,
	p: ProjectRecord,
	n: TreeNode,
	depth: number
): Record<string, unknown> {
	const seg = n.structureType === 'area' ? 'Area' : 'Iteration';
	const urlSeg = n.structureType === 'area' ? 'Areas' : 'Iterations';
	const out: Record<string, unknown> = {
		id: n.id,
		identifier: n.identifier,
		name: n.name,
		structureType: n.structureType,
		hasChildren: n.children.length > 0,
		path: `\\${p.name}\\${seg}${n.rel ? `\\${n.rel}` : ''}`
	};
	if (n.attributes) out.attributes = n.attributes;
	if (depth > 0 && n.children.length > 0)
		out.children = n.children.map((c) => nodeJson(ctx, p, c, depth - 1));
	out.url = `${base(ctx)}/${p.id}/_apis/wit/classificationNodes/${urlSeg}${n.rel ? `/${n.rel.split('\\').map(enc).join('/')}` : ''}`;
	return out;
}

function depthOf(ctx: RouteContext): number {
	const d = Number(ctx.url.searchParams.get('$depth') ?? '0');
	return Number.isFinite(d) && d > 0 ? Math.min(d, 14) : 0;
}

function treeNameError(field: 'System.AreaPath' | 'System.IterationPath'): SimError {
	return err(
		400,
		`TF401347: Invalid tree name given for work item -1, field '${field}'.`,
		`${WIT_SERVER}.WorkItemFieldInvalidTreeNameException, ${WIT_SERVER}`,
		'WorkItemFieldInvalidTreeNameException',
		{ eventId: 3200 }
	);
}

/** `Project\\Child` field value → node, or undefined. */
function nodeForFieldValue(
	ctx: RouteContext,
	p: ProjectRecord,
	type: 'area' | 'iteration',
	value: string
): TreeNode | undefined {
	// Field values have no leading backslash and no Area/Iteration segment (node paths do).
	if (value.startsWith('\\')) return undefined;
	const parts = value.split('\\');
	if ((parts[0] ?? '').toLowerCase() !== p.name.toLowerCase()) return undefined;
	return findNode(
		treeOf(ctx.collection, p, type, ctx.state.renamedAreas),
		parts.slice(1).join('\\')
	);
}

// ---- work items --------------------------------------------------------------------------------

const FLAG_BITS: Record<string, number> = {
	required: 0x1,
	hasValues: 0x10,
	limitedToValues: 0x20,
	allowsOldValue: 0x80,
	invalidEmpty: 0x80000,
	invalidListValue: 0x200000
};

interface RuleError {
	field: FieldDef;
	flags: string[];
}

function ruleException(errors: RuleError[]): SimError {
	const entries = errors.map((e) => {
		const flags = e.flags.map((x) => x[0]?.toUpperCase() + x.slice(1)).join(', ');
		return {
			fieldReferenceName: e.field.referenceName,
			fieldStatusFlags: e.flags.join(', '),
			errorMessage: `TF401320: Rule Error for field ${e.field.name}. Error code: ${flags}.`,
			fieldStatusCode: e.flags.reduce((acc, x) => acc | (FLAG_BITS[x] ?? 0), 0),
			ruleValidationErrors: null
		};
	});
	const first = entries[0] as (typeof entries)[number];
	const more = entries.length - 1;
	const suffix =
		more === 0
			? ''
			: more === 1
				? ' One additional error occurred during validation of the work item. Please correct all errors and try again.'
				: ` ${more} additional errors occurred during validation of the work item. Please correct all errors and try again.`;
	return err(
		400,
		`${first.errorMessage}${suffix}`,
		`${WIT_SERVER}.RuleValidationException, ${WIT_SERVER}`,
		'RuleValidationException',
		{
			eventId: 3200,
			customProperties: {
				FieldReferenceName: null,
				FieldStatusFlags: 'none',
				ErrorMessage: first.errorMessage,
				FieldStatusCode: 0,
				RuleValidationErrors: entries
			}
		}
	);
}

interface PatchOp {
	op: string;
	path: string;
	value?: unknown;
}

function parsePatch(text: string): PatchOp[] {
	let doc: unknown;
	try {
		doc = JSON.parse(text);
	} catch {
		doc = null;
	}
	const ok =
		Array.isArray(doc) &&
		doc.length > 0 &&
		doc.every(
			(o) =>
				o &&
				typeof o === 'object' &&
				typeof (o as PatchOp).path === 'string' &&
				['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(
					String((o as PatchOp).op).toLowerCase()
				)
		);
	if (!ok)
		throw err(
			400,
			'You must pass a valid patch document in the body of the request.',
			'Microsoft.VisualStudio.Services.Common.VssPropertyValidationException, Microsoft.VisualStudio.Services.Common',
			'VssPropertyValidationException'
		);
	return doc as PatchOp[];
}

function requirePatchContentType(ctx: RouteContext): void {
	const ct = (ctx.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
	if (ct !== 'application/json-patch+json')
		throw webApiErr(
			415,
			`The request indicated a Content-Type of "${ctx.contentType ?? ''}" for method type "${ctx.method}" which is not supported. Valid content types for this method are: application/json-patch+json.`,
			'VssRequestContentTypeNotSupportedException'
		);
}

async function createWorkItem(
	ctx: RouteContext,
	p: ProjectRecord,
	typeSeg: string
): Promise<RouteResult> {
	requirePatchContentType(ctx);
	const type = typeOf(p, typeSeg);
	const ops = parsePatch(await ctx.readBody());
	const fields = fieldsOf(ctx, p, type);
	const known = [...fields, ...SYSTEM_FIELDS_ANY_TYPE];
	const values = new Map<string, unknown>();
	for (const op of ops) {
		const m = /^\/fields\/(.+)$/.exec(op.path);
		if (!m) continue;
		const ref = decodeURIComponent(m[1] as string);
		const def = known.find((x) => x.referenceName.toLowerCase() === ref.toLowerCase());
		if (!def)
			throw err(
				400,
				`TF51535: Cannot find field ${ref}.`,
				`${WIT_SERVER}.WorkItemFieldInvalidException, ${WIT_SERVER}`,
				'WorkItemFieldInvalidException',
				{ eventId: 3200, errorCode: 600171 }
			);
		if (op.op.toLowerCase() === 'remove') values.delete(def.referenceName);
		else values.set(def.referenceName, op.value);
	}

	// Tree paths first (as the service does), then area permission, identities, then rules.
	const areaValue = String(values.get('System.AreaPath') ?? p.name);
	const area = nodeForFieldValue(ctx, p, 'area', areaValue);
	if (!area) throw treeNameError('System.AreaPath');
	const iterationValue = String(values.get('System.IterationPath') ?? p.name);
	const iteration = nodeForFieldValue(ctx, p, 'iteration', iterationValue);
	if (!iteration) throw treeNameError('System.IterationPath');
	const restricted = area.rel.split('\\')[0]?.toLowerCase() === RESTRICTED_AREA.toLowerCase();
	if (restricted)
		throw err(
			403,
			'TF237111: The current user does not have permissions to save work items under the specified area path.',
			`${WIT_SERVER}.WorkItemUnauthorizedAccessException, ${WIT_SERVER}`,
			'WorkItemUnauthorizedAccessException',
			{
				eventId: 3200
			}
		);

	let assignee: Person | undefined;
	const assigned = values.get('System.AssignedTo');
	if (assigned !== undefined && assigned !== null && assigned !== '') {
		assignee = resolvePerson(ctx.collection, assigned);
		if (assignee && !isActive(ctx, assignee)) assignee = undefined;
		if (!assignee) {
			const shown =
				typeof assigned === 'string'
					? assigned
					: String(
							(assigned as Record<string, unknown>).uniqueName ??
								(assigned as Record<string, unknown>).displayName ??
								''
						);
			throw err(
				400,
				`The identity value '${shown}' for field 'Assigned To' is an unknown identity.`,
				`${WIT_SERVER}.WorkItemFieldInvalidException, ${WIT_SERVER}`,
				'WorkItemFieldInvalidException',
				{
					eventId: 3200,
					errorCode: 600171,
					customProperties: { ReferenceName: 'System.AssignedTo' }
				}
			);
		}
	}

	const errors: RuleError[] = [];
	for (const f of fields) {
		if (
			f.readOnly ||
			f.referenceName === 'System.AreaId' ||
			f.referenceName === 'System.IterationId'
		)
			continue;
		const raw = values.get(f.referenceName);
		const empty =
			raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
		const effective = empty ? defaultOf(type, f) : raw;
		if ((effective === null || effective === undefined) && f.alwaysRequired) {
			errors.push({ field: f, flags: ['required', 'invalidEmpty'] });
			continue;
		}
		if (!empty && f.allowedValues && f.allowedValues !== 'identities') {
			const allowed = allowedValuesOf(ctx, type, f).map(String);
			if (!allowed.some((a) => a.toLowerCase() === String(raw).toLowerCase()))
				errors.push({
					field: f,
					flags: [
						...(f.alwaysRequired ? ['required'] : []),
						'hasValues',
						'limitedToValues',
						'allowsOldValue',
						'invalidListValue'
					]
				});
		}
	}
	if (errors.length > 0) throw ruleException(errors);

	const validateOnly = (ctx.url.searchParams.get('validateOnly') ?? '').toLowerCase() === 'true';
	const out: Record<string, unknown> = {};
	const me = peopleOf(ctx.collection)[0] as Person;
	const now = new Date().toISOString();
	out['System.AreaPath'] = area.rel ? `${p.name}\\${area.rel}` : p.name;
	out['System.TeamProject'] = p.name;
	out['System.IterationPath'] = iteration.rel ? `${p.name}\\${iteration.rel}` : p.name;
	out['System.WorkItemType'] = type.name;
	out['System.State'] = String(values.get('System.State') ?? type.states[0]?.name ?? 'New');
	out['System.Reason'] = 'New';
	if (assignee) out['System.AssignedTo'] = identityRef(ctx, assignee);
	out['System.CreatedDate'] = now;
	out['System.CreatedBy'] = identityRef(ctx, me);
	out['System.ChangedDate'] = now;
	out['System.ChangedBy'] = identityRef(ctx, me);
	for (const f of fields) {
		if (
			out[f.referenceName] !== undefined ||
			f.readOnly ||
			(f.type === 'integer' && f.referenceName.startsWith('System.'))
		)
			continue;
		const v = values.get(f.referenceName) ?? defaultOf(type, f);
		if (v === null || v === undefined) continue;
		out[f.referenceName] = f.referenceName === 'Microsoft.VSTS.Common.Priority' ? Number(v) : v;
	}
	for (const f of SYSTEM_FIELDS_ANY_TYPE)
		if (values.has(f.referenceName) && out[f.referenceName] === undefined)
			out[f.referenceName] = values.get(f.referenceName);

	if (validateOnly) {
		// A dry run runs the rules and saves nothing: no id comes back.
		return {
			body: {
				rev: 0,
				fields: out,
				_links: { workItemType: { href: witUrl(ctx, p, type) } },
				url: `${base(ctx)}/_apis/wit/workItems`
			}
		};
	}
	const id = ctx.state.nextWorkItemId++;
	const item = {
		id,
		rev: 1,
		fields: out,
		_links: {
			self: { href: `${base(ctx)}/_apis/wit/workItems/${id}` },
			workItemType: { href: witUrl(ctx, p, type) },
			html: {
				href: `${base(ctx)}/web/wi.aspx?pcguid=${guidOf(ctx.collection.key, 'instance')}&id=${id}`
			}
		},
		url: `${base(ctx)}/_apis/wit/workItems/${id}`
	};
	ctx.state.workItems.set(id, item);
	return { body: item };
}

function workItemNotFound(id: string): SimError {
	return err(
		404,
		`TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
		`${WIT_SERVER}.WorkItemUnauthorizedAccessException, ${WIT_SERVER}`,
		'WorkItemUnauthorizedAccessException',
		{
			eventId: 3200
		}
	);
}

async function updateWorkItem(ctx: RouteContext, idText: string): Promise<RouteResult> {
	const item = ctx.state.workItems.get(Number(idText));
	if (!item) throw workItemNotFound(idText);
	requirePatchContentType(ctx);
	const ops = parsePatch(await ctx.readBody());
	for (const op of ops)
		if (op.op === 'test' && op.path === '/rev' && op.value !== item.rev)
			throw err(
				412,
				`TF26071: This work item has been changed by someone else since you opened it. You will need to refresh it and discard your changes.`,
				`${WIT_SERVER}.WorkItemRevisionMismatchException, ${WIT_SERVER}`,
				'WorkItemRevisionMismatchException',
				{ eventId: 3200 }
			);
	if ((ctx.url.searchParams.get('validateOnly') ?? '').toLowerCase() === 'true')
		return { body: item };
	const fields = { ...(item.fields as Record<string, unknown>) };
	for (const op of ops) {
		const m = /^\/fields\/(.+)$/.exec(op.path);
		if (m && op.op !== 'test') fields[m[1] as string] = op.value;
	}
	const next = { ...item, rev: Number(item.rev) + 1, fields };
	ctx.state.workItems.set(Number(idText), next);
	return { body: next };
}

// ---- resolution -------------------------------------------------------------------------------

const GET = ['GET'] as const;

function lower(s: string | undefined): string {
	return (s ?? '').toLowerCase();
}

export function resolveRoute(ctx: RouteContext): Route {
	const { segs } = ctx;
	if (ctx.host === 'vssps') return identityHostRoute(ctx);
	if (ctx.host === 'app') return orglessRoute(ctx);
	if (lower(segs[0]) === '_apis') return collectionRoute(ctx, segs.slice(1));
	if (segs.length === 0 || !segs[0]) throw pageNotFound();
	if (lower(segs[1]) === '_apis') return projectRoute(ctx, segs[0], null, segs.slice(2));
	if (segs[1] && lower(segs[2]) === '_apis')
		return projectRoute(ctx, segs[0], segs[1], segs.slice(3));
	throw pageNotFound();
}

function identityHostRoute(ctx: RouteContext): Route {
	const s = ctx.segs.map(lower);
	if (s[0] === '_apis' && s[1] === 'connectiondata' && s.length === 2)
		return connectionDataRoute(ctx);
	if (s[0] === '_apis' && s[1] === 'identities' && s.length === 2) return identitiesRoute(ctx);
	throw noController(ctx.rawPath);
}

function orglessRoute(ctx: RouteContext): Route {
	const s = ctx.segs.map(lower);
	const me = peopleOf(ctx.collection)[0] as Person;
	if (
		s[0] === '_apis' &&
		s[1] === 'profile' &&
		s[2] === 'profiles' &&
		s[3] === 'me' &&
		s.length === 4
	)
		return {
			scope: 'profile',
			methods: GET,
			run: () => ({
				body: {
					displayName: me.displayName,
					publicAlias: me.id,
					emailAddress: me.uniqueName,
					coreRevision: 1,
					timeStamp: '2026-01-01T00:00:00+00:00',
					id: me.id,
					revision: 1
				}
			})
		};
	if (s[0] === '_apis' && s[1] === 'accounts' && s.length === 2)
		return {
			scope: 'profile',
			methods: GET,
			run: () => ({
				body: list(
					Object.values(ORGANIZATIONS).map((o) => ({
						accountId: guidOf(o.key, 'instance'),
						accountUri: `${ctx.origin}/_vssps/${o.name}/`,
						accountName: o.name,
						properties: {}
					}))
				)
			})
		};
	throw noController(ctx.rawPath);
}

function connectionDataRoute(ctx: RouteContext): Route {
	return {
		scope: 'any',
		previewOnly: true,
		methods: GET,
		run: () => {
			const r = release(ctx);
			const me = identity(ctx, peopleOf(ctx.collection)[0] as Person);
			return {
				body: {
					authenticatedUser: me,
					authorizedUser: me,
					instanceId: guidOf(ctx.collection.key, 'instance'),
					deploymentId: guidOf(r.id, 'deployment'),
					deploymentType: r.deploymentType,
					lastUserAccess: '2026-11-20T08:00:00.000Z',
					locationServiceData: {
						serviceOwner:
							r.deploymentType === 'hosted'
								? '00025394-6065-48ca-87d9-7f5672854ef7'
								: '00000000-0000-0000-0000-000000000000',
						defaultAccessMappingMoniker: 'PublicAccessMapping',
						lastChangeId: 62693399,
						lastChangeId64: 62693399
					},
					...(r.deploymentType === 'onPremises'
						? { webApplicationRelativeDirectory: `/${r.id}/` }
						: {})
				}
			};
		}
	};
}

function identitiesRoute(ctx: RouteContext): Route {
	return {
		scope: 'identity',
		methods: GET,
		run: () => {
			const filter = lower(ctx.url.searchParams.get('searchFilter') ?? 'General');
			const value = lower(ctx.url.searchParams.get('filterValue') ?? '').trim();
			const ids = (ctx.url.searchParams.get('identityIds') ?? '')
				.split(',')
				.map((x) => x.trim().toLowerCase())
				.filter(Boolean);
			const people = peopleOf(ctx.collection);
			let hits: Person[];
			if (ids.length > 0) hits = people.filter((p) => ids.includes(p.id));
			else if (!value) hits = [];
			else if (filter === 'mailaddress')
				hits = people.filter((p) => p.uniqueName.toLowerCase() === value);
			else if (filter === 'displayname')
				hits = people.filter((p) => p.displayName.toLowerCase().startsWith(value));
			else if (filter === 'accountname')
				hits = people.filter(
					(p) => p.uniqueName.split('@')[0]?.toLowerCase() === value.split('\\').pop()
				);
			else
				hits = people.filter(
					(p) =>
						p.uniqueName.toLowerCase() === value || p.displayName.toLowerCase().startsWith(value)
				);
			return { body: list(hits.slice(0, 100).map((p) => identity(ctx, p))) };
		}
	};
}

function collectionRoute(ctx: RouteContext, s: string[]): Route {
	const a = s.map(lower);
	const services = ctx.collection.release === 'services';
	if (a[0] === 'connectiondata' && a.length === 1) return connectionDataRoute(ctx);
	if (a[0] === 'resourceareas' && a.length === 1) return resourceAreasRoute(ctx);
	if (a[0] === 'identities' && a.length === 1 && !services) return identitiesRoute(ctx);
	if (a[0] === 'projects') {
		if (a.length === 1) return projectsListRoute(ctx);
		const pid = s[1] as string;
		if (a.length === 2) return projectGetRoute(ctx, pid);
		if (a.length === 3 && a[2] === 'properties') return propertiesRoute(ctx, pid);
		if (a.length === 3 && a[2] === 'teams') return teamsRoute(ctx, pid);
		if (a.length === 5 && a[2] === 'teams' && a[4] === 'members')
			return membersRoute(ctx, pid, s[3] as string);
	}
	if (a[0] === 'process' && a[1] === 'processes') {
		if (a.length === 2)
			return {
				scope: 'work',
				methods: GET,
				run: () => ({ body: list(visibleProcesses(ctx).map((p) => coreProcess(ctx, p))) })
			};
		if (a.length === 3)
			return {
				scope: 'work',
				methods: GET,
				run: () => {
					const p = visibleProcesses(ctx).find((x) => x.typeId === a[2]);
					if (!p) throw processNotFound(s[2] as string);
					return { body: coreProcess(ctx, p) };
				}
			};
	}
	// TFS 2018 has these too (tfs-4.1 spec, 4.1-preview.1): it lists its system processes.
	if (a[0] === 'work' && a[1] === 'processes') return workProcessRoute(ctx, s.slice(2));
	if (a[0] === 'wit' && a[1] === 'workitems' && a.length === 3 && /^\d+$/.test(a[2] as string))
		return workItemByIdRoute(ctx, s[2] as string);
	if (a[0] === 'git' && a[1] === 'repositories' && a.length === 2) return gitRoute(ctx, null);
	if (a[0] === 'git' && a[1] === 'repositories' && a.length === 3)
		return gitRepositoryRoute(ctx, null, s[2] as string);
	if (a[0] === 'build' && a[1] === 'builds' && a.length === 2)
		return { scope: 'build', methods: GET, run: () => ({ body: list([]) }) };
	throw noController(ctx.rawPath);
}

/**
 * Services lists where each area lives (the node client then calls that URL); a Server answers
 * an empty list with a null value (azure-devops-node-api WebApi._getResourceAreaUrl).
 */
function resourceAreasRoute(ctx: RouteContext): Route {
	return {
		scope: 'any',
		previewOnly: previewHere(ctx, 'resourceAreas'),
		methods: GET,
		run: () => {
			if (release(ctx).deploymentType === 'onPremises') return { body: { count: 0, value: null } };
			const value = RESOURCE_AREAS.map((r) => ({
				id: r.id,
				name: r.name,
				locationUrl: `${r.host === 'identity' ? identityBase(ctx) : base(ctx)}/`
			}));
			return { body: list(value) };
		}
	};
}

function coreProcess(ctx: RouteContext, p: ProcessDef): Record<string, unknown> {
	return {
		id: p.typeId,
		description: p.description,
		isDefault: p.isDefault,
		type: p.customizationType,
		url: `${base(ctx)}/_apis/process/processes/${p.typeId}`,
		name: p.name
	};
}

function processNotFound(id: string): SimError {
	return err(
		404,
		`VS402362: The process with id ${id} does not exist or you do not have permission to access it.`,
		`${WIT_SERVER}.ProcessNotFoundByTypeIdException, ${WIT_SERVER}`,
		'ProcessNotFoundByTypeIdException',
		{ eventId: 3200 }
	);
}

function workProcessRoute(ctx: RouteContext, s: string[]): Route {
	const a = s.map(lower);
	const info = (p: ProcessDef): Record<string, unknown> => {
		const out: Record<string, unknown> = {
			typeId: p.typeId,
			name: p.name,
			referenceName: p.customizationType === 'inherited' ? p.name.replace(/ /g, '') : null,
			description: p.description,
			parentProcessTypeId: p.parentTypeId ?? NIL_GUID,
			isEnabled: true,
			isDefault: p.isDefault,
			customizationType: p.customizationType
		};
		if (enumParam(ctx, '$expand', PROCESS_EXPAND) === 'projects') {
			const mine = ctx.collection.projects
				.filter((x) => x.process === p.name)
				.map((x) => findProject(ctx.collection, x.name) as ProjectRecord);
			out.projects = mine.map((x) => ({
				id: x.id,
				name: x.name,
				description: x.description,
				url: `${base(ctx)}/_apis/projects/${x.id}`
			}));
		}
		return out;
	};
	const proc = (): ProcessDef => {
		const p = visibleProcesses(ctx).find((x) => x.typeId === a[0]);
		if (!p) throw processNotFound(s[0] as string);
		return p;
	};
	const previewOnly = previewHere(ctx, 'workProcesses');
	if (a.length === 0)
		return {
			scope: 'work',
			previewOnly,
			methods: GET,
			run: () => ({ body: list(visibleProcesses(ctx).map(info)) })
		};
	if (a.length === 1)
		return { scope: 'work', previewOnly, methods: GET, run: () => ({ body: info(proc()) }) };
	if (a[1] === 'workitemtypes' && a.length === 2)
		return {
			scope: 'work',
			previewOnly: previewHere(ctx, 'workProcessTypes'),
			methods: GET,
			run: () => ({
				body: list(
					proc().types.map((t) => ({
						referenceName: t.referenceName,
						name: t.name,
						description: t.description,
						url: `${base(ctx)}/_apis/work/processes/${proc().typeId}/workItemTypes/${t.referenceName}`,
						customization: t.customization,
						color: t.color,
						icon: t.icon,
						isDisabled: t.isDisabled,
						inherits:
							t.customization === 'inherited'
								? t.referenceName.replace(/^[^.]+/, 'Microsoft.VSTS.WorkItemTypes')
								: null
					}))
				)
			})
		};
	if (a[1] === 'workitemtypes' && a.length === 4 && a[3] === 'fields')
		return {
			scope: 'work',
			previewOnly: previewHere(ctx, 'workProcessFields'),
			methods: GET,
			run: () => {
				const t = proc().types.find((x) => x.referenceName.toLowerCase() === a[2]);
				if (!t)
					throw err(
						404,
						`VS402805: Cannot find work item type with reference name '${s[2]}' in process named '${proc().name}'.`,
						`${WIT_SERVER}.ProcessWorkItemTypeDoesNotExistException, ${WIT_SERVER}`,
						'ProcessWorkItemTypeDoesNotExistException',
						{ eventId: 3200 }
					);
				return {
					body: list(
						t.fields.map((f) => ({
							referenceName: f.referenceName,
							name: f.name,
							type: f.type,
							required: f.alwaysRequired,
							readOnly: Boolean(f.readOnly),
							defaultValue: f.defaultValue,
							allowGroups: f.type === 'identity' ? false : null,
							customization: f.customization ?? 'system',
							url: `${base(ctx)}/_apis/work/processes/${proc().typeId}/workItemTypes/${t.referenceName}/fields/${f.referenceName}`
						}))
					)
				};
			}
		};
	throw noController(ctx.rawPath);
}

function projectsListRoute(ctx: RouteContext): Route {
	return {
		scope: 'project',
		methods: GET,
		run: () => {
			const sp = ctx.url.searchParams;
			const all =
				lower(sp.get('stateFilter') ?? '') === 'deleted' ? [] : projectsOf(ctx.collection).list;
			const top = Math.max(1, Math.min(Number(sp.get('$top') ?? '100') || 100, 1000));
			const token = sp.get('continuationToken');
			const skip = Math.max(0, Number(token ?? sp.get('$skip') ?? '0') || 0);
			const page = all.slice(skip, skip + top);
			const headers: Record<string, string> = {};
			if (skip + top < all.length) headers['x-ms-continuationtoken'] = String(skip + top);
			return { body: list(page.map((p) => projectRef(ctx, p))), headers };
		}
	};
}

function projectGetRoute(ctx: RouteContext, pid: string): Route {
	return {
		scope: 'project',
		methods: GET,
		run: () => {
			const p = project(ctx, pid);
			const proc = processOf(p);
			const body: Record<string, unknown> = {
				...projectRef(ctx, p),
				_links: {
					self: { href: `${base(ctx)}/_apis/projects/${p.id}` },
					collection: {
						href: `${base(ctx)}/_apis/projectCollections/${guidOf(ctx.collection.key, 'instance')}`
					},
					web: { href: `${base(ctx)}/${enc(p.name)}` }
				},
				defaultTeam: defaultTeam(ctx, p)
			};
			if (lower(ctx.url.searchParams.get('includeCapabilities') ?? '') === 'true')
				body.capabilities = {
					versioncontrol: { sourceControlType: 'Git', gitEnabled: 'True', tfvcEnabled: 'False' },
					processTemplate: { templateName: proc.name, templateTypeId: proc.typeId }
				};
			return { body };
		}
	};
}

function wildcard(pattern: string): RegExp {
	return new RegExp(
		`^${pattern
			.replace(/[.+^${}()|[\]\\]/g, '\\$&')
			.replace(/\*/g, '.*')
			.replace(/\?/g, '.')}$`,
		'i'
	);
}

function propertiesRoute(ctx: RouteContext, pid: string): Route {
	return {
		scope: 'project',
		previewOnly: true,
		methods: GET,
		run: () => {
			const p = project(ctx, pid);
			const proc = processOf(p);
			const template = guidOf(proc.typeId, 'template');
			const all = [
				{ name: 'System.CurrentProcessTemplateId', value: template },
				{ name: 'System.OriginalProcessTemplateId', value: template },
				{ name: 'System.ProcessTemplateType', value: proc.typeId },
				{ name: 'System.Process Template', value: proc.name },
				{ name: 'System.Microsoft.TeamFoundation.Team.Default', value: p.defaultTeamId },
				{ name: 'System.SourceControlCapabilityFlags', value: '2' },
				{ name: 'System.SourceControlGitEnabled', value: 'True' },
				{ name: 'System.SourceControlGitPermissionsInitialized', value: 'True' }
			];
			const keys = (ctx.url.searchParams.get('keys') ?? '')
				.split(',')
				.map((k) => k.trim())
				.filter(Boolean);
			const picked =
				keys.length === 0 ? all : all.filter((x) => keys.some((k) => wildcard(k).test(x.name)));
			return { body: list(picked) };
		}
	};
}

function teamOf(ctx: RouteContext, p: ProjectRecord, team: string): void {
	if (
		team.toLowerCase() !== `${p.name} Team`.toLowerCase() &&
		team.toLowerCase() !== p.defaultTeamId
	)
		throw err(
			404,
			`The team with id '${team}' does not exist.`,
			'Microsoft.TeamFoundation.Core.WebApi.TeamNotFoundException, Microsoft.TeamFoundation.Core.WebApi',
			'TeamNotFoundException'
		);
}

function teamsRoute(ctx: RouteContext, pid: string): Route {
	return {
		scope: 'project',
		methods: GET,
		run: () => {
			const p = project(ctx, pid);
			return {
				body: list([
					{
						...defaultTeam(ctx, p),
						description: 'The default project team.',
						identityUrl: `${identityBase(ctx)}/_apis/Identities/${p.defaultTeamId}`,
						projectName: p.name,
						projectId: p.id
					}
				])
			};
		}
	};
}

function membersRoute(ctx: RouteContext, pid: string, team: string): Route {
	return {
		scope: 'project',
		methods: GET,
		run: () => {
			const p = project(ctx, pid);
			teamOf(ctx, p, team);
			const top = Math.max(1, Number(ctx.url.searchParams.get('$top') ?? '100') || 100);
			const skip = Math.max(0, Number(ctx.url.searchParams.get('$skip') ?? '0') || 0);
			const page = peopleOf(ctx.collection)
				.filter((x) => isActive(ctx, x))
				.slice(skip, skip + top);
			return {
				body: {
					value: page.map((x, i) => ({
						isTeamAdmin: i === 0 && skip === 0,
						identity: identityRef(ctx, x)
					})),
					count: page.length
				}
			};
		}
	};
}

function gitRoute(ctx: RouteContext, p: ProjectRecord | null): Route {
	return {
		scope: 'code',
		methods: GET,
		run: () => {
			const projects = p ? [p] : projectsOf(ctx.collection).list.slice(0, 5);
			return {
				body: list(
					projects.map((x) => ({
						id: guidOf(ctx.collection.key, 'repo', x.name),
						name: x.name,
						url: `${base(ctx)}/${x.id}/_apis/git/repositories/${guidOf(ctx.collection.key, 'repo', x.name)}`,
						project: projectRef(ctx, x),
						defaultBranch: 'refs/heads/main',
						size: 1024,
						remoteUrl: `${base(ctx)}/${enc(x.name)}/_git/${enc(x.name)}`,
						webUrl: `${base(ctx)}/${enc(x.name)}/_git/${enc(x.name)}`
					}))
				)
			};
		}
	};
}

/** One repository by id or name (the scope is checked first: 401 without vso.code). */
function gitRepositoryRoute(ctx: RouteContext, p: ProjectRecord | null, id: string): Route {
	return {
		scope: 'code',
		methods: GET,
		run: () => {
			const projects = p ? [p] : projectsOf(ctx.collection).list.slice(0, 5);
			const hit = projects.find(
				(x) =>
					guidOf(ctx.collection.key, 'repo', x.name) === id.toLowerCase() ||
					x.name.toLowerCase() === id.toLowerCase()
			);
			if (!hit)
				throw err(
					404,
					`TF401019: The Git repository with name or identifier ${id} does not exist or you do not have permissions for the operation you are attempting.`,
					'Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException, Microsoft.TeamFoundation.Git.Server',
					'GitRepositoryNotFoundException'
				);
			const listed = gitRoute(ctx, hit).run() as RouteResult;
			return { body: (listed.body as { value: unknown[] }).value[0] };
		}
	};
}

function workItemByIdRoute(ctx: RouteContext, id: string): Route {
	if (ctx.method === 'PATCH')
		return { scope: 'work_write', methods: ['PATCH'], run: () => updateWorkItem(ctx, id) };
	return {
		scope: 'work',
		methods: GET,
		run: () => {
			const item = ctx.state.workItems.get(Number(id));
			if (!item) throw workItemNotFound(id);
			return { body: item };
		}
	};
}

function projectRoute(
	ctx: RouteContext,
	projectName: string,
	team: string | null,
	s: string[]
): Route {
	const a = s.map(lower);
	const p = project(ctx, projectName);
	if (team !== null || (a[0] === 'work' && a[1] === 'teamsettings')) {
		if (a[0] === 'work' && a[1] === 'teamsettings')
			return teamSettingsRoute(ctx, p, team ?? `${p.name} Team`, a.slice(2));
		throw noController(ctx.rawPath);
	}
	if (a[0] === 'wit') {
		if (a[1] === 'workitemtypes') {
			if (a.length === 2)
				return {
					scope: 'work',
					methods: GET,
					run: () => ({ body: list(processOf(p).types.map((t) => witJson(ctx, p, t))) })
				};
			const typeName = s[2] as string;
			if (a.length === 3)
				return {
					scope: 'work',
					methods: GET,
					run: () => ({ body: witJson(ctx, p, typeOf(p, typeName)) })
				};
			if (a.length === 4 && a[3] === 'states')
				return {
					scope: 'work',
					previewOnly: previewHere(ctx, 'workItemTypeStates'),
					methods: GET,
					run: () => ({ body: list([...typeOf(p, typeName).states]) })
				};
			if (a[3] === 'fields' && a.length <= 5)
				return {
					scope: 'work',
					methods: GET,
					run: () => {
						const t = typeOf(p, typeName);
						const expand = enumParam(ctx, '$expand', FIELDS_EXPAND);
						const fields = fieldsOf(ctx, p, t);
						if (a.length === 4)
							return { body: list(fields.map((f) => fieldJson(ctx, t, f, expand))) };
						const f = fields.find((x) => x.referenceName.toLowerCase() === a[4]);
						if (!f)
							throw err(
								404,
								`TF51535: Cannot find field ${s[4]}.`,
								`${WIT_SERVER}.WorkItemFieldInvalidException, ${WIT_SERVER}`,
								'WorkItemFieldInvalidException',
								{ eventId: 3200, errorCode: 600171 }
							);
						return { body: fieldJson(ctx, t, f, expand) };
					}
				};
		}
		if (a[1] === 'workitemtypecategories' && a.length === 2)
			return { scope: 'work', methods: GET, run: () => ({ body: list(categories(ctx, p)) }) };
		if (a[1] === 'classificationnodes') return classificationRoute(ctx, p, s.slice(2));
		if (a[1] === 'workitems' && a.length === 3) {
			const seg = s[2] as string;
			if (seg.startsWith('$')) {
				if (ctx.method !== 'POST') throw pageNotFound();
				return {
					scope: 'work_write',
					methods: ['POST'],
					run: () => createWorkItem(ctx, p, seg.slice(1))
				};
			}
			if (/^\d+$/.test(seg)) return workItemByIdRoute(ctx, seg);
			// `/workitems/Bug` without `$` is not a route at all.
			throw pageNotFound();
		}
	}
	if (a[0] === 'git' && a[1] === 'repositories' && a.length === 2) return gitRoute(ctx, p);
	if (a[0] === 'git' && a[1] === 'repositories' && a.length === 3)
		return gitRepositoryRoute(ctx, p, s[2] as string);
	if (a[0] === 'build' && a[1] === 'builds' && a.length === 2)
		return { scope: 'build', methods: GET, run: () => ({ body: list([]) }) };
	throw noController(ctx.rawPath);
}

function categories(ctx: RouteContext, p: ProjectRecord): Record<string, unknown>[] {
	const types = processOf(p).types;
	const names = [...new Set(types.map((t) => t.category).filter((c): c is string => c !== null))];
	return names.map((ref) => {
		const members = types.filter((t) => t.category === ref);
		const ref0 = members[0] as WorkItemTypeDef;
		const typeRef = (t: WorkItemTypeDef) => ({ name: t.name, url: witUrl(ctx, p, t) });
		return {
			name: ref.replace('Microsoft.', '').replace('Category', ' Category'),
			referenceName: ref,
			defaultWorkItemType: typeRef(ref0),
			workItemTypes: members.map(typeRef),
			url: `${base(ctx)}/${p.id}/_apis/wit/workItemTypeCategories/${ref}`
		};
	});
}

function classificationRoute(ctx: RouteContext, p: ProjectRecord, s: string[]): Route {
	return {
		scope: 'work',
		methods: GET,
		run: () => {
			const depth = depthOf(ctx);
			const areas = treeOf(ctx.collection, p, 'area', ctx.state.renamedAreas);
			const iterations = treeOf(ctx.collection, p, 'iteration', ctx.state.renamedAreas);
			if (s.length === 0) {
				const ids = (ctx.url.searchParams.get('ids') ?? '')
					.split(',')
					.map((x) => Number(x.trim()))
					.filter((x) => Number.isInteger(x) && x > 0);
				if (ids.length > 0) {
					const found: TreeNode[] = [];
					for (const root of [areas, iterations])
						walk(root, (n) => void (ids.includes(n.id) && found.push(n)));
					if (found.length < ids.length && enumParam(ctx, 'errorPolicy', ERROR_POLICY) !== 'omit')
						throw nodeNotFound(String(ids.find((i) => !found.some((n) => n.id === i))));
					return { body: list(found.map((n) => nodeJson(ctx, p, n, depth))) };
				}
				return {
					body: list([nodeJson(ctx, p, areas, depth), nodeJson(ctx, p, iterations, depth)])
				};
			}
			const raw = lower(s[0]);
			const group = /^\d+$/.test(raw) ? STRUCTURE_GROUP[Number(raw)] : raw;
			const root = group === 'areas' ? areas : group === 'iterations' ? iterations : null;
			if (!root) throw noController(ctx.rawPath);
			// Clients that fill `{*path}` with one encoded value send `Web%2FLogin`.
			const rel = s.slice(1).join('\\').replace(/\//g, '\\');
			const node = findNode(root, rel);
			if (!node) throw nodeNotFound(rel);
			return { body: nodeJson(ctx, p, node, depth) };
		}
	};
}

function nodeNotFound(path: string): SimError {
	return err(
		404,
		`VS402485: The Area/Iteration name is not recognized: ${path}`,
		`${WIT_SERVER}.TreeNodeNotFoundException, ${WIT_SERVER}`,
		'TreeNodeNotFoundException',
		{ eventId: 3200 }
	);
}

function teamSettingsRoute(ctx: RouteContext, p: ProjectRecord, team: string, a: string[]): Route {
	return {
		scope: 'work',
		methods: GET,
		run: () => {
			teamOf(ctx, p, team);
			const url = `${base(ctx)}/${p.id}/${p.defaultTeamId}/_apis/work/teamsettings`;
			if (a.length === 0) {
				// TeamSetting (work 7.1 spec): backlog and default iteration, bugs behaviour, working days.
				const iterations = treeOf(ctx.collection, p, 'iteration', ctx.state.renamedAreas);
				const current = iterations.children.find((c) => c.name === CURRENT_ITERATION);
				const ref = (n: TreeNode) => ({
					id: n.identifier,
					name: n.name,
					path: n.rel ? `${p.name}\\${n.rel}` : p.name,
					url: `${url}/iterations/${n.identifier}`
				});
				return {
					body: {
						backlogIteration: ref(iterations),
						bugsBehavior: 'asRequirements',
						workingDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
						backlogVisibilities: {
							'Microsoft.EpicCategory': false,
							'Microsoft.FeatureCategory': true,
							'Microsoft.RequirementCategory': true
						},
						defaultIteration: current ? ref(current) : null,
						defaultIterationMacro: '@currentIteration',
						url,
						_links: { self: { href: url } }
					}
				};
			}
			if (a[0] === 'teamfieldvalues' && a.length === 1) {
				const areas = treeOf(ctx.collection, p, 'area', ctx.state.renamedAreas);
				const first = areas.children[0];
				const def = first ? `${p.name}\\${first.name}` : p.name;
				const values = areas.children
					.filter((c) => c.name.toLowerCase() !== RESTRICTED_AREA.toLowerCase())
					.slice(0, 2);
				return {
					body: {
						field: {
							referenceName: 'System.AreaPath',
							url: `${base(ctx)}/_apis/wit/fields/System.AreaPath`
						},
						defaultValue: def,
						values: (values.length ? values : [areas]).map((c) => ({
							value: c === areas ? p.name : `${p.name}\\${c.name}`,
							includeChildren: true
						})),
						url: `${url}/teamfieldvalues`,
						_links: { self: { href: `${url}/teamfieldvalues` } }
					}
				};
			}
			if (a[0] === 'iterations' && a.length === 1) {
				const iterations = treeOf(ctx.collection, p, 'iteration', ctx.state.renamedAreas);
				const names = iterations.children.map((c) => c.name);
				const cur = names.indexOf(CURRENT_ITERATION);
				const tf = lower(ctx.url.searchParams.get('$timeframe') ?? '');
				const value = iterations.children
					.map((c, i) => ({
						id: c.identifier,
						name: c.name,
						path: `${p.name}\\${c.rel}`,
						attributes: {
							...(iterationDates(c.name) ?? {}),
							timeFrame: i < cur ? 'past' : i === cur ? 'current' : 'future'
						},
						url: `${url}/iterations/${c.identifier}`
					}))
					.filter((x) => !tf || x.attributes.timeFrame === tf);
				return { body: list(value) };
			}
			throw noController(ctx.rawPath);
		}
	};
}
