import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cruise, format, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';

// The layer rules of .dependency-cruiser.cjs, run on small trees written for each case: a new
// upward import or a cycle must fail `npm run deps` with a message that says which layer may
// import which.
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs');

const trees: string[] = [];
afterEach(() => {
	while (trees.length) rmSync(trees.pop() as string, { recursive: true, force: true });
});

async function check(files: Record<string, string>) {
	const root = mkdtempSync(join(tmpdir(), 'deps-rules-'));
	trees.push(root);
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(root, path)), { recursive: true });
		writeFileSync(join(root, path), text);
	}
	const { webpackConfig: _resolvedByAlias, ...options } = config.options;
	const result = await cruise(
		['src'],
		{
			...options,
			baseDir: root,
			validate: true,
			ruleSet: { forbidden: config.forbidden }
		} as ICruiseOptions,
		{ alias: { $lib: join(root, 'src/lib') } }
	);
	const cruised = result.output as ICruiseResult;
	const report = await format(cruised, { outputType: 'err-long' });
	return {
		rules: cruised.summary.violations.map((v) => v.rule.name).sort(),
		message: String(report.output).replace(/\s+/g, ' ')
	};
}

const DOMAIN = { 'src/lib/domain/codes.ts': 'export const code = 1;\n' };

describe('dependency rules (npm run deps)', () => {
	it('pass a tree whose imports point down', async () => {
		const { rules } = await check({
			...DOMAIN,
			'src/lib/export/csv.ts':
				"import { code } from '$lib/domain/codes';\nexport const csv = code;\n",
			'src/lib/setup/view.ts': "import { csv } from '$lib/export/csv';\nexport const view = csv;\n"
		});
		expect(rules).toEqual([]);
	});

	it('fail an upward import and say which layer may import which', async () => {
		const { rules, message } = await check({
			...DOMAIN,
			'src/lib/setup/view.ts':
				"import { code } from '$lib/domain/codes';\nexport const view = code;\n",
			'src/lib/export/csv.ts': "import { view } from '$lib/setup/view';\nexport const csv = view;\n"
		});
		expect(rules).toEqual(['layer-export']);
		expect(message).toContain('export is a leaf: it may import only domain, its own modules.');
		expect(message).toContain('src/lib/export/csv.ts → src/lib/setup/view.ts');
	});

	it('read .svelte imports: a component that imports the probe client fails', async () => {
		const { rules, message } = await check({
			'src/lib/probe/probe.client.ts': 'export const callProbe = () => 1;\n',
			'src/lib/components/Step.svelte':
				'<script lang="ts">\n\timport { callProbe } from \'$lib/probe/probe.client\';\n\tcallProbe();\n</script>\n'
		});
		expect(rules).toEqual(['layer-components']);
		expect(message).toContain('components take props and send events');
	});

	it('fail a type-only import that points up', async () => {
		const { rules } = await check({
			'src/lib/after-setup/verify.ts':
				"import type { View } from '$lib/setup/view';\nexport type V = View;\n",
			'src/lib/setup/view.ts': 'export type View = string;\n'
		});
		expect(rules).toEqual(['layer-after-setup']);
	});

	it('fail a cycle between two files', async () => {
		const { rules, message } = await check({
			'src/lib/storage/db.ts': "import { v1 } from './migrations/v1';\nexport const db = v1;\n",
			'src/lib/storage/migrations/v1.ts':
				"import { db } from '../db';\nexport const v1 = () => db;\n"
		});
		expect(rules).toContain('no-circular-files');
		expect(message).toContain('Circular import between files');
	});

	it('fail a cycle between two folders even when no file cycle exists', async () => {
		const { rules, message } = await check({
			'src/lib/setup/diagram/words.ts':
				"import { rows } from '../view/rows';\nexport const words = rows;\n",
			'src/lib/setup/view/rows.ts': 'export const rows = 1;\n',
			'src/lib/setup/view/busy.ts':
				"import { classes } from '../diagram/classes';\nexport const busy = classes;\n",
			'src/lib/setup/diagram/classes.ts': 'export const classes = 1;\n'
		});
		// One violation for each folder on the cycle.
		expect(rules).toEqual(['no-circular-folders', 'no-circular-folders']);
		expect(message).toContain('Circular import between folders');
	});

	it('fail a $lib import that does not resolve, and a folder without a layer', async () => {
		const { rules } = await check({
			'src/lib/tree/picker.ts': "import { gone } from '$lib/tree/moved';\nexport const p = gone;\n",
			'src/lib/newthing/a.ts':
				"import { code } from '$lib/domain/codes';\nexport const a = code;\n",
			...DOMAIN
		});
		expect(rules).toEqual(['layer-unknown-folder', 'lib-alias-resolves']);
	});
});
