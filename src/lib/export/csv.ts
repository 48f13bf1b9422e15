/**
 * RFC 4180 writing: fields joined by commas, records by CRLF; a field is quoted when it holds a
 * comma, a quote, CR or LF or edge spaces, and quotes inside are doubled.
 */
function csvField(value: string): string {
	return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvRecord(fields: readonly string[]): string {
	return fields.map(csvField).join(',');
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
	return [header, ...rows].map(csvRecord).join('\r\n') + '\r\n';
}

/**
 * Spreadsheet formula injection: a cell starting with = + @ (or a tab/CR) is run by Excel when
 * the file is opened. A leading apostrophe keeps it text; Azure Boards imports it as typed.
 */
export function neutralizeFormula(value: string): string {
	return /^[=+@\t\r]/.test(value) ? `'${value}` : value;
}
