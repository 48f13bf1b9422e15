import type {
	BlockedCode,
	DiscoveryData,
	ProbeName,
	ProbeRequest,
	ProbeResponse,
	ProviderRecord,
	SetupDraft
} from '$lib/domain';
import { CODE_CATALOGUE, EMPTY_DRAFT } from '$lib/domain';
import type { SetupDecision } from '$lib/policy';
import type { AuditEntryInput } from '$lib/storage';
import { probeRequest } from '$lib/probe/probe-requests';

/** The checks "Verify again" reruns, in the wizard's order. */
const VERIFY_PROBES = [
	'connection',
	'discovery',
	'capabilities',
	'preflight'
] as const satisfies readonly ProbeName[];

export interface VerifyDeps {
	loadTarget(id: string): Promise<ProviderRecord | null>;
	/** Decrypts the sealed token; it lives only inside one verifyTarget call. */
	openToken(id: string): Promise<string>;
	probe<P extends ProbeName>(
		request: Extract<ProbeRequest, { probe: P }>,
		signal?: AbortSignal
	): Promise<ProbeResponse<P>>;
	evaluate(draft: SetupDraft, now: Date): Promise<SetupDecision>;
	saveRecord(record: ProviderRecord): Promise<void>;
	appendAudit(entry: AuditEntryInput): Promise<unknown>;
	now(): Date;
}

export interface VerifyInput {
	target_id: string;
	/** The draft the target was saved from (attestations, acknowledgements); its results are ignored. */
	draft?: SetupDraft | null | undefined;
	signal?: AbortSignal | undefined;
}

export type VerifyOutcome =
	| {
			status: 'ready';
			record: ProviderRecord;
			discovery: { data: DiscoveryData; at: string } | null;
	  }
	| {
			status: 'blocked';
			record: ProviderRecord;
			code: BlockedCode;
			/** Which check or rule blocked it, for the screen; never a secret. */
			check: string;
			message: string;
			fix: string;
			discovery: { data: DiscoveryData; at: string } | null;
	  };

/** A draft that says exactly what the saved record says, with no probe results yet. */
export function draftFromRecord(record: ProviderRecord, saved?: SetupDraft | null): SetupDraft {
	return {
		...EMPTY_DRAFT,
		// A target exists only after these were attested; keep what the admin confirmed then.
		attestations: saved?.attestations ?? {
			owns_server: true,
			api_reachable: true,
			scan_export_authorized: true
		},
		broad_scopes_acknowledged: saved?.broad_scopes_acknowledged ?? false,
		provider_key: record.provider_key,
		deployment_mode: record.deployment_mode,
		organization: record.organization,
		auth_method: record.auth_method,
		...(record.provider_key === 'azure_devops_server' ? { base_url: record.base_url } : {}),
		allowlist_status: record.allowlist_status,
		project: record.project,
		project_id: record.project_id,
		...(record.token_expires_at ? { token_expires_at: record.token_expires_at } : {}),
		mapping: {
			work_item_type: record.work_item_type,
			area_path: record.area_path,
			iteration_path: record.iteration_path,
			priority_mapping: record.priority_mapping,
			severity_mapping: record.severity_mapping,
			assignee_mapping: record.assignee_mapping,
			custom_fields: record.custom_fields
		},
		results: {}
	};
}

/**
 * "Verify again": reruns connection, discovery, capabilities and the dry-run create with the
 * sealed token, then the policy. Anything that changed in Azure DevOps since save (renamed area,
 * newly required field, revoked token) blocks the saved target with its code and an audit entry;
 * a pass refreshes last_verified_at and appends `target.verified`. The token is never returned,
 * stored or put in an error.
 */
export async function verifyTarget(deps: VerifyDeps, input: VerifyInput): Promise<VerifyOutcome> {
	const record = await deps.loadTarget(input.target_id);
	if (!record) throw new Error('This target no longer exists in this browser.');
	let draft = draftFromRecord(record, input.draft);
	let discovery: { data: DiscoveryData; at: string } | null = null;

	const block = async (
		code: BlockedCode,
		check: string,
		message: string,
		fix: string
	): Promise<VerifyOutcome> => {
		const at = deps.now().toISOString();
		const blocked: ProviderRecord = {
			...record,
			status: 'blocked',
			blocked_code: code,
			updated_at: at
		};
		await deps.saveRecord(blocked);
		await deps.appendAudit({
			kind: 'check.blocked',
			at,
			target_id: record.id,
			credential_fingerprint: record.credential_fingerprint,
			code,
			detail: { action: 'verify_again', check }
		});
		return { status: 'blocked', record: blocked, code, check, message, fix, discovery };
	};

	let token: string | null;
	try {
		token = await deps.openToken(record.id);
	} catch {
		return block(
			'PROVIDER_AUTH_REQUIRED',
			'vault',
			'The stored credential could not be opened in this browser.',
			CODE_CATALOGUE.PROVIDER_AUTH_REQUIRED.fix
		);
	}
	try {
		for (const name of VERIFY_PROBES) {
			const response = await deps.probe(probeRequest(name, draft, token) as never, input.signal);
			const at = deps.now().toISOString();
			if (!response.ok)
				return await block(
					response.code,
					`probe:${name}${response.check ? `:${response.check}` : ''}`,
					response.message,
					response.fix
				);
			if (name === 'discovery') discovery = { data: response.data as DiscoveryData, at };
			draft = {
				...draft,
				results: { ...draft.results, [name]: { ok: true, data: response.data, at } }
			};
		}
	} finally {
		// Drop the only reference as soon as the probes are done.
		token = null;
	}

	const decision = await deps.evaluate(draft, deps.now());
	if (!decision.can_save) {
		const first = decision.blocked[0];
		if (!first)
			return block(
				'TICKET_EXPORT_MAPPING_REQUIRED',
				'policy',
				'The readiness rules did not find the target ready.',
				'Open the setup and run the checks again.'
			);
		return block(
			first.code,
			`rule:${first.rule_id}`,
			first.detail ? `${first.message} ${first.detail}` : first.message,
			first.fix
		);
	}
	const at = deps.now().toISOString();
	const ready: ProviderRecord = {
		...record,
		status: 'ready',
		blocked_code: null,
		updated_at: at,
		last_verified_at: at
	};
	await deps.saveRecord(ready);
	await deps.appendAudit({
		kind: 'target.verified',
		at,
		target_id: record.id,
		credential_fingerprint: record.credential_fingerprint,
		detail: { action: 'verify_again', checks: VERIFY_PROBES.join(',') }
	});
	return { status: 'ready', record: ready, discovery };
}
