/** REST api-version handling: ceilings, release names, the 5.0 floor. */

/** Azure DevOps Server 2019 speaks REST 5.0; anything older is refused. */
export const MINIMUM_API_VERSION = '5.0';
/** What Services (and the newest Server) accept for every GA resource we use. */
export const SERVICES_API_VERSION = '7.1';
/** Deliberately too high: the server answers with its own ceiling (VssVersionOutOfRangeException). */
export const PROBE_API_VERSION = '100.0';

function parseVersion(v: string): [number, number] {
	const m = /^(\d+)\.(\d+)/.exec(v);
	return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

export function compareVersions(a: string, b: string): number {
	const [am, an] = parseVersion(a);
	const [bm, bn] = parseVersion(b);
	return am !== bm ? am - bm : an - bn;
}

/** Normalises "7.1-preview.1" or "7.1" to "7.1". */
export function majorMinor(v: string): string {
	const [m, n] = parseVersion(v);
	return `${m}.${n}`;
}

/** Product release inferred from a Server's api-version ceiling (learn: rest-api-versioning). */
export function serverRelease(ceiling: string): string {
	const [major, minor] = parseVersion(ceiling);
	if (major > 7 || (major === 7 && minor >= 1)) return 'Azure DevOps Server';
	if (major === 7) return 'Azure DevOps Server 2022';
	if (major === 6) return 'Azure DevOps Server 2020';
	if (major === 5) return 'Azure DevOps Server 2019';
	if (major === 4) return 'Team Foundation Server 2018';
	if (major === 3) return 'Team Foundation Server 2017';
	return 'Team Foundation Server 2015 or older';
}

/** The `api-version=X` a server echoes in Content-Type when none was requested. */
export function versionFromContentType(contentType: string): string | undefined {
	return /api-version=(\d+\.\d+)/i.exec(contentType)?.[1];
}

/** One entry of `OPTIONS _apis/{area}` (ApiResourceLocation). */
export interface ResourceLocation {
	id: string;
	area: string;
	resourceVersion: number;
	minVersion: string;
	maxVersion: string;
	releasedVersion: string;
}

/** Reads the resource locations of an OPTIONS answer; anything else is `undefined`. */
export function readLocations(json: unknown): ResourceLocation[] | undefined {
	const value = (json as { value?: unknown } | null | undefined)?.value;
	if (!Array.isArray(value)) return undefined;
	const out: ResourceLocation[] = [];
	for (const v of value as Record<string, unknown>[]) {
		if (
			v &&
			typeof v.id === 'string' &&
			typeof v.maxVersion === 'string' &&
			typeof v.releasedVersion === 'string'
		)
			out.push({
				id: v.id.toLowerCase(),
				area: typeof v.area === 'string' ? v.area : '',
				resourceVersion: typeof v.resourceVersion === 'number' ? v.resourceVersion : 1,
				minVersion: typeof v.minVersion === 'string' ? v.minVersion : '1.0',
				maxVersion: v.maxVersion,
				releasedVersion: v.releasedVersion
			});
	}
	return out;
}

/**
 * The api-version to send for one resource, from the server's own location for it: its released
 * version (never above `wanted`, the release's GA version the client works at), or, where this
 * release has it only as preview (`releasedVersion` 0.0), `{version}-preview.{resourceVersion}`.
 */
export function negotiateResourceVersion(location: ResourceLocation, wanted: string): string {
	const lower = (a: string, b: string) => (compareVersions(a, b) < 0 ? a : b);
	if (compareVersions(location.releasedVersion, '0.0') > 0)
		return majorMinor(lower(location.releasedVersion, wanted));
	const top = majorMinor(lower(location.maxVersion, wanted));
	return `${top}-preview.${location.resourceVersion}`;
}
