import {
	CODE_CATALOGUE,
	PROBE_NAMES,
	PROVIDER_LABEL,
	stepTitle,
	type BlockedCode,
	type ProviderRecord,
	type StepId
} from '$lib/domain';
import type { PersistedSetup } from './setup-persistence';
import { formatUtc } from './format';
import { credentialExpiryWarning, type CredentialExpiryWarning } from './credential-expiry';

/**
 * The Azure DevOps row of Integration status on /settings: not configured, a draft at step X,
 * blocked with a code, or ready. Pure, so the page only renders it.
 */

interface IntegrationTargetRow {
	id: string;
	provider_label: string;
	organization: string;
	project: string;
	status: 'ready' | 'blocked';
	blocked_code: BlockedCode | null;
	last_verified_at: string;
	last_verified_label: string;
	/** 30/14/7/1-day, expired or OAuth renewal warning for the credential, with the reconnect action. */
	expiry: CredentialExpiryWarning | null;
}

export type IntegrationStatusView =
	| {
			state: 'not_configured';
			headline: string;
			detail: string;
			action: { kind: 'start'; label: string };
			targets: [];
	  }
	| {
			state: 'draft';
			headline: string;
			detail: string;
			step: StepId;
			step_title: string;
			action: { kind: 'continue'; label: string };
			targets: IntegrationTargetRow[];
	  }
	| {
			state: 'blocked';
			headline: string;
			detail: string;
			code: BlockedCode;
			message: string;
			fix: string;
			step: StepId;
			action: { kind: 'continue'; label: string };
			targets: IntegrationTargetRow[];
	  }
	| {
			state: 'ready';
			headline: string;
			detail: string;
			action: { kind: 'continue'; label: string };
			targets: IntegrationTargetRow[];
	  };

function row(t: ProviderRecord, now: Date): IntegrationTargetRow {
	return {
		id: t.id,
		provider_label: PROVIDER_LABEL[t.provider_key],
		organization: t.organization,
		project: t.project,
		status: t.status,
		blocked_code: t.blocked_code,
		last_verified_at: t.last_verified_at,
		last_verified_label: formatUtc(t.last_verified_at),
		expiry: credentialExpiryWarning(t, now)
	};
}

/** The most recent failed probe of a draft: what currently stands in its way. */
function draftBlock(persisted: PersistedSetup): BlockedCode | null {
	let latest: { code: BlockedCode; at: string } | null = null;
	for (const probe of PROBE_NAMES) {
		const r = persisted.draft.results[probe];
		if (r && !r.ok && (!latest || r.at > latest.at)) latest = { code: r.code, at: r.at };
	}
	return latest?.code ?? null;
}

export function integrationStatusView(
	persisted: PersistedSetup | null,
	targets: readonly ProviderRecord[],
	now: Date = new Date()
): IntegrationStatusView {
	const rows = [...targets]
		.sort((a, b) => b.updated_at.localeCompare(a.updated_at))
		.map((t) => row(t, now));
	const inProgress =
		persisted && persisted.saved === null && persisted.draft.provider_key !== undefined
			? persisted
			: null;

	if (inProgress) {
		const provider = inProgress.draft.provider_key
			? PROVIDER_LABEL[inProgress.draft.provider_key]
			: 'Azure DevOps';
		const code = draftBlock(inProgress);
		if (code) {
			const entry = CODE_CATALOGUE[code];
			return {
				state: 'blocked',
				headline: `${provider} setup is blocked: ${code}`,
				detail: entry.message,
				code,
				message: entry.message,
				fix: entry.fix,
				step: entry.step,
				action: { kind: 'continue', label: 'Fix it in the setup' },
				targets: rows
			};
		}
		return {
			state: 'draft',
			headline: `${provider} setup is a draft at step “${stepTitle(inProgress.step)}”`,
			detail:
				'Nothing secret is stored until the target is saved; the token is asked for again after a reload.',
			step: inProgress.step,
			step_title: stepTitle(inProgress.step),
			action: { kind: 'continue', label: `Continue at ${stepTitle(inProgress.step)}` },
			targets: rows
		};
	}

	const blocked = rows.find((r) => r.status === 'blocked' && r.blocked_code !== null);
	if (blocked?.blocked_code) {
		const entry = CODE_CATALOGUE[blocked.blocked_code];
		return {
			state: 'blocked',
			headline: `${blocked.provider_label} target ${blocked.organization}/${blocked.project} is blocked: ${blocked.blocked_code}`,
			detail: entry.message,
			code: blocked.blocked_code,
			message: entry.message,
			fix: entry.fix,
			step: entry.step,
			action: { kind: 'continue', label: 'Fix it in the setup' },
			targets: rows
		};
	}

	if (rows.length > 0) {
		return {
			state: 'ready',
			headline:
				rows.length === 1
					? 'Azure DevOps target is ready'
					: `${rows.length} Azure DevOps targets are ready`,
			detail: 'Work management export uses the saved provider record.',
			action: { kind: 'continue', label: 'Open the Azure DevOps target' },
			targets: rows
		};
	}

	return {
		state: 'not_configured',
		headline: 'Azure DevOps target is not configured',
		detail:
			'Choose Azure DevOps Services (cloud) or Azure DevOps Server (self-hosted) to export findings as work items.',
		action: { kind: 'start', label: 'Set up Azure DevOps target' },
		targets: []
	};
}
