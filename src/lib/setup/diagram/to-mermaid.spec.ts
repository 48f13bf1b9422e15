import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMachine, setup } from 'xstate';
import { setupMachine } from '../setup.machine';
import {
	DIAGRAM_FILES,
	staleFiles,
	stampSvg,
	svgSourceHash,
	textArtifacts
} from './diagram-artifacts';
import { setupWords } from './setup-words';
import { stateRows, TABLE_BEGIN } from './state-table';
import {
	machineStateIds,
	stateIdFromMermaid,
	toGraph,
	toMermaid,
	type DiagramWords,
	type GraphNode
} from './to-mermaid';

const read = (f: string) => readFileSync(path.join(process.cwd(), f), 'utf8');

/** State ids declared in a Mermaid text (`state "Title" as id`), mapped back to machine ids. */
function declaredStates(mmd: string): string[] {
	return [...mmd.matchAll(/^\s*state "[^"]*" as (\w+)$/gm)].map((m) =>
		stateIdFromMermaid(setupMachine, m[1] as string)
	);
}

const committed = {
	mmd: read(DIAGRAM_FILES.mmd),
	json: read(DIAGRAM_FILES.json),
	svg: read(DIAGRAM_FILES.svg),
	readme: read(DIAGRAM_FILES.readme)
};

const plainWords: DiagramWords = {
	state: (_id, key) => key.toUpperCase(),
	event: (type) => type,
	actor: (src) => src,
	guard: (type) => type
};

describe('toMermaid: the setup statechart', () => {
	const { text, missing } = toMermaid(setupMachine, setupWords);

	it('has product words for every state, event, actor and guard', () => {
		expect(missing).toEqual([]);
	});

	it('declares every machine state, and only machine states', () => {
		expect(declaredStates(text).sort()).toEqual(machineStateIds(setupMachine).sort());
	});

	it('the committed diagram and graph hold every machine state and no other', () => {
		expect(declaredStates(read(DIAGRAM_FILES.mmd)).sort()).toEqual(
			machineStateIds(setupMachine).sort()
		);
		const ids: string[] = [];
		const walk = (n: GraphNode) => {
			ids.push(n.id);
			n.children.forEach(walk);
		};
		walk(JSON.parse(read(DIAGRAM_FILES.json)).root as GraphNode);
		expect(ids.slice(1).sort()).toEqual(machineStateIds(setupMachine).sort());
	});

	it('the state table in docs/README.md lists every machine state with a wizard step', () => {
		const rows = stateRows(setupMachine, setupWords);
		expect(rows.map((r) => `setup.${r.id}`)).toEqual(machineStateIds(setupMachine));
		for (const r of rows) expect(committed.readme).toContain(`| \`${r.id}\` |`);
		expect(rows.filter((r) => r.step === '—').map((r) => r.id)).toEqual(['resuming']);
		expect(rows.find((r) => r.id === 'serverUrl.blocked')).toMatchObject({
			step: 'Server URL',
			path: 'Azure DevOps target',
			kind: 'blocked'
		});
	});

	it('is deterministic', () => {
		expect(toMermaid(setupMachine, setupWords).text).toBe(text);
		expect(JSON.stringify(toGraph(setupMachine, setupWords).graph)).toBe(
			JSON.stringify(toGraph(setupMachine, setupWords).graph)
		);
	});

	it.each([
		[
			'invoke completion in words',
			'serverUrl_checking --> serverUrl_evaluating : URL safety check done'
		],
		[
			'invoke failure in words',
			'serverUrl_checking --> serverUrl_editing : URL safety check failed'
		],
		['named guard', 'serverConfirmations --> serverUrl : Confirm [all three confirmed]'],
		[
			'guarded policy branch',
			'serverUrl_evaluating --> serverUrl_blocked : Policy decision done [blocked at this step]'
		],
		['fallback branch', 'serverUrl_evaluating --> networkPath : Policy decision done [otherwise]'],
		[
			'guard worded from its name',
			'credential_editing --> connectionCheck : Paste token [token not empty]'
		],
		['initial of a compound state', '[*] --> serverUrl_editing'],
		['initial of the chart', '[*] --> resuming'],
		['finals', 'workManagementExport --> [*]'],
		['product title from STEPS', 'state "Network path" as networkPath'],
		[
			'shared fix fan-out through one choice',
			'choice1 --> workItemMapping : [fix is at Work item mapping]'
		],
		['root transition as a note', 'note left of integrationStatus : Cancel setup from any step']
	])('draws %s', (_what, line) => {
		expect(text).toContain(line);
	});

	it('leaves no machine identifiers for events in the labels', () => {
		expect(text).not.toMatch(/xstate\.|\.submitted|\.chosen|\bguard\b/);
	});

	it('reports a state or event without words instead of hiding it', () => {
		const words: DiagramWords = {
			...setupWords,
			state: (id, key) => (key === 'networkPath' ? undefined : setupWords.state(id, key)),
			event: () => undefined
		};
		const r = toMermaid(setupMachine, words);
		expect(r.missing).toContainEqual({ kind: 'state', key: 'setup.networkPath' });
		expect(r.missing).toContainEqual({ kind: 'event', key: 'base_url.submitted' });
	});
});

