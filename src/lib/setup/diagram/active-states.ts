/** A state id and its parents, outermost first: `serverUrl.editing` → `serverUrl`, `serverUrl.editing`. */
export function statePrefixes(stateId: string): string[] {
	const parts = stateId.split('.');
	return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** The Mermaid node id of a state id (see to-mermaid.ts: dots become underscores). */
const mermaidNodeId = (stateId: string) => stateId.replaceAll('.', '_');

/** Matches the ids mermaid gives state nodes and clusters: `${renderId}-state-${nodeId}-${n}`. */
export function isMermaidStateElementId(
	elementId: string,
	renderId: string,
	stateId: string
): boolean {
	const node = mermaidNodeId(stateId);
	const head = `${renderId}-state-${node}-`;
	return elementId.startsWith(head) && /^\d+$/.test(elementId.slice(head.length));
}
