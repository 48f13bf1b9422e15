import { describe, expect, it } from 'vitest';
import { nodeFieldPath, toNode } from './classification-nodes';

// specification/wit/7.1/httpExamples/classificationNodes/GET__wit_classificationNodes_iterations__depth-2.json
// (url and _links left out, Release 2 to 4 and Sprints 5 and 6 trimmed). The example's `path`
// members are one placeholder; they are written here in the format services send
// (`\Project\Iteration\Child`). Sprint 4 has no `path` in the example either.
const ITERATIONS = {
	id: 3569,
	identifier: '49cea43c-16b2-417c-a98f-65d511e3ca9d',
	name: 'Fabrikam-Fiber-Git',
	structureType: 'iteration',
	hasChildren: true,
	path: '\\Fabrikam-Fiber-Git\\Iteration',
	children: [
		{
			id: 3566,
			identifier: '6b5153a0-76f7-4aad-bd60-7dbfe3c2947d',
			name: 'Release 3',
			structureType: 'iteration',
			hasChildren: false,
			path: '\\Fabrikam-Fiber-Git\\Iteration\\Release 3'
		},
		{
			id: 3576,
			identifier: '395a6b4f-6488-41ee-a06a-1514405ab6f0',
			name: 'Release 1',
			structureType: 'iteration',
			hasChildren: true,
			path: '\\Fabrikam-Fiber-Git\\Iteration\\Release 1',
			children: [
				{
					id: 3564,
					identifier: '63d12e9d-37fd-48af-80a5-b93095705806',
					name: 'Sprint 4',
					structureType: 'iteration',
					hasChildren: false
				},
				{
					id: 3565,
					identifier: 'c9206006-4362-4b16-9205-1b94d32a6fb2',
					name: 'Sprint 2',
					structureType: 'iteration',
					hasChildren: false,
					path: '\\Fabrikam-Fiber-Git\\Iteration\\Release 1\\Sprint 2',
					attributes: { startDate: '2014-03-17T00:00:00Z', finishDate: '2014-03-28T00:00:00Z' }
				}
			]
		}
	]
};

// specification/wit/7.1/httpExamples/classificationNodes/GET__wit_classificationNodes_areas__depth-2.json
// trimmed the same way, the paths as services send them (`az boards area` shows this format).
const AREAS = {
	id: 3568,
	identifier: '7fc6fce0-105b-403c-a126-8f8212713fd7',
	name: 'Fabrikam-Fiber-Git',
	structureType: 'area',
	hasChildren: true,
	path: '\\Fabrikam-Fiber-Git\\Area',
	children: [
		{
			id: 4482,
			identifier: '7aebdc2d-3b54-416f-8daf-171b2dd38a7b',
			name: 'Devices',
			structureType: 'area',
			hasChildren: true,
			path: '\\Fabrikam-Fiber-Git\\Area\\Devices',
			children: [
				{
					id: 4484,
					identifier: '5f00e777-9531-4931-9951-d86e18a95569',
					name: 'Surface',
					structureType: 'area',
					hasChildren: false,
					path: '\\Fabrikam-Fiber-Git\\Area\\Devices\\Surface'
				}
			]
		},
		{
			id: 4486,
			identifier: '968dbbb1-b355-4d41-9d55-61ffe87f4699',
			name: 'Website',
			structureType: 'area',
			hasChildren: false,
			path: '\\Fabrikam-Fiber-Git\\Area\\Website'
		}
	]
};

describe('nodeFieldPath', () => {
	it.each([
		['the root area', '\\Fabrikam-Fiber-Git\\Area', 'Area', 'Fabrikam-Fiber-Git'],
		['a child area', '\\Fabrikam Fiber\\Area\\Voice', 'Area', 'Fabrikam Fiber\\Voice'],
		[
			'a nested iteration',
			'\\Fabrikam-Fiber-Git\\Iteration\\Release 1\\Sprint 2',
			'Iteration',
			'Fabrikam-Fiber-Git\\Release 1\\Sprint 2'
		],
		['the structure segment in any case', '\\Demo\\area\\Child', 'Area', 'Demo\\Child'],
		[
			'a node named like the other structure stays',
			'\\Demo\\Area\\Iteration',
			'Area',
			'Demo\\Iteration'
		],
		['already a field value', 'Demo\\Child', 'Area', 'Demo\\Child']
	] as const)('%s', (_, nodePath, structure, expected) => {
		expect(nodeFieldPath(nodePath, structure)).toBe(expected);
	});
});

describe('toNode', () => {
	it.each([
		[
			'an area tree',
			AREAS,
			'Area',
			{
				id: 3568,
				identifier: '7fc6fce0-105b-403c-a126-8f8212713fd7',
				name: 'Fabrikam-Fiber-Git',
				path: 'Fabrikam-Fiber-Git',
				children: [
					{
						id: 4482,
						identifier: '7aebdc2d-3b54-416f-8daf-171b2dd38a7b',
						name: 'Devices',
						path: 'Fabrikam-Fiber-Git\\Devices',
						children: [
							{
								id: 4484,
								identifier: '5f00e777-9531-4931-9951-d86e18a95569',
								name: 'Surface',
								path: 'Fabrikam-Fiber-Git\\Devices\\Surface'
							}
						]
					},
					{
						id: 4486,
						identifier: '968dbbb1-b355-4d41-9d55-61ffe87f4699',
						name: 'Website',
						path: 'Fabrikam-Fiber-Git\\Website'
					}
				]
			}
		],
		[
			'an iteration tree; a node without path takes its parent path',
			ITERATIONS,
			'Iteration',
			{
				id: 3569,
				identifier: '49cea43c-16b2-417c-a98f-65d511e3ca9d',
				name: 'Fabrikam-Fiber-Git',
				path: 'Fabrikam-Fiber-Git',
				children: [
					{
						id: 3566,
						identifier: '6b5153a0-76f7-4aad-bd60-7dbfe3c2947d',
						name: 'Release 3',
						path: 'Fabrikam-Fiber-Git\\Release 3'
					},
					{
						id: 3576,
						identifier: '395a6b4f-6488-41ee-a06a-1514405ab6f0',
						name: 'Release 1',
						path: 'Fabrikam-Fiber-Git\\Release 1',
						children: [
							{
								id: 3564,
								identifier: '63d12e9d-37fd-48af-80a5-b93095705806',
								name: 'Sprint 4',
								path: 'Fabrikam-Fiber-Git\\Release 1\\Sprint 4'
							},
							{
								id: 3565,
								identifier: 'c9206006-4362-4b16-9205-1b94d32a6fb2',
								name: 'Sprint 2',
								path: 'Fabrikam-Fiber-Git\\Release 1\\Sprint 2'
							}
						]
					}
				]
			}
		],
		[
			'a root without path or children (empty children are left out)',
			{ id: 7, name: 'Demo', children: [] },
			'Area',
			{ id: 7, name: 'Demo', path: 'Demo' }
		],
		['not an object', null, 'Area', { id: 0, name: '', path: '' }]
	] as const)('%s', (_, raw, structure, expected) => {
		expect(toNode(raw, structure)).toEqual(expected);
	});
});
