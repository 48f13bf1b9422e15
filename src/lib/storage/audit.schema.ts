import { z } from '$lib/domain/zod-mini';
import { blockedCodeSchema, credentialFingerprintSchema } from '$lib/domain';

export const AUDIT_KINDS = [
	'target.created',
	'check.passed',
	'check.blocked',
	'target.saved',
	'target.verified',
	'credential.rotated',
	'target.deleted',
	'fallback.exported'
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Short free text or a flat map of scalars, e.g. `{ step: 'connection', probe: 'capabilities' }`. */
const auditDetailSchema = z.union([
	z.string().check(z.maxLength(2000)),
	z.record(
		z.string().check(z.maxLength(100)),
		z.union([z.string().check(z.maxLength(2000)), z.number(), z.boolean(), z.null()])
	)
]);

const common = {
	at: z.iso.datetime(),
	target_id: z.string().check(z.minLength(1)),
	credential_fingerprint: z.optional(credentialFingerprintSchema),
	detail: z.optional(auditDetailSchema)
};

const plain = (kind: Exclude<AuditKind, 'check.blocked'>) =>
	z.strictObject({ kind: z.literal(kind), ...common, code: z.optional(blockedCodeSchema) });

/** One audit entry as appended. Strict: an unknown field (say, `token`) is refused, not dropped. */
export const auditEntrySchema = z.discriminatedUnion('kind', [
	plain('target.created'),
	plain('check.passed'),
	// A blocked check always says which code blocked it, so a reviewer can look up the fix.
	z.strictObject({ kind: z.literal('check.blocked'), ...common, code: blockedCodeSchema }),
	plain('target.saved'),
	plain('target.verified'),
	plain('credential.rotated'),
	plain('target.deleted'),
	plain('fallback.exported')
]);
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditEntryInput = z.input<typeof auditEntrySchema>;

/** As stored and listed: `seq` is the append order IndexedDB assigned. */
export type StoredAuditEntry = AuditEntry & { seq: number };
