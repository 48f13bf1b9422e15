import { CAPABILITIES, STEPS, servicesBaseUrl, type SetupDraft, type StepId } from '$lib/domain';
import { formatUtc } from './format';
import { stepsFor } from './progress-view';

interface ResultField {
	name: string;
	value: string;
}

export interface StepResult {
	step: StepId;
	title: string;
	/** The "Result:" sentence of the product page for this step. */
	sentence: string;
	fields: ResultField[];
}

function field(name: string, value: string | undefined | null): ResultField[] {
	return value ? [{ name, value }] : [];
}

/**
 * The "Result:" confirmation of every step completed before `current`, in product order, with the
 * field names the provider record uses. Only recorded values appear; never a token.
 */
export function stepResults(
	draft: SetupDraft,
	current: StepId,
	saved: { credential_fingerprint: string; saved_at: string } | null = null
): StepResult[] {
	const ids = stepsFor(draft);
	const here = ids.indexOf(current);
	const done = (id: StepId) => {
		const i = ids.indexOf(id);
		return i !== -1 && (here === -1 || i < here || (id === 'saved' && saved !== null));
	};
	const r = draft.results;
	const out: StepResult[] = [];
	const add = (step: StepId, sentence: string, fields: ResultField[]) => {
		if (!done(step)) return;
		out.push({ step, title: STEPS.find((s) => s.id === step)?.title ?? step, sentence, fields });
	};

	if (draft.provider_key) {
		add(
			'provider',
			`provider_key is recorded as ${draft.provider_key} before project fields are requested.`,
			[
				...field('provider_key', draft.provider_key),
				...field('deployment_mode', draft.deployment_mode)
			]
		);
	}
	if (draft.provider_key === 'azure_devops_services' && draft.organization && draft.auth_method) {
		add(
			'organization',
			'Credentials are limited to the Azure Boards organization that will receive work items.',
			[
				...field('organization', draft.organization),
				...field('base_url', servicesBaseUrl(draft.organization)),
				...field('auth_method', draft.auth_method)
			]
		);
	}
	if (
		draft.provider_key === 'azure_devops_server' &&
		Object.values(draft.attestations).every(Boolean)
	) {
		add(
			'attestations',
			'The customer confirmed ownership, a reachable collection/project API and scan or export authorization.',
			[]
		);
	}
	if (draft.provider_key === 'azure_devops_server' && r['base-url']?.ok) {
		add(
			'base_url',
			'deployment_mode is self-hosted and private-network checks ran before any token was accepted.',
			[...field('base_url', draft.base_url), ...field('deployment_mode', draft.deployment_mode)]
		);
	}
	if (draft.provider_key === 'azure_devops_server' && draft.allowlist_status) {
		add(
			'network',
			'Firewall, VPN or approved tunnel state is visible before WebRiskOps tries provider API calls.',
			[...field('allowlist_status', draft.allowlist_status)]
		);
	}
	if (r.connection?.ok) {
		const c = r.connection.data;
		add(
			'credential',
			'The credential is held in memory only; nothing secret is stored until Save.',
			[
				...field('auth_method', draft.auth_method),
				...field('token_expires_at', draft.token_expires_at)
			]
		);
		add('connection', `Azure DevOps accepted the credential of ${c.user.display_name}.`, [
			...field('organization', draft.organization),
			...field('api_version', c.api_version)
		]);
	}
	if (r.discovery?.ok) {
		const d = r.discovery.data;
		add(
			'project',
			'WebRiskOps can discover the project process, work item types and required fields before export.',
			[
				...field('organization', draft.organization),
				...field('project', draft.project),
				...field('process', `${d.process.name} (${d.process.kind})`)
			]
		);
	}
	if (r.capabilities?.ok && r.capabilities.data.missing.length === 0) {
		add(
			'scopes',
			'WebRiskOps can validate work_item_type, area_path, iteration_path, priority and assignee mapping without asking for unrelated Azure DevOps access.',
			[
				...field(
					'scopes',
					CAPABILITIES.filter(
						(c) => r.capabilities?.ok && r.capabilities.data.granted.includes(c.id)
					)
						.map((c) => c.pat_label)
						.filter((v, i, a) => a.indexOf(v) === i)
						.join(', ')
				)
			]
		);
	}
	if (r.preflight?.ok && r.preflight.data.valid) {
		add(
			'mapping',
			'The dry-run create passed (validateOnly): nothing was created in Azure DevOps.',
			[
				...field('work_item_type', draft.mapping.work_item_type),
				...field('area_path', draft.mapping.area_path),
				...field('iteration_path', draft.mapping.iteration_path)
			]
		);
	}
	if (saved) {
		add(
			'review',
			'The Azure DevOps target is available to work management export without exposing secrets.',
			[
				...field('credential_fingerprint', saved.credential_fingerprint),
				...field('saved_at', formatUtc(saved.saved_at))
			]
		);
	}
	return out;
}
