/**
 * One mermaid configuration for the committed SVG (rendered by `npm run diagram`) and the in-app
 * flow page, so both draw the same picture. Fixed ids and seeds keep the output byte-stable.
 */
export const DIAGRAM_RENDER_ID = 'setup-statechart';

export const MERMAID_CONFIG = {
	startOnLoad: false,
	securityLevel: 'strict',
	theme: 'neutral',
	deterministicIds: true,
	deterministicIDSeed: 'setup-statechart',
	// Notes are drawn with rough.js, which is random unless seeded.
	handDrawnSeed: 1,
	look: 'classic',
	fontFamily: 'DejaVu Sans, Arial, sans-serif',
	htmlLabels: false,
	state: { htmlLabels: false, useMaxWidth: true },
	flowchart: { htmlLabels: false }
} as const;
