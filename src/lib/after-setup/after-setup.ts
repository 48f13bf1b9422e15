import type { BlockedCode } from '$lib/domain';
import type { AuditEntryInput } from '$lib/storage';
import type { createLiveSavedTargetMachine } from './after-setup.actors';

/** What the continue screen and the fallback need from the app; bound in app/setup-app.ts. */
export interface AfterSetup {
	savedTargetMachine: ReturnType<typeof createLiveSavedTargetMachine>;
	/** Appends `fallback.exported` with the file's format, name, count and hash (never its content). */
	recordFallbackExport(input: {
		target_id: string;
		credential_fingerprint?: string | undefined;
		code: BlockedCode | null;
		/** The export's own summary, stored as the audit entry's flat detail. */
		detail: NonNullable<AuditEntryInput['detail']>;
	}): Promise<void>;
}

/** Audit target id for a fallback taken before any target was saved (blocked during setup). */
export const DRAFT_AUDIT_TARGET_ID = 'draft:azure-devops';
