import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { ClassificationNode } from '$lib/domain';
import TreePicker from './TreePicker.svelte';

afterEach(() => cleanup());

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The simulator's big-org shape (root + 20 areas × 25 teams × 39 components = 20,021 nodes) plus
 * a small named branch, 20,024 nodes in all. Terms split on whitespace, so "team 07" alone would
 * also find "Area 07\Team 01": the queries below use backslashes to stay unambiguous.
 */
function bigTree(): ClassificationNode {
	let id = 1;
	const mk = (
		name: string,
		path: string,
		children: ClassificationNode[] = []
	): ClassificationNode => ({ id: id++, name, path, children });
	const areas: ClassificationNode[] = [];
	for (let a = 1; a <= 20; a++) {
		const ap = `Big Project\\Area ${pad(a)}`;
		const teams: ClassificationNode[] = [];
		for (let t = 1; t <= 25; t++) {
			const tp = `${ap}\\Team ${pad(t)}`;
			const components: ClassificationNode[] = [];
			for (let c = 1; c <= 39; c++)
				components.push(mk(`Component ${pad(c)}`, `${tp}\\Component ${pad(c)}`));
			teams.push(mk(`Team ${pad(t)}`, tp, components));
		}
		areas.push(mk(`Area ${pad(a)}`, ap, teams));
	}
	const web = mk('Web', 'Big Project\\Web', [
		mk('Payments', 'Big Project\\Web\\Payments'),
		mk('Login', 'Big Project\\Web\\Login')
	]);
	return mk('Big Project', 'Big Project', [...areas, web]);
}

const TREE = bigTree();
const LABEL = 'Area path (area_path)';

function setup(props: Partial<{ value: string; errors: string[]; disabled: boolean }> = {}) {
	const onchange = vi.fn();
	render(TreePicker, {
		props: {
			id: 'area',
			label: LABEL,
			hint: 'Type to filter.',
			noun: 'area',
			value: 'Big Project\\Area 01',
			tree: TREE,
			errors: [],
			disabled: false,
			onchange,
			...props
		}
	});
	const input = screen.getByRole('combobox', { name: LABEL });
	// A hidden element has no accessible name to query by; the name is checked once it shows.
	const listbox = document.getElementById(input.getAttribute('aria-controls') ?? '') as HTMLElement;
	const status = document.getElementById('area-status') as HTMLElement;
	const activeOption = () => {
		const idref = input.getAttribute('aria-activedescendant');
		return idref ? document.getElementById(idref) : null;
	};
	const user = userEvent.setup();
	/** Replaces the text, as an admin does after selecting it. */
	const retype = async (text: string) => {
		await user.clear(input);
		await user.type(input, text);
	};
	return { user, retype, onchange, input, listbox, status, activeOption };
}

