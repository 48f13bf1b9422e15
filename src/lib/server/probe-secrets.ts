import { probeRequestSchema } from '$lib/domain/probe.schema';
import { secretForms } from './azure-devops/auth';
import { MAX_BODY_BYTES } from './probe-handler';

/**
 * The secret forms a probe request carries (its token, raw and encoded), read from an unread copy
 * of the request, capped like the endpoint caps it. Empty when there is none or it is unreadable.
 */
export async function probeRequestSecrets(copy: Request): Promise<string[]> {
	try {
		const reader = copy.body?.getReader();
		if (!reader) return [];
		const chunks: Uint8Array[] = [];
		let total = 0;
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			total += value.byteLength;
			if (total > MAX_BODY_BYTES) {
				await reader.cancel();
				return [];
			}
			chunks.push(value);
		}
		const parsed = probeRequestSchema.safeParse(
			JSON.parse(new TextDecoder().decode(Buffer.concat(chunks)))
		);
		return parsed.success && 'credential' in parsed.data ? secretForms(parsed.data.credential) : [];
	} catch {
		return [];
	}
}
