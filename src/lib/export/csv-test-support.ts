// Test support shared by the export specs.

/** Strict RFC 4180 reader: throws on a bare quote in an unquoted field, junk after a closing quote or an unterminated quote. */
export function parseCsvStrict(text: string): string[][] {
	const records: string[][] = [];
	let field = '';
	let record: string[] = [];
	let i = 0;
	let quoted = false;
	let fieldStart = true;
	while (i < text.length) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
				i++;
				const next = text[i];
				if (next !== ',' && next !== '\r' && next !== undefined)
					throw new Error(`junk after closing quote at ${i}`);
				continue;
			}
			field += c;
			i++;
			continue;
		}
		if (c === '"') {
			if (!fieldStart) throw new Error(`bare quote at ${i}`);
			quoted = true;
			fieldStart = false;
			i++;
			continue;
		}
		if (c === ',') {
			record.push(field);
			field = '';
			fieldStart = true;
			i++;
			continue;
		}
		if (c === '\r') {
			if (text[i + 1] !== '\n') throw new Error(`CR without LF at ${i}`);
			record.push(field);
			records.push(record);
			record = [];
			field = '';
			fieldStart = true;
			i += 2;
			continue;
		}
		if (c === '\n') throw new Error(`bare LF outside quotes at ${i}`);
		field += c;
		fieldStart = false;
		i++;
	}
	if (quoted) throw new Error('unterminated quote');
	if (!fieldStart || record.length > 0) throw new Error('last record not terminated by CRLF');
	return records;
}
