import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { BLOCKED_CODES, CODE_CATALOGUE, describeCode } from './codes';
import { STEPS } from './steps';

// The design lives beside the repository (../shared), as on every developer machine and in CI.
const DESIGN = new URL('../../../../shared/DESIGN.md', import.meta.url);

describe('code catalogue', () => {
	it.skipIf(!existsSync(DESIGN))(
		'has exactly the codes of DESIGN.md §5, each with one message, one fix and a real step',
		() => {
			const design = readFileSync(DESIGN, 'utf8');
			const section = design.slice(design.indexOf('## 5. Codes'), design.indexOf('## 6.'));
			const designCodes = [
				...new Set(section.match(/`([A-Z_]{6,})`/g)?.map((c) => c.slice(1, -1)))
			].sort();
			expect([...BLOCKED_CODES].sort()).toEqual(designCodes);
			const steps = new Set(STEPS.map((s) => s.id));
			for (const code of BLOCKED_CODES) {
				const entry = CODE_CATALOGUE[code];
				expect(entry.message.length, code).toBeGreaterThan(20);
				expect(entry.fix.length, code).toBeGreaterThan(20);
				expect(steps.has(entry.step), code).toBe(true);
			}
		}
	);

	it('says something different for every code (no copy-pasted texts)', () => {
		const messages = BLOCKED_CODES.map((c) => CODE_CATALOGUE[c].message);
		const fixes = BLOCKED_CODES.map((c) => CODE_CATALOGUE[c].fix);
		expect(new Set(messages).size).toBe(messages.length);
		expect(new Set(fixes).size).toBe(fixes.length);
	});

	it('describes a code with its own name', () => {
		expect(describeCode('PROVIDER_RATE_LIMITED')).toMatchObject({
			code: 'PROVIDER_RATE_LIMITED',
			temporary: true
		});
	});
});
