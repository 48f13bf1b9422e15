import { describe, expect, it } from 'vitest';
import { ENTRA_CALLBACK_PATH, loadOperatorConfig } from './config';

const CLIENT = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

describe('operator settings for Entra ID sign-in', () => {
	it('absent unless configured (sign-in is refused, PAT still works)', () => {
		expect(loadOperatorConfig({ ORIGIN: 'http://127.0.0.1:3000' }).entra).toBeUndefined();
	});

	it('redirect URI defaults to the callback route under ORIGIN', () => {
		const config = loadOperatorConfig({
			ORIGIN: 'https://webriskops.example',
			WEBRISKOPS_ENTRA_CLIENT_ID: CLIENT.toUpperCase(),
			WEBRISKOPS_ENTRA_AUTHORITY: 'https://login.microsoftonline.com/organizations/'
		});
		expect(config.entra).toEqual({
			client_id: CLIENT,
			authority: 'https://login.microsoftonline.com/organizations',
			redirect_uri: `https://webriskops.example${ENTRA_CALLBACK_PATH}`
		});
	});

	it.each([
		[
			'client id without authority',
			{ WEBRISKOPS_ENTRA_CLIENT_ID: CLIENT },
			/WEBRISKOPS_ENTRA_AUTHORITY/
		],
		[
			'authority without client id',
			{ WEBRISKOPS_ENTRA_AUTHORITY: 'https://login.microsoftonline.com/common' },
			/WEBRISKOPS_ENTRA_CLIENT_ID/
		],
		[
			'client id not a GUID',
			{
				WEBRISKOPS_ENTRA_CLIENT_ID: 'my-app',
				WEBRISKOPS_ENTRA_AUTHORITY: 'https://login.microsoftonline.com/common'
			},
			/WEBRISKOPS_ENTRA_CLIENT_ID/
		],
		[
			'plain http authority off loopback',
			{
				WEBRISKOPS_ENTRA_CLIENT_ID: CLIENT,
				WEBRISKOPS_ENTRA_AUTHORITY: 'http://login.example/tenant'
			},
			/must be https/
		],
		[
			'authority without tenant path',
			{
				WEBRISKOPS_ENTRA_CLIENT_ID: CLIENT,
				WEBRISKOPS_ENTRA_AUTHORITY: 'https://login.microsoftonline.com'
			},
			/WEBRISKOPS_ENTRA_AUTHORITY/
		],
		[
			'redirect URI on another path',
			{
				WEBRISKOPS_ENTRA_CLIENT_ID: CLIENT,
				WEBRISKOPS_ENTRA_AUTHORITY: 'https://login.microsoftonline.com/common',
				WEBRISKOPS_ENTRA_REDIRECT_URI: 'https://webriskops.example/elsewhere'
			},
			/path must be/
		]
	])('refuses %s', (_name, env, message) => {
		expect(() => loadOperatorConfig({ ORIGIN: 'https://webriskops.example', ...env })).toThrow(
			message
		);
	});

	it('accepts the demo authority on a loopback literal over http', () => {
		const config = loadOperatorConfig({
			ORIGIN: 'http://127.0.0.1:3000',
			WEBRISKOPS_ENTRA_CLIENT_ID: CLIENT,
			WEBRISKOPS_ENTRA_AUTHORITY: 'http://127.0.0.1:8081/_entra/common'
		});
		expect(config.entra?.authority).toBe('http://127.0.0.1:8081/_entra/common');
	});
});