describe('TreePicker on 20,024 nodes', () => {
	it('is a labelled combobox that opens a virtualized listbox of the whole tree', async () => {
		const { user, input, listbox, status } = setup();
		expect(input).toHaveAttribute('aria-expanded', 'false');
		expect(input).toHaveAttribute('aria-autocomplete', 'list');
		expect(listbox).toHaveAttribute('role', 'listbox');
		expect(listbox).not.toBeVisible();

		await user.keyboard('{Tab}');
		expect(input).toHaveFocus();
		await user.keyboard('{ArrowDown}');
		expect(input).toHaveAttribute('aria-expanded', 'true');
		expect(listbox).toBeVisible();
		expect(screen.getByRole('listbox', { name: 'Matching areas' })).toBe(listbox);
		const options = within(listbox).getAllByRole('option');
		expect(options.length).toBeGreaterThan(5);
		expect(options.length).toBeLessThan(60);
		expect(options[0]).toHaveAttribute('aria-setsize', '20024');
		expect(status).toHaveTextContent('20,024 of 20,024 areas match.');
		expect(status).toHaveAttribute('aria-live', 'polite');
		// Opening on the recorded value makes it the active option, indented one level.
		const active = within(listbox).getByRole('option', { selected: true });
		expect(input).toHaveAttribute('aria-activedescendant', active.id);
		expect(active).toHaveTextContent('Area 01 (current)');
		expect(active).toHaveAttribute('aria-posinset', '2');
		expect(active.style.paddingLeft).toBe('1.5rem');
		// Spacers stand in for the rows that are not rendered.
		expect(
			parseFloat((listbox.querySelector('.tree-rows') as HTMLElement).style.paddingBottom)
		).toBeGreaterThan(19_000 * 44);
	});

	it('filters on every typed term and counts the matches', async () => {
		const { user, retype, input, listbox, status } = setup();
		await retype('web pay');
		expect(status).toHaveTextContent('1 of 20,024 areas match.');
		const [payments] = within(listbox).getAllByRole('option');
		expect(payments).toHaveAttribute('aria-setsize', '1');
		expect(payments).toHaveTextContent('Payments in Big Project\\Web');
		// What matched is marked, in the name and in the parent path.
		expect([...payments!.querySelectorAll('mark')].map((m) => m.textContent)).toEqual([
			'Pay',
			'Web'
		]);

		await retype('COMPONENT 39');
		expect(status).toHaveTextContent('500 of 20,024 areas match.');
		const options = within(listbox).getAllByRole('option');
		expect(options.length).toBeLessThan(60);
		expect(options[0]).toHaveAttribute('aria-setsize', '500');
		expect(options[0]).toHaveTextContent('Component 39 in Big Project\\Area 01\\Team 01');
		expect(options[1]).toHaveTextContent('Component 39 in Big Project\\Area 01\\Team 02');
		// Rows keep their depth: components sit three levels below the root.
		expect(options[0]!.style.paddingLeft).toBe('3.5rem');

		await user.clear(input);
		await user.type(input, 'zzz');
		expect(status).toHaveTextContent('No area matches “zzz”.');
		expect(input).toHaveAttribute('aria-expanded', 'false');
		expect(listbox).not.toBeVisible();
	});

	it('moves the active option with the keys and keeps it rendered', async () => {
		const { user, retype, input, activeOption } = setup();
		await retype('component 39');
		expect(input).not.toHaveAttribute('aria-activedescendant');

		await user.keyboard('{ArrowDown}');
		expect(activeOption()).toHaveAttribute('aria-posinset', '1');
		expect(activeOption()).toHaveAttribute('aria-selected', 'true');
		await user.keyboard('{ArrowDown}{ArrowDown}');
		expect(activeOption()).toHaveAttribute('aria-posinset', '3');
		await user.keyboard('{ArrowUp}');
		expect(activeOption()).toHaveAttribute('aria-posinset', '2');
		await user.keyboard('{PageDown}');
		expect(activeOption()).toHaveAttribute('aria-posinset', '10');
		await user.keyboard('{End}');
		// 20 areas × 25 teams have one Component 39 each; the last one is far below the first window.
		expect(activeOption()).toHaveAttribute('aria-posinset', '500');
		expect(activeOption()).toHaveTextContent('Component 39 in Big Project\\Area 20\\Team 25');
		await user.keyboard('{ArrowDown}');
		expect(activeOption()).toHaveAttribute('aria-posinset', '500');
		await user.keyboard('{PageUp}');
		expect(activeOption()).toHaveAttribute('aria-posinset', '492');
		await user.keyboard('{Home}');
		expect(activeOption()).toHaveAttribute('aria-posinset', '1');
		expect(screen.getAllByRole('option', { selected: true })).toHaveLength(1);
	});

	it('commits the active option on Enter without submitting the form', async () => {
		const { user, retype, input, onchange } = setup();
		await retype('Area 05\\Team 02\\Component 11');
		await user.keyboard('{ArrowDown}');
		const enter = fireEvent.keyDown(input, { key: 'Enter' });
		// fireEvent returns false when the handler called preventDefault.
		expect(await enter).toBe(false);
		expect(onchange).toHaveBeenCalledExactlyOnceWith('Big Project\\Area 05\\Team 02\\Component 11');
		expect(input).toHaveValue('Big Project\\Area 05\\Team 02\\Component 11');
		expect(input).toHaveAttribute('aria-expanded', 'false');
	});

	it('commits an option that is clicked', async () => {
		const { user, retype, input, listbox, onchange } = setup();
		await retype('11\\team 04\\');
		await user.click(within(listbox).getByRole('option', { name: /^Component 02 in/ }));
		expect(onchange).toHaveBeenCalledExactlyOnceWith('Big Project\\Area 11\\Team 04\\Component 02');
		expect(input).toHaveFocus();
	});

	it('selects the recorded path on click, so typing replaces it', async () => {
		const { user, input, status } = setup();
		await user.click(input);
		expect(input).toHaveAttribute('aria-expanded', 'true');
		await user.keyboard('web pay');
		expect(input).toHaveValue('web pay');
		expect(status).toHaveTextContent('1 of 20,024 areas match.');
	});

	it('restores the recorded value on Escape', async () => {
		const { user, retype, input, onchange, status } = setup();
		await retype('area 07');
		await user.keyboard('{ArrowDown}{Escape}');
		expect(input).toHaveValue('Big Project\\Area 01');
		expect(input).toHaveAttribute('aria-expanded', 'false');
		expect(status.textContent).toBe('');
		await user.tab();
		expect(onchange).not.toHaveBeenCalled();
	});

	it("commits a whole typed path when the field is left, in the tree's own spelling", async () => {
		const { user, input, onchange } = setup();
		await user.clear(input);
		await user.type(input, 'big project\\area 02\\team 03');
		await user.tab();
		expect(onchange).toHaveBeenCalledExactlyOnceWith('Big Project\\Area 02\\Team 03');
		expect(input).toHaveValue('Big Project\\Area 02\\Team 03');
	});

	it('commits a whole typed path on Enter with no active option', async () => {
		const { user, input, onchange } = setup();
		await user.clear(input);
		// Several nodes contain this text; the exact one wins, not the first match.
		await user.type(input, 'Big Project\\Area 02{Enter}');
		expect(onchange).toHaveBeenCalledExactlyOnceWith('Big Project\\Area 02');
	});

	it('keeps the recorded value and says so when the typed text is not a path', async () => {
		const { user, input, onchange, status } = setup();
		await user.clear(input);
		await user.type(input, 'Big Project\\Nowhere');
		await user.tab();
		expect(onchange).not.toHaveBeenCalled();
		expect(status).toHaveTextContent(
			'No area matches “Big Project\\Nowhere”; the area path stays Big Project\\Area 01.'
		);
		expect(input).toHaveAccessibleDescription(/No area matches/);

		// Part of a path is not a path either, even when it matches nodes.
		await user.clear(input);
		await user.type(input, 'Area 02\\Team 03\\');
		await user.keyboard('{Enter}');
		expect(onchange).not.toHaveBeenCalled();
		expect(status).toHaveTextContent(
			'“Area 02\\Team 03\\” is not a whole area path; the area path stays Big Project\\Area 01. Choose one of the 39 matches.'
		);
	});

	it('does nothing while disabled', async () => {
		const { user, input, onchange } = setup({ disabled: true });
		expect(input).toBeDisabled();
		await user.click(input);
		await user.keyboard('{ArrowDown}{Enter}');
		expect(input).toHaveAttribute('aria-expanded', 'false');
		expect(screen.queryAllByRole('option', { hidden: true })).toHaveLength(0);
		expect(onchange).not.toHaveBeenCalled();
	});

	it('shows errors next to the field and ties them to it', () => {
		const { input } = setup({ errors: ['TF401347: The area path does not exist.'] });
		expect(input).toHaveAttribute('aria-invalid', 'true');
		expect(input).toHaveAccessibleDescription(/TF401347: The area path does not exist\./);
		expect(document.getElementById('area-error')).toHaveTextContent(
			'TF401347: The area path does not exist.'
		);
	});

	it('is not invalid without errors', () => {
		const { input } = setup();
		expect(input).not.toHaveAttribute('aria-invalid');
		expect(input).toHaveAccessibleDescription(/^Type to filter\.\s*$/);
	});
});
