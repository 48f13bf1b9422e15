import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a generated artefact, or with `--check` compares it with the committed file and exits 1
 * when it is stale (CI), writing nothing. `label` is the repository path shown to the reader.
 */
export function writeOrCheck(
	target: string,
	expected: string,
	label: string,
	command: string
): void {
	if (process.argv.includes('--check')) {
		let current = '';
		try {
			current = readFileSync(target, 'utf8');
		} catch {
			// Missing counts as stale.
		}
		if (current !== expected) {
			console.error(`${label} is stale: run \`${command}\` and commit it.`);
			process.exit(1);
		}
		console.log(`${label} is up to date.`);
		return;
	}
	mkdirSync(path.dirname(target), { recursive: true });
	writeFileSync(target, expected);
	console.log(`Wrote ${label}`);
}
