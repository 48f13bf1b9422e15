/**
 * `npm run bench`: runs every src/cli/bench/*.bench.ts in name order and prints one JSON object
 * per line. Exit code 0 even when a target is missed: `ok` says so, CI does not time things.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import type { BenchModule } from './bench/bench-line';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench');
const only = process.argv.slice(2);
const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
for (const file of files) {
	if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
	const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as BenchModule;
	for (const line of await mod.default()) console.log(JSON.stringify(line));
}
