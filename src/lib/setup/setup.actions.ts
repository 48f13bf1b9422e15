import {
	EMPTY_DRAFT,
	firstIssue,
	organizationSchema,
	serverBaseUrlSchema,
	type AllowlistStatus,
	type Attestations,
	type AuthMethod,
	type MappingDraft,
	type ProbeName,
	type ProbeResponse,
	type ProviderKey,
	type StepId
} from '$lib/domain';
import type { SetupDecision } from '$lib/policy';
import {
	changeMapping,
	chooseProject,
	enterBaseUrl,
	enterOrganization,
	mergeProjectLookup,
	newCredential,
	recordDiscovery,
	switchProvider,
	withResult
} from './draft-reshaping';
import { mappingProblem } from './setup.guards';
import type { SaveOutput, SetupContext } from './setup.context';

/**
 * The statechart's context updates, one per named action (the chart wraps each in `assign`).
 * Each takes the context and its typed params and returns only what changes; the draft rules
 * themselves live in draft-reshaping.ts.
 */

type Args = { context: SetupContext };
type Update = Partial<SetupContext>;

/** A check's answer with the probe it answers (the pair stays typed together). */
type ProbeAnswer = { [P in ProbeName]: { probe: P; response: ProbeResponse<P> } }[ProbeName];

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export const updates = {
	resetSetup: (): Update => ({
		draft: EMPTY_DRAFT,
		token: null,
		token_notice: null,
		decision: null,
		current_step: 'provider',
		field_errors: {}
	}),
	enterStep: (_: Args, p: { step: StepId }): Update => ({ current_step: p.step, field_errors: {} }),
	clearFailure: (): Update => ({ failure: null }),
	recordFailure: (_: Args, p: { error: unknown }): Update => ({ failure: errorText(p.error) }),
	recordDecision: (_: Args, p: { decision: SetupDecision }): Update => ({ decision: p.decision }),
	/** `lookup`: the answer to a by-name search, added to the list shown rather than replacing it. */
	recordProbe: ({ context }: Args, p: ProbeAnswer & { lookup: boolean }): Update => {
		if (p.probe === 'discovery') return { draft: recordDiscovery(context.draft, p.response) };
		if (p.probe === 'projects' && p.lookup) {
			const { draft, found } = mergeProjectLookup(context.draft, p.response);
			if (found === null) return { draft };
			const missing = 'No project with that exact name is visible to this credential.';
			return { draft, field_errors: found ? {} : { project: missing } };
		}
		return { draft: withResult(context.draft, p.probe, p.response) };
	},
	chooseProvider: ({ context }: Args, p: { provider_key: ProviderKey }): Update => ({
		draft: switchProvider(context.draft, p.provider_key)
	}),
	acceptOrganization: ({ context }: Args, p: { organization: string }): Update => ({
		draft: enterOrganization(context.draft, p.organization)
	}),
	/** Keep what was typed so nothing is lost; say what is wrong beside the field. */
	refuseOrganization: ({ context }: Args, p: { organization: string }): Update => ({
		draft: { ...context.draft, organization: p.organization },
		field_errors: {
			organization: firstIssue(organizationSchema.safeParse(p.organization)) ?? undefined
		}
	}),
	chooseAuthMethod: ({ context }: Args, p: { auth_method: AuthMethod }): Update => ({
		draft: { ...context.draft, auth_method: p.auth_method }
	}),
	changeAttestation: (
		{ context }: Args,
		p: { attestation: keyof Attestations; value: boolean }
	): Update => ({
		draft: {
			...context.draft,
			attestations: { ...context.draft.attestations, [p.attestation]: p.value }
		},
		field_errors: {}
	}),
	requireAttestations: (): Update => ({
		field_errors: { attestations: 'Confirm all three statements before entering the server URL.' }
	}),
	acceptBaseUrl: ({ context }: Args, p: { base_url: string }): Update => ({
		// The canonical serialisation that was checked is what the draft keeps, not the typed string.
		draft: enterBaseUrl(context.draft, serverBaseUrlSchema.parse(p.base_url)),
		field_errors: {}
	}),
	refuseBaseUrl: ({ context }: Args, p: { base_url: string }): Update => ({
		draft: { ...context.draft, base_url: p.base_url },
		field_errors: {
			base_url: firstIssue(serverBaseUrlSchema.safeParse(p.base_url)) ?? undefined
		}
	}),
	confirmNetwork: ({ context }: Args, p: { allowlist_status: AllowlistStatus }): Update => ({
		draft: { ...context.draft, allowlist_status: p.allowlist_status }
	}),
	acceptToken: (
		{ context }: Args,
		p: { token: string; token_expires_at?: string | undefined }
	): Update => ({
		token: p.token.trim(),
		token_notice: null,
		draft: newCredential(context.draft, p.token_expires_at, 'pasted')
	}),
	requireToken: (): Update => ({ field_errors: { token: 'Paste the personal access token.' } }),
	acceptEntraToken: (
		{ context }: Args,
		p: { access_token: string; expires_at: string }
	): Update => ({
		token: p.access_token,
		token_notice: null,
		draft: newCredential(context.draft, p.expires_at, 'entra')
	}),
	refuseEntraSignIn: (_: Args, p: { error: unknown }): Update => ({
		field_errors: { token: errorText(p.error) }
	}),
	chooseProject: ({ context }: Args, p: { project_id: string }): Update => {
		const draft = chooseProject(context.draft, p.project_id);
		if (!draft) return { field_errors: { project: 'Choose a project from the list.' } };
		return { draft, field_errors: {} };
	},
	acknowledgeBroadScopes: ({ context }: Args): Update => ({
		draft: { ...context.draft, broad_scopes_acknowledged: true }
	}),
	changeMapping: ({ context }: Args, p: { mapping: Partial<MappingDraft> }): Update => ({
		draft: changeMapping(context.draft, p.mapping),
		field_errors: {}
	}),
	requireCompleteMapping: ({ context }: Args): Update => ({
		field_errors: { mapping: mappingProblem(context.draft) ?? undefined }
	}),
	recordSaved: (_: Args, p: { saved: SaveOutput }): Update => ({ saved: p.saved, token: null })
};
