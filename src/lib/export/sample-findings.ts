import type { FindingInput } from './findings.schema';

/**
 * SAMPLE DATA. Invented findings for a fictitious site (example.com, a reserved domain), shipped
 * so the portable fallback can be tried without a real report. Every export made from it says so.
 */
export const SAMPLE_FINDINGS_FILE: { sample_data: true; label: string; findings: FindingInput[] } =
	{
		sample_data: true,
		label: 'Sample findings (demo data, not from a real scan)',
		findings: [
			{
				id: 'WRO-F-1001',
				source_type: 'report_issue',
				source_id: 'sample-report-1/issue-1',
				title: 'Session cookie sent without Secure and HttpOnly',
				severity: 'high',
				affected_url: 'https://www.example.com/account/login',
				description:
					'The "session" cookie is set without the Secure and HttpOnly attributes, so it can travel over plain HTTP and be read by scripts.\nSeen on the login response.',
				acceptance_criteria: [
					'The session cookie carries Secure, HttpOnly and SameSite=Lax.',
					'A rescan shows no cookie finding for /account/login.'
				],
				labels: ['cookies', 'owasp-a05']
			},
			{
				id: 'WRO-F-1002',
				source_type: 'report_issue',
				source_id: 'sample-report-1/issue-2',
				title: 'Outdated jQuery 1.12.4, known XSS issues',
				severity: 'medium',
				affected_url: 'https://www.example.com/',
				description:
					'jQuery 1.12.4 is loaded from /static/js/jquery.min.js; versions before 3.5.0 have known XSS issues (CVE-2020-11022, CVE-2020-11023).',
				acceptance_criteria: ['jQuery is 3.7 or later, or removed.'],
				labels: ['dependencies']
			},
			{
				id: 'WRO-F-1003',
				source_type: 'fix_task',
				source_id: 'sample-report-1/task-3',
				title: 'Add a Content-Security-Policy, "default-src \'self\'" to start',
				severity: 'low',
				affected_url: 'https://www.example.com/',
				description:
					'No Content-Security-Policy header is sent. Start with a report-only policy, then enforce it.',
				acceptance_criteria: ['Every HTML response sends a Content-Security-Policy header.'],
				labels: ['headers']
			},
			{
				id: 'WRO-F-1004',
				source_type: 'report_issue',
				source_id: 'sample-report-1/issue-4',
				title: 'Admin panel reachable without authentication',
				severity: 'critical',
				affected_url: 'https://www.example.com/admin/',
				description: 'GET /admin/ answers 200 with the dashboard for an anonymous visitor.',
				acceptance_criteria: [
					'Anonymous requests to /admin/ are redirected to sign-in.',
					'Access is limited to the admin role.'
				],
				labels: ['access-control', 'owasp-a01']
			}
		]
	};
