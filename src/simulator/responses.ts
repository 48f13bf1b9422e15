/**
 * Wire details shared by the simulator's routes: Azure DevOps error bodies (WrappedException),
 * the api-version rules, and response headers as the real service sends them.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ReleaseInfo } from './catalogue';

export class SimError {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string | string[]> = {},
		/** Non-JSON body (HTML or text) with its content type. */
		readonly raw?: { contentType: string; text: string }
	) {}
}

const WEBAPI = 'Microsoft.VisualStudio.Services.WebApi';

export function wrapped(
	message: string,
	typeName: string,
	typeKey: string,
	extra: { eventId?: number; errorCode?: number; customProperties?: Record<string, unknown> } = {}
): Record<string, unknown> {
	return {
		$id: '1',
		...(extra.customProperties ? { customProperties: extra.customProperties } : {}),
		innerException: null,
		message,
		typeName,
		typeKey,
		errorCode: extra.errorCode ?? 0,
		eventId: extra.eventId ?? 3000
	};
}

export const err = (
	status: number,
	message: string,
	typeName: string,
	typeKey: string,
	extra?: Parameters<typeof wrapped>[3],
	headers?: Record<string, string>
) => new SimError(status, wrapped(message, typeName, typeKey, extra), headers);

export const webApiErr = (status: number, message: string, typeKey: string) =>
	err(status, message, `${WEBAPI}.${typeKey}, ${WEBAPI}`, typeKey);

/** ASP.NET's answer for an `_apis` route that does not exist. */
export function noController(path: string): SimError {
	return err(
		404,
		`The controller for path '${path}' was not found or does not implement IController.`,
		'System.Web.HttpException, System.Web',
		'HttpException',
		{ eventId: 0 }
	);
}

const PAGE_NOT_FOUND_HTML =
	'<!DOCTYPE html><html><head><title>Page not found.</title></head><body><h1>Page not found.</h1><p>The page you are looking for does not exist.</p></body></html>';

export function pageNotFound(): SimError {
	return new SimError(
		404,
		null,
		{},
		{ contentType: 'text/html; charset=utf-8', text: PAGE_NOT_FOUND_HTML }
	);
}

/** Unknown organization or collection: plain-text 404 as seen from dev.azure.com. */
export function resourceNotFound(): SimError {
	return new SimError(
		404,
		null,
		{},
		{ contentType: 'text/plain; charset=utf-8', text: 'The resource cannot be found.' }
	);
}

// ---- api-version ------------------------------------------------------------------------------

interface ApiVersion {
	major: number;
	minor: number;
	preview: boolean;
	/** As the client sent it. */
	text: string;
}

const VERSION_RE = /^(\d+)\.(\d+)(-preview(\.\d+)?)?$/i;

function parseVersion(text: string): ApiVersion | null {
	const m = VERSION_RE.exec(text.trim());
	if (!m) return null;
	return { major: Number(m[1]), minor: Number(m[2]), preview: Boolean(m[3]), text: text.trim() };
}

function cmp(a: { major: number; minor: number }, b: string): number {
	const [maj, min] = b.split('.').map(Number) as [number, number];
	return a.major !== maj ? a.major - maj : a.minor - min;
}

/** The version from the query (`api-version`) or the Accept header (`;api-version=`). */
export function requestedVersion(url: URL, accept: string | undefined): string | null {
	const q = url.searchParams.get('api-version');
	if (q !== null) return q;
	const m = /api-version\s*=\s*([^;,\s]+)/i.exec(accept ?? '');
	return m ? (m[1] as string) : null;
}

/**
 * Applies Azure DevOps' version rules and returns the version to echo in Content-Type.
 * `previewOnly` marks resources with no GA version (project properties, connectionData).
 */
export type VersionMessages = 'en' | 'valid-range' | 'de' | 'opaque';

