import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

// A loopback "Azure DevOps Server" that attacks its client, one scenario per collection path
// (`/{scenario}/DefaultCollection`): for the hostile-upstream spec and the bench. Test support.

export type HostileScenario =
	| 'deep-tree'
	| 'wide-tree'
	| 'long-names'
	| 'cut-tree'
	| 'large-field-lists'
	| 'huge-field-list'
	| 'many-fields'
	| 'slow-drip'
	| 'endless-body'
	| 'gzip-bomb'
	| 'redirect-loop'
	| 'redirect-away'
	| 'reset';

export interface HostileUpstream {
	origin: string;
	/** `{origin}/{scenario}/DefaultCollection` */
	collection(scenario: HostileScenario): string;
	close(): Promise<void>;
}

const MiB = 1024 * 1024;

/** ~1,100 levels of 1,000-character names without `path`: quadratic paths if built naively. */
function deepTree(levels: number, nameLength: number): string {
	const open = `{"id":1,"name":"${'n'.repeat(nameLength)}","hasChildren":true,"children":[`;
	return `${open.repeat(levels)}{"id":2,"name":"leaf"}${']}'.repeat(levels)}`;
}

function wideTree(children: number): string {
	const parts: string[] = [];
	for (let i = 0; i < children; i++) parts.push(`{"id":${i},"name":"a${i}"}`);
	return `{"id":0,"name":"P","children":[${parts.join(',')}]}`;
}

/** Nodes that say they have children but came without: each asks for one more request. */
function cutTree(nodes: number): string {
	const parts: string[] = [];
	for (let i = 0; i < nodes; i++) parts.push(`{"id":${i},"name":"c${i}","hasChildren":true}`);
	return `{"id":0,"name":"P","children":[${parts.join(',')}]}`;
}

function fieldList(fields: number, values: number, valueLength: number): string {
	const value = JSON.stringify('v'.repeat(valueLength));
	const allowed = `[${Array.from({ length: values }, () => value).join(',')}]`;
	const list = Array.from(
		{ length: fields },
		(_, i) =>
			`{"referenceName":"Custom.F${i}","name":"F${i}","alwaysRequired":false,"allowedValues":${allowed}}`
	);
	return `{"count":${fields},"value":[${list.join(',')}]}`;
}

function types(count: number): string {
	const list = Array.from({ length: count }, (_, i) => ({
		name: `Type ${i}`,
		referenceName: `Custom.Type${i}`
	}));
	return JSON.stringify({ count, value: list });
}

const SMALL_TREE = '{"id":0,"name":"P","path":"\\\\P\\\\Iteration"}';

export async function startHostileUpstream(): Promise<HostileUpstream> {
	// Built once: the attack costs the attacker nothing, so the bodies are reused.
	const bodies = {
		deep: Buffer.from(deepTree(1100, 1000)),
		wide: Buffer.from(wideTree(60_000)),
		longNames: Buffer.from(
			`{"id":0,"name":"P","children":[{"id":1,"name":"${'x'.repeat(1000)}"}]}`
		),
		cut: Buffer.from(cutTree(500)),
		largeFields: Buffer.from(fieldList(1, 700, 1300)),
		hugeFields: Buffer.from(fieldList(1, 12_000, 1300)),
		manyFields: Buffer.from(fieldList(5000, 0, 0)),
		bomb: gzipSync(Buffer.alloc(64 * MiB, 0x20))
	};

	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://upstream');
		const [, scenario = '', , ...rest] = url.pathname.split('/');
		const path = `/${rest.join('/')}`;
		const json = (body: string | Buffer, status = 200, extra: Record<string, string> = {}) => {
			res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extra });
			res.end(body);
		};
		switch (scenario as HostileScenario) {
			case 'slow-drip': {
				res.writeHead(200, { 'content-type': 'application/json' });
				const timer = setInterval(() => res.write(' '), 50);
				res.on('close', () => clearInterval(timer));
				return;
			}
			case 'endless-body': {
				res.writeHead(200, { 'content-type': 'application/json' });
				const chunk = Buffer.alloc(64 * 1024, 0x20);
				const pump = () => {
					while (res.write(chunk)) {
						/* until the socket pushes back */
					}
				};
				res.on('drain', pump);
				pump();
				return;
			}
			case 'gzip-bomb':
				return json(bodies.bomb, 200, { 'content-encoding': 'gzip' });
			case 'redirect-loop':
				res.writeHead(302, { location: url.pathname });
				return res.end();
			case 'redirect-away':
				res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
				return res.end();
			case 'reset':
				req.socket.destroy();
				return;
		}
		if (req.method === 'OPTIONS') return json('{}', 404);
		if (/^\/_apis\/projects\//.test(path))
			return json(JSON.stringify({ id: '00000000-0000-0000-0000-000000000001', name: 'P' }));
		if (/\/_apis\/wit\/workitemtypecategories$/.test(path)) return json('{"count":0,"value":[]}');
		if (/\/_apis\/wit\/workitemtypes$/.test(path))
			return json(types(scenario === 'large-field-lists' ? 40 : 1));
		if (/\/_apis\/wit\/classificationnodes\/iterations/.test(path)) return json(SMALL_TREE);
		if (/\/_apis\/wit\/classificationnodes\/areas/.test(path)) {
			if (scenario === 'deep-tree') return json(bodies.deep);
			if (scenario === 'wide-tree') return json(bodies.wide);
			if (scenario === 'long-names') return json(bodies.longNames);
			if (scenario === 'cut-tree') return json(bodies.cut);
			return json(SMALL_TREE);
		}
		if (/\/_apis\/wit\/workitemtypes\/[^/]+\/fields$/.test(path)) {
			if (scenario === 'large-field-lists') return json(bodies.largeFields);
			if (scenario === 'huge-field-list') return json(bodies.hugeFields);
			if (scenario === 'many-fields') return json(bodies.manyFields);
			return json('{"count":0,"value":[]}');
		}
		return json('{"message":"not here"}', 404);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		origin,
		collection: (scenario) => `${origin}/${scenario}/DefaultCollection`,
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	};
}
