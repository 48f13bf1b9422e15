// JSON.parse is one synchronous step: a large answer parsed while other probes parse theirs
// would hold every other request back. Large answers are parsed one per event-loop turn, so
// requests keep being served between them; a step is bounded by the per-endpoint byte caps.

/** Below this, parsing takes well under a millisecond: done at once. */
const LARGE = 256 * 1024;

const queue: (() => void)[] = [];
let scheduled = false;

function drain(): void {
	const next = queue.shift();
	next?.();
	if (queue.length > 0) setImmediate(drain);
	else scheduled = false;
}

export function parseInTurn(text: string): Promise<unknown> {
	if (text.length < LARGE) return Promise.resolve(JSON.parse(text) as unknown);
	return new Promise((resolve, reject) => {
		queue.push(() => {
			try {
				resolve(JSON.parse(text) as unknown);
			} catch (error) {
				reject(error as Error);
			}
		});
		if (!scheduled) {
			scheduled = true;
			setImmediate(drain);
		}
	});
}
