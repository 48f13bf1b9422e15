import { fixtureFileSchema, type FixtureFile } from './rule-file.schema';
import { normaliseRulePath } from './load-rules';

/** Fixture files beside each rule, resolved over their named baseline (rules/baselines/*.json). */

export interface ResolvedFixture {
	file: string;
	/** Folder of the rule the fixture belongs to, e.g. `rules/network/network-ready/`. */
	rule_dir: string;
	expect: 'fires' | 'does-not-fire';
	description: string;
	facts: Record<string, unknown>;
}

export function resolveFixtures(
	fixtureFiles: Record<string, unknown>,
	baselines: Record<string, unknown>
): ResolvedFixture[] {
	const bases = new Map(
		Object.entries(baselines).map(([p, v]) => [
			normaliseRulePath(p).replace(/^rules\/baselines\/|\.json$/g, ''),
			v
		])
	);
	return Object.entries(fixtureFiles)
		.map(([p, raw]) => {
			const file = normaliseRulePath(p);
			const m = /^(.*\/)(fires|does-not-fire)\/[^/]+\.json$/.exec(file);
			if (!m)
				throw new Error(
					`${file}: fixtures live in <rule folder>/fires/ or <rule folder>/does-not-fire/`
				);
			const parsed = fixtureFileSchema.safeParse(raw);
			if (!parsed.success)
				throw new Error(
					`${file}: ${parsed.error.issues.map((i) => `$.${i.path.join('.')}: ${i.message}`).join('; ')}`
				);
			const fx: FixtureFile = parsed.data;
			const base = bases.get(fx.base);
			if (!base || typeof base !== 'object')
				throw new Error(`${file}: $.base: no baseline rules/baselines/${fx.base}.json`);
			return {
				file,
				rule_dir: m[1] as string,
				expect: m[2] as ResolvedFixture['expect'],
				description: fx.description,
				facts: { ...(base as object), ...fx.facts }
			};
		})
		.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
