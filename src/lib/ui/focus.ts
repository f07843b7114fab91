// `use:focusOnMount` — focuses (and selects) an input when it appears. The HTML autofocus
// attribute is ignored when something else on the page already has focus.
export function focusOnMount(node: HTMLElement): void {
	requestAnimationFrame(() => {
		node.focus();
		if (node instanceof HTMLInputElement) node.select();
	});
}
