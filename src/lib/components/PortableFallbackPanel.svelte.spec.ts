import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { ExportMapping } from '$lib/export/export-mapping';
import PortableFallbackPanel from './PortableFallbackPanel.svelte';

const mapping: ExportMapping = {
	organization: 'fabrikam',
	project: 'Fabrikam Fiber',
	work_item_type: 'Bug',
	area_path: 'Fabrikam Fiber',
	iteration_path: 'Fabrikam Fiber',
	priority_mapping: { critical: 1, high: 2, medium: 3, low: 4 },
	severity_mapping: null
};

let blobs: Blob[] = [];
beforeEach(() => {
	blobs = [];
	// jsdom has no object URLs; capture what would be downloaded instead.
	URL.createObjectURL = vi.fn((b: Blob) => {
		blobs.push(b);
		return `blob:test/${blobs.length}`;
	});
	URL.revokeObjectURL = vi.fn();
	vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
});
afterEach(() => {
	cleanup();
	vi.restoreAllMocks();
});

describe('PortableFallbackPanel', () => {
	it('offers the sample, says which columns are unverified, downloads via a Blob URL and records the file', async () => {
		const user = userEvent.setup();
		const onExported = vi.fn(async () => {});
		render(PortableFallbackPanel, {
			props: { mapping, discovery: null, code: 'PROVIDER_API_VERSION_UNSUPPORTED', onExported }
		});
		const region = screen.getByRole('region', { name: /Portable fallback/ });
		expect(within(region).getByText(/4 findings \(sample data\)/)).toBeInTheDocument();
		expect(
			within(region).getByText(
				/Not verified against the Azure DevOps project: Work Item Type, Area Path, Iteration Path, Priority\./
			)
		).toBeInTheDocument();

		await user.click(
			within(region).getByRole('button', { name: 'Download CSV for Azure Boards import' })
		);
		expect(blobs).toHaveLength(1);
		const csv = await blobs[0]!.text();
		expect(
			csv.startsWith('Work Item Type,Title,Area Path,Iteration Path,Priority,Description,Tags\r\n')
		).toBe(true);
		// The audit detail is hashed (crypto.subtle) before onExported runs: wait for it.
		await vi.waitFor(() =>
			expect(onExported).toHaveBeenCalledWith(
				expect.objectContaining({
					portable_export_format: 'csv_export',
					finding_count: 4,
					reason: 'PROVIDER_API_VERSION_UNSUPPORTED',
					sample_data: true
				})
			)
		);
		expect(
			await within(region).findByText(
				/Recorded in the audit history: webriskops-azure-boards-fabrikam-fiber-.*\.csv\./
			)
		).toBeInTheDocument();
	});

	it('a loaded file with bad rows names each row; good rows are kept', async () => {
		const user = userEvent.setup();
		render(PortableFallbackPanel, { props: { mapping, code: null, onExported: async () => {} } });
		const file = new File(
			[
				JSON.stringify([
					{ id: 'A-1', source_type: 'report_issue', source_id: 's', title: 'ok', severity: 'low' },
					{ id: 'A-2', title: '' }
				])
			],
			'mine.json',
			{ type: 'application/json' }
		);
		await user.upload(screen.getByLabelText('Load a findings file (JSON)'), file);
		expect(await screen.findByText(/mine\.json/)).toBeInTheDocument();
		expect(screen.getByText(/1 finding\./)).toBeInTheDocument();
		expect(screen.getByRole('alert')).toHaveTextContent(/Row 2 \(A-2\):/);
		expect(screen.getByText(/You chose the portable fallback/)).toBeInTheDocument();
	});

	it('tells the admin when the audit could not record the download', async () => {
		const user = userEvent.setup();
		render(PortableFallbackPanel, {
			props: {
				mapping,
				code: null,
				onExported: async () => Promise.reject(new Error('storage is full'))
			}
		});
		await user.click(screen.getByRole('button', { name: 'Download JSON' }));
		expect(await screen.findByText(/could not record it: storage is full/)).toBeInTheDocument();
	});
});
