/**
 * RFC 4180 writing: fields joined by commas, records by CRLF; a field is quoted when it holds a
 * comma, a quote, CR or LF or edge spaces, and quotes inside are doubled.
 */
function csvField(value: string): string {
	return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Every cell is neutralised, whatever its source: findings, mapping or Azure DevOps values. */
export function csvRecord(fields: readonly string[]): string {
	return fields.map((f) => csvField(neutralizeFormula(f))).join(',');
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
	return [header, ...rows].map(csvRecord).join('\r\n') + '\r\n';
}

/**
 * Spreadsheet formula injection (OWASP CSV injection): a cell whose first non-blank character is
 * = + - @ (or their fullwidth forms, which some spreadsheets fold), or that starts with TAB, CR or
 * LF, may be run as a formula when the file is opened. A leading apostrophe keeps it text; Azure
 * Boards imports it as typed.
 */
const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

export function neutralizeFormula(value: string): string {
	return FORMULA_START.test(value) ? `'${value}` : value;
}
