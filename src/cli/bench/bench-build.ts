import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The build the browser benches measure: the app built into .bench/build (Kit's output in
 * .bench/svelte-kit), rebuilt when the app's sources (src/lib, src/routes, rules/, configs) are
 * newer than it. AREA_FILTER_BENCH_BUILD_DIR points the area-filter bench at another build instead.
 */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BUILD_DIR = path.resolve(
	ROOT,
	process.env.AREA_FILTER_BENCH_BUILD_DIR ?? '.bench/build'
);
export const KIT_DIR = path.resolve(ROOT, '.bench/svelte-kit');

function newestMtime(entry: string): number {
	if (!existsSync(entry)) return 0;
	const stat = statSync(entry);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const name of readdirSync(entry))
		newest = Math.max(newest, newestMtime(path.join(entry, name)));
	return newest;
}

function buildIsCurrent(): boolean {
	const entry = path.join(BUILD_DIR, 'index.js');
	if (!existsSync(entry)) return false;
	// An explicitly named build is the caller's business; only our own is kept fresh.
	if (process.env.AREA_FILTER_BENCH_BUILD_DIR) return true;
	// What goes into the app; the CLIs and the simulator do not.
	const inputs = [
		'src/lib',
		'src/routes',
		'src/app.html',
		'static',
		'src/hooks.server.ts',
		'rules',
		'svelte.config.js',
		'vite.config.ts',
		'package-lock.json'
	];
	const sources = inputs.map((p) => newestMtime(path.join(ROOT, p)));
	return statSync(entry).mtimeMs >= Math.max(...sources);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
	return new Promise((resolve, reject) => {
		// The build's chatter goes to stderr: stdout carries only the bench's JSON lines.
		const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 2, 2] });
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0
				? resolve()
				: reject(new Error(`${path.basename(args[0] ?? command)} exited with ${code}`))
		);
	});
}

/** Builds the app into .bench/ unless that build is newer than every input of the app. */
export async function ensureBenchBuild(bench: string): Promise<'reused' | 'built'> {
	if (buildIsCurrent()) return 'reused';
	console.error(`${bench} bench: building the app into ${path.relative(ROOT, BUILD_DIR)} …`);
	await run(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
		...process.env,
		WEBRISKOPS_BUILD_DIR: BUILD_DIR,
		WEBRISKOPS_KIT_DIR: KIT_DIR
	});
	return 'built';
}
