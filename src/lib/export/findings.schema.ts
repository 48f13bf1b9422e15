import { z } from '$lib/domain/zod-mini';
import { severitySchema } from '$lib/domain';

/**
 * A finding as the portable fallback reads it: the report issue or fix task the customer moves
 * into Azure Boards by hand. `id` is the stable WebRiskOps id that later links the work item back
 * to its source (it travels in Tags), so it is restricted to characters Azure Boards keeps in a tag.
 */
const findingIdSchema = z
	.string()
	.check(
		z.minLength(1, 'id is empty.'),
		z.maxLength(100, 'id is longer than 100 characters.'),
		z.regex(
			/^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
			'id may only use letters, digits and . _ : - (it becomes a tag).'
		)
	);

const findingSchema = z.strictObject({
	id: findingIdSchema,
	source_type: z.enum(['report_issue', 'fix_task']),
	source_id: z.string().check(z.minLength(1), z.maxLength(200)),
	title: z
		.string()
		.check(
			z.trim(),
			z.minLength(1, 'title is empty.'),
			z.maxLength(255, 'title is longer than 255 characters (the Azure Boards limit).')
		),
	severity: severitySchema,
	affected_url: z.optional(z.url()),
	description: z._default(z.string().check(z.maxLength(20_000)), ''),
	acceptance_criteria: z._default(
		z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(50)),
		[]
	),
	labels: z._default(
		z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(30)),
		[]
	)
});
export type Finding = z.infer<typeof findingSchema>;
export type FindingInput = z.input<typeof findingSchema>;

const findingsFileSchema = z.strictObject({
	/** True for the file the app ships; shown on every export made from it. */
	sample_data: z._default(z.boolean(), false),
	label: z.optional(z.string().check(z.maxLength(200))),
	findings: z.array(z.unknown()).check(z.maxLength(5000, 'More than 5000 findings in one file.'))
});

export interface FindingProblem {
	/** 1-based row in the file's `findings` array (0 when the file itself is wrong). */
	row: number;
	id: string | null;
	message: string;
}

export interface ParsedFindings {
	sample_data: boolean;
	label: string | null;
	findings: Finding[];
	/** One entry per refused row (or for the file); nothing is dropped silently. */
	problems: FindingProblem[];
}

function issueText(error: z.core.$ZodError): string {
	return error.issues
		.map((i) => {
			const path = i.path.map(String).join('.');
			return path ? `${path}: ${i.message}` : i.message;
		})
		.join('; ');
}

/**
 * Parses a findings file (JSON text or an already-parsed value). Good rows are kept; each bad row
 * is reported with its number, its id when readable and the reason; duplicate ids are refused
 * because the id is the link back to the source.
 */
export function parseFindings(input: unknown): ParsedFindings {
	let raw: unknown = input;
	if (typeof input === 'string') {
		try {
			raw = JSON.parse(input);
		} catch {
			return {
				sample_data: false,
				label: null,
				findings: [],
				problems: [{ row: 0, id: null, message: 'The file is not valid JSON.' }]
			};
		}
	}
	// A bare array is accepted too: it is the common shape of a report export.
	if (Array.isArray(raw)) raw = { findings: raw };
	const file = findingsFileSchema.safeParse(raw);
	if (!file.success) {
		return {
			sample_data: false,
			label: null,
			findings: [],
			problems: [
				{ row: 0, id: null, message: `The file is not a findings file (${issueText(file.error)}).` }
			]
		};
	}
	const result: ParsedFindings = {
		sample_data: file.data.sample_data,
		label: file.data.label ?? null,
		findings: [],
		problems: []
	};
	const seen = new Set<string>();
	file.data.findings.forEach((row, i) => {
		const parsed = findingSchema.safeParse(row);
		const rawId =
			row && typeof row === 'object' && 'id' in row && typeof row.id === 'string' ? row.id : null;
		if (!parsed.success) {
			result.problems.push({ row: i + 1, id: rawId, message: issueText(parsed.error) });
			return;
		}
		if (seen.has(parsed.data.id)) {
			result.problems.push({
				row: i + 1,
				id: parsed.data.id,
				message: `id ${parsed.data.id} appears more than once; each finding needs its own id.`
			});
			return;
		}
		seen.add(parsed.data.id);
		result.findings.push(parsed.data);
	});
	return result;
}
