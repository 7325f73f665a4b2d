/**
 * Units of plotted and tabulated values, and the choice of a readable display unit.
 *
 * Shared by the chart specs (axis titles, rescaled data) and the report's number formatting, so a
 * chart and a table of the same metric speak the same unit. Browser-safe: no node: imports.
 */

/**
 * The unit a series or a number is expressed in, as handed in by the caller:
 * - `"s"`, `"ms"`, `"us"`: durations (seconds, milliseconds, microseconds);
 * - `"/s"`: a rate per second; `"count"`: a plain count (no suffix);
 * - `"fraction"`: a ratio in [0, 1], displayed as a percentage; `"%"`: already a percentage;
 * - `"B"`: a size in bytes, displayed in B, KiB, MiB or GiB (powers of 1024).
 */
export type ValueUnit = "s" | "ms" | "us" | "/s" | "count" | "fraction" | "%" | "B";

/** Every accepted {@link ValueUnit}, in a fixed order (for validation messages). */
export const VALUE_UNITS: readonly ValueUnit[] = ["s", "ms", "us", "/s", "count", "fraction", "%", "B"];

/**
 * How to show values of one unit: multiply each value by `factor` and label it `label`
 * (`""` for a plain count). `label` uses "µs" for microseconds.
 */
export interface DisplayUnit {
  factor: number;
  label: string;
}

const SECONDS_PER: Record<"s" | "ms" | "us", number> = { s: 1, ms: 1e-3, us: 1e-6 };

/** True when `unit` is one of {@link VALUE_UNITS}. */
export function isValueUnit(unit: unknown): unit is ValueUnit {
  return typeof unit === "string" && (VALUE_UNITS as readonly string[]).includes(unit);
}

/**
 * Chooses the display unit for values of `unit` whose largest magnitude is `maxAbs`:
 * - durations: seconds when maxAbs ≥ 1 s, milliseconds when ≥ 1 ms, else microseconds
 *   (so 0.042 s shows as 42 ms, 2500 ms as 2.5 s); a `maxAbs` of 0 keeps the given unit;
 * - bytes: the largest of B, KiB, MiB, GiB not above maxAbs (powers of 1024, as cache sizes are given);
 * - fraction: ×100, labelled "%"; other units are shown as given (`count` with an empty label).
 * @throws RangeError if `unit` is not a ValueUnit or maxAbs is negative or NaN.
 */
export function displayUnitFor(unit: ValueUnit, maxAbs: number): DisplayUnit {
  if (!isValueUnit(unit)) throw new RangeError(`unit: must be one of ${VALUE_UNITS.join(", ")} (got ${JSON.stringify(unit)})`);
  if (!(maxAbs >= 0)) throw new RangeError(`maxAbs: must be a number ≥ 0 (got ${maxAbs})`);
  switch (unit) {
    case "s":
    case "ms":
    case "us": {
      if (maxAbs === 0) return { factor: 1, label: unit === "us" ? "µs" : unit };
      const maxSec = maxAbs * SECONDS_PER[unit];
      const target = maxSec >= 1 ? "s" : maxSec >= 1e-3 ? "ms" : "us";
      return { factor: timeFactor(unit, target), label: target === "us" ? "µs" : target };
    }
    case "B": {
      const names = ["B", "KiB", "MiB", "GiB"];
      let power = 0;
      while (power < names.length - 1 && maxAbs >= 1024 ** (power + 1)) power += 1;
      return { factor: 1 / 1024 ** power, label: names[power] as string };
    }
    case "fraction":
      return { factor: 100, label: "%" };
    case "count":
      return { factor: 1, label: "" };
    default:
      return { factor: 1, label: unit };
  }
}

/** Exact-as-possible factor between time units: multiplies by a power of 1000 instead of dividing. */
function timeFactor(from: "s" | "ms" | "us", to: "s" | "ms" | "us"): number {
  const rank = { s: 0, ms: 1, us: 2 } as const;
  const steps = rank[to] - rank[from];
  return steps >= 0 ? 1000 ** steps : 1 / 1000 ** -steps;
}
