import { z } from 'zod';
import { BLOCKED_CODES, stepIdSchema, type BlockedCode } from '$lib/domain';
import { FACT_NAMES } from './facts';

/**
 * A rule file in rules/: json-rules-engine's `conditions` plus the metadata a compliance reviewer
 * reads. The event is derived from `outcome`, so the file says what it produces exactly once.
 */

export const READINESS_FLAGS = [
	'services_ready',
	'server_ready',
	'project_ready',
	'field_mapping_ready',
	'network_ready'
] as const;
export type ReadinessFlag = (typeof READINESS_FLAGS)[number];
export const OUTCOMES = [...READINESS_FLAGS, 'can_save', ...BLOCKED_CODES] as const;

export function isBlockedCode(outcome: string): outcome is BlockedCode {
	return (BLOCKED_CODES as readonly string[]).includes(outcome);
}

/** json-rules-engine's built-in operators; a rule naming anything else is refused at load. */
const OPERATORS = [
	'equal',
	'notEqual',
	'in',
	'notIn',
	'contains',
	'doesNotContain',
	'lessThan',
	'lessThanInclusive',
	'greaterThan',
	'greaterThanInclusive'
] as const;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const leafConditionSchema = z
	.strictObject({
		// Enums (not refinements) so the generated JSON Schema lets editors flag a typo too.
		fact: z.enum(FACT_NAMES as [string, ...string[]], {
			error: (i) => `unknown fact "${String(i.input)}"`
		}),
		operator: z.enum(OPERATORS, {
			error: (i) => `unknown operator "${String(i.input)}" (allowed: ${OPERATORS.join(', ')})`
		}),
		value: z.union([scalar, z.array(scalar)]),
		/** Evaluation order inside a group: higher first; lower siblings may be "not evaluated". */
		priority: z.number().int().min(1).optional()
	})
	.describe('A test of one fact against a value.');

export type LeafCondition = {
	fact: string;
	operator: string;
	value: unknown;
	priority?: number | undefined;
};
export type Condition =
	LeafCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };
type TopCondition = { all: Condition[] } | { any: Condition[] } | { not: Condition };

const conditionSchema: z.ZodType<Condition> = z
	.lazy(() =>
		z.union([
			leafConditionSchema,
			z.strictObject({ all: z.array(conditionSchema).min(1) }),
			z.strictObject({ any: z.array(conditionSchema).min(1) }),
			z.strictObject({ not: conditionSchema })
		])
	)
	.meta({ id: 'condition', description: 'A leaf test, or a group: all, any, not.' });

const topConditionSchema = z.union([
	z.strictObject({ all: z.array(conditionSchema).min(1) }),
	z.strictObject({ any: z.array(conditionSchema).min(1) }),
	z.strictObject({ not: conditionSchema })
]);

export const ruleFileSchema = z
	.strictObject({
		$schema: z.string().optional(),
		id: z
			.string()
			.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case')
			.describe('Stable id, equal to the rule folder name.'),
		title: z.string().min(3).max(120).describe('Plain-language title.'),
		description: z.string().min(10).describe('What the rule checks, in plain words.'),
		outcome: z
			.enum(OUTCOMES, {
				error: (i) => `unknown outcome "${String(i.input)}" (allowed: ${OUTCOMES.join(', ')})`
			})
			.describe('The readiness flag, can_save, or blocked code this rule produces when it fires.'),
		step: z
			.optional(stepIdSchema)
			.describe(
				"For a blocked code: the step where it is fixed, when not the code catalogue's step."
			),
		detail: z
			.string()
			.min(3)
			.optional()
			.describe('For a blocked code: one precise sentence added to the catalogue message.'),
		product_sentence: z
			.string()
			.min(10)
			.describe('The product page sentence this rule implements.'),
		rationale: z.string().min(10).describe('Why the rule is written this way.'),
		priority: z
			.number()
			.int()
			.min(1)
			.max(100)
			.optional()
			.describe('json-rules-engine rule priority.'),
		conditions: topConditionSchema.describe(
			'json-rules-engine conditions (all, any, not) over the facts catalogue.'
		)
	})
	.describe('A WebRiskOps Azure DevOps setup rule (rules/<step>/<rule-id>/rule.json).');

export type RuleFile = Omit<z.infer<typeof ruleFileSchema>, 'conditions'> & {
	conditions: TopCondition;
};

/** The fixture files beside each rule: facts (over a named baseline) for which it fires or not. */
const FIXTURE_BASES = ['empty', 'services-ready', 'server-ready', 'outcomes-ready'] as const;
export const fixtureFileSchema = z.strictObject({
	description: z.string().min(3),
	base: z.enum(FIXTURE_BASES),
	facts: z.record(z.string(), z.unknown())
});
export type FixtureFile = z.infer<typeof fixtureFileSchema>;

/** The JSON Schema editors validate rule files with (committed as rules/rule.schema.json). */
function ruleJsonSchema(): Record<string, unknown> {
	const schema = z.toJSONSchema(ruleFileSchema, {
		target: 'draft-2020-12',
		unrepresentable: 'any',
		cycles: 'ref',
		io: 'input'
	}) as Record<string, unknown>;
	return {
		...schema,
		$id: 'https://webriskops.example/rules/rule.schema.json',
		title: 'WebRiskOps setup rule'
	};
}

/** The committed file's exact text (tabs, trailing newline), so the freshness check is byte-exact. */
export function ruleSchemaText(): string {
	return `${JSON.stringify(ruleJsonSchema(), null, '\t')}\n`;
}
