/**
 * Page controls built from @observablehq/inputs (imported from node_modules, never the built-in
 * CDN copy): a grid of labelled inputs whose value is an object, and the run-settings row (seed,
 * replications) every page has. Plain JavaScript: @observablehq/inputs and htl ship no types.
 */
import * as Inputs from "@observablehq/inputs";
import {html} from "htl";

/**
 * A form of named inputs laid out as a grid; its value is {name: value, …}.
 * @param {Record<string, HTMLElement>} inputs
 * @param {string} [className] CSS class of the grid ("controls" by default)
 */
export function controlsForm(inputs, className = "controls") {
  return Inputs.form(inputs, {template: (parts) => html`<div class=${className}>${Object.values(parts)}</div>`});
}

/**
 * The run settings of a page: seed (an integer >= 0) and replications (1 to maxReplications).
 * More replications give confidence intervals and cost proportionally more time.
 * @param {{seed?: number, replications?: number, maxReplications?: number}} [options]
 */
export function runSettingsForm({seed = 1, replications = 1, maxReplications = 10} = {}) {
  return controlsForm(
    {
      seed: Inputs.number([0, 2 ** 31 - 1], {label: "seed", step: 1, value: seed}),
      replications: Inputs.range([1, maxReplications], {label: "replications", step: 1, value: replications})
    },
    "controls run-settings"
  );
}

export {Inputs};
