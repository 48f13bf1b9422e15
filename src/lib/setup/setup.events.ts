import type {
	AllowlistStatus,
	Attestations,
	AuthMethod,
	MappingDraft,
	ProviderKey
} from '$lib/domain';

/** Everything the admin (or the app around the chart) can tell the setup statechart. */
export type SetupEvent =
	| { type: 'setup.started' }
	| { type: 'setup.cancelled' }
	| { type: 'nav.back' }
	| { type: 'provider.chosen'; provider_key: ProviderKey }
	| { type: 'organization.submitted'; organization: string }
	| { type: 'auth_method.chosen'; auth_method: AuthMethod }
	| { type: 'attestation.changed'; attestation: keyof Attestations; value: boolean }
	| { type: 'attestations.confirmed' }
	| { type: 'base_url.submitted'; base_url: string }
	| { type: 'network.confirmed'; allowlist_status: AllowlistStatus }
	| { type: 'token.submitted'; token: string; token_expires_at?: string | undefined }
	| { type: 'oauth.started' }
	| { type: 'project.searched'; name: string }
	| { type: 'project.chosen'; project_id: string }
	| { type: 'scopes.acknowledged' }
	| { type: 'scopes.confirmed' }
	| { type: 'mapping.changed'; mapping: Partial<MappingDraft> }
	| { type: 'assignee.searched'; query: string }
	| { type: 'mapping.submitted' }
	| { type: 'save.requested' }
	| { type: 'blocked.retry' }
	| { type: 'blocked.fix' }
	| { type: 'export.continued' }
	| { type: 'fallback.chosen' };

export type SetupEventType = SetupEvent['type'];