describe('toMermaid: guards', () => {
	it('words a guard by its name, and reports a guard written inline (it has no name)', () => {
		const machine = setup({ guards: { ready: () => true } }).createMachine({
			id: 'g',
			initial: 'a',
			states: {
				a: {
					on: { GO: { guard: 'ready', target: 'b' }, BACK: { guard: () => true, target: 'b' } }
				},
				b: {}
			}
		});
		const r = toMermaid(machine, { ...plainWords, guard: (type) => `${type} words` });
		expect(r.text).toContain('a --> b : GO [ready words]');
		expect(r.text).toContain('a --> b : BACK [condition]');
		expect(r.missing).toEqual([{ kind: 'inlineGuard', key: 'g.a BACK → g.b' }]);
	});
});

describe('toMermaid: chart shapes', () => {
	const machine = setup({ guards: { ready: () => true } }).createMachine({
		id: 'm',
		initial: 'a',
		states: {
			a: { on: { GO: [{ guard: 'ready', target: 'p' }, { target: 'done' }] } },
			p: {
				type: 'parallel',
				states: {
					left: { initial: 'l1', states: { l1: { after: { 500: 'l2' } }, l2: {} } },
					right: { initial: 'r1', states: { r1: {} } }
				},
				onDone: 'done'
			},
			done: { type: 'final' }
		}
	});

	it('draws parallel regions, delays, guards, finals in definition order', () => {
		expect(toMermaid(machine, plainWords).text).toBe(
			[
				'stateDiagram-v2',
				'  direction TB',
				'  [*] --> a',
				'  state "A" as a',
				'  state "P" as p',
				'  state p {',
				'    state "LEFT" as p_left',
				'    state p_left {',
				'      [*] --> p_left_l1',
				'      state "L1" as p_left_l1',
				'      state "L2" as p_left_l2',
				'    }',
				'    --',
				'    state "RIGHT" as p_right',
				'    state p_right {',
				'      [*] --> p_right_r1',
				'      state "R1" as p_right_r1',
				'    }',
				'  }',
				'  state "DONE" as done',
				'  a --> p : GO [ready]',
				'  a --> done : GO [otherwise]',
				'  p_left_l1 --> p_left_l2 : after 500 ms',
				'  p --> done : finished',
				'  done --> [*]',
				''
			].join('\n')
		);
	});
});

describe('diagram --check', () => {
	const fresh = textArtifacts(setupMachine, setupWords);

	it('finds the committed files up to date', async () => {
		expect(await staleFiles(fresh, committed)).toEqual([]);
		expect(svgSourceHash(committed.svg)).toMatch(/^[0-9a-f]{64}$/);
	});

	it('catches a hand edit of each file', async () => {
		expect(
			await staleFiles(fresh, {
				...committed,
				mmd: committed.mmd.replace('Network path', 'Network')
			})
		).toEqual([DIAGRAM_FILES.mmd]);
		expect(
			await staleFiles(fresh, {
				...committed,
				json: committed.json.replace('"Network path"', '"Network"')
			})
		).toEqual([DIAGRAM_FILES.json]);
		expect(
			await staleFiles(fresh, {
				...committed,
				svg: committed.svg.replace(/sha256:[0-9a-f]{8}/, 'sha256:00000000')
			})
		).toEqual([DIAGRAM_FILES.svg]);
		expect(
			await staleFiles(fresh, {
				...committed,
				readme: committed.readme.replace('| `serverUrl.blocked` |', '| `serverUrl.stopped` |')
			})
		).toEqual([DIAGRAM_FILES.readme]);
		expect(
			await staleFiles(fresh, { ...committed, readme: committed.readme.replace(TABLE_BEGIN, '') })
		).toEqual([DIAGRAM_FILES.readme]);
		expect(
			await staleFiles(fresh, {
				...committed,
				readme: `${committed.readme}\nProse outside the table is free.\n`
			})
		).toEqual([]);
		expect(await staleFiles(fresh, { mmd: null, json: null, svg: null, readme: null })).toEqual(
			Object.values(DIAGRAM_FILES)
		);
	});

	it('catches a machine change (an added state) in every file', async () => {
		const changed = createMachine(
			{
				...setupMachine.config,
				states: { ...setupMachine.config.states, reviewAgain: {} }
			} as typeof setupMachine.config,
			setupMachine.implementations
		);
		const words: DiagramWords = {
			...setupWords,
			state: (id, key) => (key === 'reviewAgain' ? 'Review again' : setupWords.state(id, key))
		};
		expect(await staleFiles(textArtifacts(changed, words), committed)).toEqual(
			Object.values(DIAGRAM_FILES)
		);
	});

	it('stamps the SVG with the hash of the source it was rendered from', async () => {
		const stamped = await stampSvg('<svg></svg>', 'stateDiagram-v2\n');
		expect(svgSourceHash(stamped)).toBe(
			createHash('sha256').update('stateDiagram-v2\n').digest('hex')
		);
		expect(stamped.endsWith('<svg></svg>\n')).toBe(true);
		expect(svgSourceHash(stamped)).not.toBe(
			svgSourceHash(await stampSvg('<svg></svg>', 'stateDiagram-v2\n%% edited\n'))
		);
	});
});
