// Layers that only point down, checked by `npm run deps` (dependency-cruiser) in `npm test`.
// Type-only imports count: a layer that needs another's types depends on it all the same.
//
// Top to bottom: routes -> app -> components -> (setup, after-setup) -> diagnostics ->
// (policy, probe, export, storage, entra, tree) -> domain. server is separate (domain and its own
// modules only); the simulator and src/cli are tools on top.

/** Each folder of src/lib, and the folders below it that it may import besides itself. */
const LAYERS = {
	app: {
		may: [
			'setup',
			'after-setup',
			'diagnostics',
			'policy',
			'probe',
			'export',
			'storage',
			'entra',
			'tree',
			'domain'
		],
		why: 'app is the composition root that binds real I/O to the charts; only pages import it'
	},
	components: {
		may: ['setup', 'after-setup', 'diagnostics', 'policy', 'export', 'tree', 'domain'],
		why: 'components take props and send events; storage, probes and sign-in are bound in app'
	},
	setup: {
		may: ['diagnostics', 'policy', 'probe', 'export', 'storage', 'entra', 'tree', 'domain'],
		why: 'setup (the chart and its view helpers) sits above the services, beside after-setup'
	},
	'after-setup': {
		may: ['diagnostics', 'policy', 'probe', 'export', 'storage', 'entra', 'tree', 'domain'],
		why: 'after-setup works on a saved target and never reaches into the setup chart'
	},
	diagnostics: { may: ['policy', 'domain'], why: 'diagnostics words the policy decision' },
	policy: { may: ['domain'], why: 'policy (the rules engine) sits on domain' },
	probe: { may: ['domain'], why: 'probe (the client and its request builders) sits on domain' },
	export: { may: ['domain'], why: 'export is a leaf' },
	storage: { may: ['domain'], why: 'storage sits on domain' },
	entra: { may: ['domain'], why: 'entra (the sign-in) sits on domain' },
	tree: { may: ['domain'], why: 'tree (the picker model) sits on domain' },
	server: { may: ['domain'], why: 'server is separate from the browser layers' },
	domain: { may: [], why: 'domain is the bottom layer' }
};

const FOLDERS = Object.keys(LAYERS);
const alternatives = (names) => names.map((n) => n.replace(/[-/]/g, '\\$&')).join('|');
const TEST_CODE = '(\\.spec\\.ts|\\.stubs\\.ts|\\.samples\\.ts|-test-support\\.ts)$';

const layerRules = Object.entries(LAYERS).map(([folder, { may, why }]) => ({
	name: `layer-${folder}`,
	severity: 'error',
	comment: `${why}: it may import only ${[...may, 'its own modules'].join(', ')}.`,
	from: { path: `^src/lib/${folder}/` },
	to: { path: '^src/lib/', pathNot: `^src/lib/(${alternatives([folder, ...may])})/` }
}));

module.exports = {
	forbidden: [
		...layerRules,
		{
			name: 'layer-unknown-folder',
			severity: 'error',
			comment:
				'This src/lib folder has no layer yet: add it to LAYERS in .dependency-cruiser.cjs, ' +
				'with the folders it may import.',
			from: { path: '^src/lib/', pathNot: `^src/lib/(${alternatives(FOLDERS)})/` },
			to: {}
		},
		{
			name: 'components-render-decisions',
			severity: 'error',
			comment:
				'Components render decisions; they never run the rules engine (a type import is fine).',
			from: { path: '^src/lib/components/', pathNot: TEST_CODE },
			to: { path: '^src/lib/policy/', dependencyTypesNot: ['type-only'] }
		},
		{
			name: 'pages-go-through-app',
			severity: 'error',
			comment:
				'Pages reach storage and probes through the composition root $lib/app; ' +
				'server code is imported only by +server.ts and hooks.server.ts.',
			from: { path: '^src/routes/', pathNot: '\\+server\\.ts$' },
			to: { path: '^src/lib/(storage|probe|server)/' }
		},
		{
			name: 'simulator-is-a-tool',
			severity: 'error',
			comment: 'The simulator is a tool: only src/cli, tests and specs use it.',
			from: { path: '^src/(lib|routes)/', pathNot: TEST_CODE },
			to: { path: '^src/simulator/' }
		},
		{
			name: 'simulator-stands-alone',
			severity: 'error',
			comment: 'The simulator plays Azure DevOps: it imports only its own modules.',
			from: { path: '^src/simulator/' },
			to: { path: '^src/', pathNot: '^src/simulator/' }
		},
		{
			name: 'tools-on-top',
			severity: 'error',
			comment: 'src/cli holds tools: nothing in the app imports them.',
			from: { path: '^src/(lib|routes|simulator)/' },
			to: { path: '^src/cli/' }
		},
		{
			name: 'lib-alias-resolves',
			severity: 'error',
			comment: 'This $lib import does not resolve to a file (moved or misspelt?).',
			from: {},
			to: { couldNotResolve: true, path: '^\\$lib' }
		},
		{
			name: 'no-circular-files',
			severity: 'error',
			comment: 'Circular import between files: move what both need into a module they both import.',
			from: {},
			to: { circular: true }
		},
		{
			name: 'no-circular-folders',
			severity: 'error',
			comment: 'Circular import between folders: one of them has to stop importing the other.',
			scope: 'folder',
			from: {},
			to: { circular: true }
		}
	],
	options: {
		tsPreCompilationDeps: true,
		// Folder-level rules (no-circular-folders) are checked on the folder metrics only.
		metrics: true,
		doNotFollow: { path: 'node_modules' },
		exclude: { path: '^(\\.svelte-kit|node_modules)/' },
		// $lib is an alias of SvelteKit's; dependency-cruiser reads it from this resolve config.
		webpackConfig: { fileName: 'scripts/deps-resolve.cjs' }
	}
};
