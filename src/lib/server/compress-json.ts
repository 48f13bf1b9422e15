// Large JSON answers compressed as the browser accepts (brotli, then gzip). No compression
// oracle for credentials: an answer is compressed only when it carries none of the request's
// secret forms (a token never belongs in an answer; if one ever did, it goes out uncompressed so
// its length cannot be probed through attacker-chosen text next to it).
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Below this, compressing saves less than it costs. */
export const COMPRESS_MIN_BYTES = 4096;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/** The best encoding the Accept-Encoding header allows (q > 0), brotli first; null for none. */
export function pickEncoding(acceptEncoding: string | null): Encoding | null {
	if (!acceptEncoding) return null;
	const q = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name = '', ...params] = part.trim().toLowerCase().split(';');
		const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const value = qParam ? Number(qParam.slice(2)) : 1;
		q.set(name.trim(), Number.isFinite(value) ? value : 0);
	}
	const allowed = (name: Encoding) => (q.get(name) ?? q.get('*') ?? 0) > 0;
	if (allowed('br')) return 'br';
	if (allowed('gzip')) return 'gzip';
	return null;
}

async function compressBytes(body: Uint8Array, encoding: Encoding): Promise<Buffer> {
	return encoding === 'br'
		? brotli(body, {
				params: {
					// Quality 4: most of brotli's gain on JSON for a fraction of its default CPU.
					[constants.BROTLI_PARAM_QUALITY]: 4,
					[constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
					[constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength
				}
			})
		: gzipAsync(body, { level: 6 });
}

/**
 * The same answer, compressed when it is JSON of at least COMPRESS_MIN_BYTES, not already
 * encoded, the client accepts an encoding, and no secret form of the request is in it.
 * `secrets` is only called when compression would happen.
 */
export async function compressJsonResponse(
	acceptEncoding: string | null,
	response: Response,
	secrets: () => Promise<readonly string[]>
): Promise<Response> {
	const encoding = pickEncoding(acceptEncoding);
	const type = response.headers.get('content-type') ?? '';
	if (
		!encoding ||
		!response.body ||
		response.headers.has('content-encoding') ||
		!/^application\/json\b/i.test(type)
	)
		return response;
	const declared = Number(response.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > 0 && declared < COMPRESS_MIN_BYTES) return response;
	const body = new Uint8Array(await response.arrayBuffer());
	const headers = new Headers(response.headers);
	headers.append('vary', 'Accept-Encoding');
	const plain = () =>
		new Response(body, { status: response.status, statusText: response.statusText, headers });
	if (body.byteLength < COMPRESS_MIN_BYTES) return plain();
	// As sent and as JSON would escape it.
	const forms = (await secrets())
		.filter((s) => s.length > 0)
		.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
	if (forms.length > 0) {
		const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
		if (forms.some((s) => text.includes(s))) return plain();
	}
	const compressed = await compressBytes(body, encoding);
	headers.set('content-encoding', encoding);
	headers.delete('content-length');
	return new Response(new Uint8Array(compressed), {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}
