import type { Component } from 'svelte';
import type { StepId } from '$lib/domain';
import type { StepProps } from './step-props';
import StepProvider from './StepProvider.svelte';
import StepOrganization from './StepOrganization.svelte';
import StepAttestations from './StepAttestations.svelte';
import StepBaseUrl from './StepBaseUrl.svelte';
import StepNetwork from './StepNetwork.svelte';
import StepCredential from './StepCredential.svelte';
import StepConnection from './StepConnection.svelte';
import StepProject from './StepProject.svelte';
import StepScopes from './StepScopes.svelte';
import StepMapping from './StepMapping.svelte';
import StepReview from './StepReview.svelte';
import StepSaved from './StepSaved.svelte';

/**
 * The component that renders each wizard step: the UI column of the steps table, whose id,
 * heading and fix target live in the domain's STEPS (the domain does not know about Svelte).
 */
export const STEP_COMPONENTS: Record<StepId, Component<StepProps>> = {
	provider: StepProvider,
	organization: StepOrganization,
	attestations: StepAttestations,
	base_url: StepBaseUrl,
	network: StepNetwork,
	credential: StepCredential,
	connection: StepConnection,
	project: StepProject,
	scopes: StepScopes,
	mapping: StepMapping,
	review: StepReview,
	saved: StepSaved
};
