import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BLOCKED_CODES, CODE_CATALOGUE, describeCode } from './codes';
import { STEPS } from './steps';

const ARCHITECTURE = new URL('../../../docs/architecture.md', import.meta.url);

describe('code catalogue', () => {
	it('has exactly the codes of docs/architecture.md §5, each with one message, one fix and a real step', () => {
		const doc = readFileSync(ARCHITECTURE, 'utf8');
		const section = doc.slice(doc.indexOf('## 5. Codes'), doc.indexOf('## 6.'));
		expect(doc).toContain('## 5. Codes');
		const documented = [
			...new Set(section.match(/`([A-Z_]{6,})`/g)?.map((c) => c.slice(1, -1)))
		].sort();
		expect([...BLOCKED_CODES].sort()).toEqual(documented);
		const steps = new Set(STEPS.map((s) => s.id));
		for (const code of BLOCKED_CODES) {
			const entry = CODE_CATALOGUE[code];
			expect(entry.message.length, code).toBeGreaterThan(20);
			expect(entry.fix.length, code).toBeGreaterThan(20);
			expect(steps.has(entry.step), code).toBe(true);
		}
	});

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
