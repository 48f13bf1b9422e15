import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_COLLECTIONS, RELEASES, findCollection } from './catalogue';
import { DEMO_TOKENS } from './demo-tokens';
import { findType, PROCESSES } from './processes';
import { projectsOf, treeOf } from './seed-data';

const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');

describe('catalogue', () => {
	it.each(DEMO_TOKENS.map((t) => [t.id, t.token] as const))(
		'README documents token %s',
		(id, token) => {
			expect(readme).toContain(`| ${id} | \`${token}\` |`);
		}
	);

	it.each(
		DEMO_TOKENS.flatMap((t) =>
			t.collections.filter((c) => c !== '*').map((c) => [t.id, c] as const)
		)
	)('token %s names an existing collection %s', (_id, key) => {
		expect(findCollection(key)).toBeDefined();
	});

	it('every collection only holds processes its release supports', () => {
		for (const c of ALL_COLLECTIONS) {
			const r = RELEASES[c.release];
			for (const p of c.projects) {
				if (p.process === 'Basic') expect(r.basicProcess).toBe(true);
				if (PROCESSES[p.process].customizationType === 'inherited')
					expect(r.inheritance).toBe(true);
			}
		}
	});

	it('Basic has no Bug; the inherited Bug requires Custom.SecurityTeam', () => {
		expect(findType(PROCESSES.Basic, 'Bug')).toBeUndefined();
		const bug = findType(PROCESSES['Fabrikam Security Agile'], 'Bug');
		expect(bug?.fields.find((f) => f.referenceName === 'Custom.SecurityTeam')?.alwaysRequired).toBe(
			true
		);
	});

	it('fixtures are deterministic', () => {
		const big = findCollection('big-org');
		expect(big).toBeDefined();
		if (!big) return;
		const a = projectsOf(big).list;
		expect(a).toHaveLength(5001);
		const fiber = findCollection('fabrikam');
		if (!fiber) throw new Error('fabrikam missing');
		// Ids must survive restarts: drafts and tests refer to them.
		const p = projectsOf(fiber).list.find((x) => x.name === 'Fabrikam Fiber');
		expect(p?.id).toBe('f024a849-dece-43c5-a2ee-862b94d369c5');
		if (!p) return;
		expect(treeOf(fiber, p, 'area').children.map((n) => n.name)).toEqual([
			'Web',
			'Security',
			'Restricted'
		]);
	});
});
