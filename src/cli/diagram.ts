/**
 * `npm run diagram`: writes docs/setup-statechart.{mmd,json,svg} from the setup statechart.
 * `npm run diagram -- --check`: exits 1 naming each stale file, without a browser (the SVG is
 * checked through the source hash it carries; see diagram-artifacts.ts).
 * `--render-check` also re-renders the SVG and compares bytes (needs /usr/bin/chromium).
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { setupMachine } from '$lib/setup/setup.machine';
import { setupWords } from '$lib/setup/diagram/setup-words';
import {
	DIAGRAM_FILES,
	stampSvg,
	staleFiles,
	textArtifacts
} from '$lib/setup/diagram/diagram-artifacts';
import { withStateTable } from '$lib/setup/diagram/state-table';
import { DIAGRAM_RENDER_ID, MERMAID_CONFIG } from '$lib/setup/diagram/mermaid-config';

const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

export async function renderSvg(mmd: string): Promise<string> {
	const mermaidJs = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: CHROMIUM_ARGS
	});
	try {
		const page = await browser.newPage();
		// No network at all: mermaid is injected from node_modules into a blank page.
		await page.route('**/*', (route) => route.abort());
		await page.setContent(
			'<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>'
		);
		await page.addScriptTag({ path: mermaidJs });
		return await page.evaluate(
			async ({ text, config, id }) => {
				const m = (
					globalThis as unknown as {
						mermaid: {
							initialize(c: unknown): void;
							render(id: string, t: string): Promise<{ svg: string }>;
						};
					}
				).mermaid;
				m.initialize(config);
				return (await m.render(id, text)).svg;
			},
			{ text: mmd, config: MERMAID_CONFIG, id: DIAGRAM_RENDER_ID }
		);
	} finally {
		await browser.close();
	}
}

async function readOrNull(file: string): Promise<string | null> {
	try {
		return await readFile(file, 'utf8');
	} catch {
		return null;
	}
}

async function main(args: string[]): Promise<number> {
	const root = process.cwd();
	const abs = (f: string) => path.join(root, f);
	const fresh = textArtifacts(setupMachine, setupWords);
	if (fresh.missing.length > 0) {
		console.error(
			`diagram: no product words for ${fresh.missing.map((m) => `${m.kind} "${m.key}"`).join(', ')} (guards: name them in setup()'s guards with their GUARD_WORDS in src/lib/setup/setup.guards.ts; states, events and actors: src/lib/setup/diagram/setup-words.ts)`
		);
		return 1;
	}
	if (args.includes('--check') || args.includes('--render-check')) {
		const current = {
			mmd: await readOrNull(abs(DIAGRAM_FILES.mmd)),
			json: await readOrNull(abs(DIAGRAM_FILES.json)),
			svg: await readOrNull(abs(DIAGRAM_FILES.svg)),
			readme: await readOrNull(abs(DIAGRAM_FILES.readme))
		};
		const stale = await staleFiles(fresh, current);
		if (
			args.includes('--render-check') &&
			!stale.includes(DIAGRAM_FILES.svg) &&
			(await stampSvg(await renderSvg(fresh.mmd), fresh.mmd)) !== current.svg
		)
			stale.push(DIAGRAM_FILES.svg);
		for (const f of stale)
			console.error(`diagram: ${f} is stale; run npm run diagram and commit it`);
		if (stale.length === 0)
			console.log(`diagram: ${Object.values(DIAGRAM_FILES).join(', ')} are up to date`);
		return stale.length === 0 ? 0 : 1;
	}
	await mkdir(abs('docs'), { recursive: true });
	await writeFile(abs(DIAGRAM_FILES.mmd), fresh.mmd);
	await writeFile(abs(DIAGRAM_FILES.json), fresh.json);
	await writeFile(abs(DIAGRAM_FILES.svg), await stampSvg(await renderSvg(fresh.mmd), fresh.mmd));
	const readme = await readOrNull(abs(DIAGRAM_FILES.readme));
	const updated = readme === null ? null : withStateTable(readme, fresh.stateTable);
	if (updated === null) {
		console.error(
			`diagram: ${DIAGRAM_FILES.readme} lacks the state-table markers; the table was not written`
		);
		return 1;
	}
	await writeFile(abs(DIAGRAM_FILES.readme), updated);
	console.log(`diagram: wrote ${Object.values(DIAGRAM_FILES).join(', ')}`);
	return 0;
}

process.exitCode = await main(process.argv.slice(2));