/** VssVersionOutOfRangeException messages: observed English ones, and two a test can switch to. */
function outOfRangeMessage(requested: string, latest: string, wording: VersionMessages): string {
	switch (wording) {
		case 'valid-range':
			return `The requested REST API version of ${requested} is out of the valid range for this server. The latest REST API version supported by this server is ${latest}.`;
		case 'de':
			// Simulated localisation: a server answering in the customer's language.
			return `Die angeforderte REST-API-Version ${requested} liegt außerhalb des für diesen Server gültigen Bereichs. Die neueste von diesem Server unterstützte REST-API-Version ist ${latest}.`;
		case 'opaque':
			return 'Die angeforderte REST-API-Version wird von diesem Server nicht unterstützt.';
		default:
			return `The requested REST API version of ${requested} is out of range for this server. The latest REST API version this server supports is ${latest}.`;
	}
}

export function negotiateVersion(
	release: ReleaseInfo,
	requested: string | null,
	method: string,
	previewOnly: boolean,
	wording: VersionMessages = 'en'
): string {
	if (requested === null || requested === '') {
		if (method !== 'GET' && method !== 'HEAD')
			throw webApiErr(
				400,
				`No api-version was supplied for the "${method}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`,
				'VssVersionNotSpecifiedException'
			);
		return previewOnly ? `${release.releasedVersion}-preview.1` : release.releasedVersion;
	}
	const v = parseVersion(requested);
	if (!v)
		throw webApiErr(
			400,
			`Invalid api version string: "${requested}". Api version string must be in the format {Major}.{Minor}[-{Stage}[.{Resource}]].`,
			'VssInvalidApiVersionException'
		);
	if (cmp(v, release.maxVersion) > 0)
		throw webApiErr(
			400,
			outOfRangeMessage(`${v.major}.${v.minor}`, release.maxVersion, wording),
			'VssVersionOutOfRangeException'
		);
	if (!v.preview && (previewOnly || cmp(v, release.releasedVersion) > 0))
		throw webApiErr(
			400,
			`The requested version "${v.text}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${v.text}-preview"`,
			'VssInvalidPreviewVersionException'
		);
	return v.text;
}

// ---- sending ---------------------------------------------------------------------------------

export function baseHeaders(): Record<string, string> {
	const activity = randomUUID();
	return {
		ActivityId: activity,
		'X-TFS-Session': activity,
		'X-VSS-E2EID': randomUUID(),
		'X-TFS-ProcessId': '0d8a5b0e-6f7c-4f5e-9b2a-7c1d2e3f4a5b',
		'X-Content-Type-Options': 'nosniff',
		'X-FRAME-OPTIONS': 'SAMEORIGIN',
		'Access-Control-Expose-Headers': 'ActivityId,X-TFS-Session,X-MS-ContinuationToken',
		'Request-Context': 'appId=cid-v1:5e0a1d2c-3b4f-4a6e-8d7c-9b0a1c2d3e4f',
		'Cache-Control': 'no-cache'
	};
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	version: string | null,
	headers: Record<string, string | string[]> = {}
): number {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...baseHeaders(),
		...headers,
		'Content-Type': `application/json; charset=utf-8${version ? `; api-version=${version}` : ''}`,
		'Content-Length': Buffer.byteLength(text)
	});
	res.end(text);
	return status;
}

export function sendRaw(
	res: ServerResponse,
	status: number,
	contentType: string,
	text: string,
	headers: Record<string, string | string[]> = {}
): number {
	res.writeHead(status, {
		...baseHeaders(),
		...headers,
		'Content-Type': contentType,
		'Content-Length': Buffer.byteLength(text)
	});
	res.end(text);
	return status;
}

export function sendError(res: ServerResponse, e: SimError): number {
	if (e.raw) return sendRaw(res, e.status, e.raw.contentType, e.raw.text, e.headers);
	if (e.body === null) {
		res.writeHead(e.status, { ...baseHeaders(), ...e.headers, 'Content-Length': 0 });
		res.end();
		return e.status;
	}
	return sendJson(res, e.status, e.body, null, e.headers);
}
