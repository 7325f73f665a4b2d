/**
 * The search of `shakedown plan`: the smallest integer knob value in [lo, hi] that passes, by
 * bracketing then bisection.
 *
 * Assumes the verdict is monotone in the knob: if a value passes, every larger value passes (more
 * workers or instances never hurt). Bracketing doubles from lo (lo, 2·lo, 4·lo, …, capped at hi;
 * from 0 the next value is 1) until a value passes; bisection then narrows (last fail, first pass]
 * to one value. Each value is evaluated at most once; about 2·log2(answer) evaluations in all.
 */

/** One evaluation of the search, in the order they were made. */
export interface SearchStep<E> {
  value: number;
  pass: boolean;
  evidence: E;
}

/** Result of {@link smallestPassing}: the answer (null if even hi fails) and every evaluation made. */
export interface SearchResult<E> {
  answer: number | null;
  steps: SearchStep<E>[];
}

/** Options of {@link smallestPassing}. */
export interface SearchOptions<E> {
  lo: number;
  hi: number;
  /** Evaluates one knob value: whether it passes, and what to keep as evidence. */
  evaluate: (value: number) => Promise<{ pass: boolean; evidence: E }>;
}

/**
 * The smallest value in [lo, hi] whose evaluation passes, assuming monotonicity (see the file header).
 * @throws RangeError unless lo and hi are integers with 0 <= lo <= hi.
 */
export async function smallestPassing<E>(options: SearchOptions<E>): Promise<SearchResult<E>> {
  const { lo, hi } = options;
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo < 0 || lo > hi) {
    throw new RangeError(`knob range: must be integers with 0 <= lo <= hi (got ${lo}..${hi})`);
  }
  const steps: SearchStep<E>[] = [];
  const tried = new Map<number, boolean>();
  const test = async (value: number): Promise<boolean> => {
    const known = tried.get(value);
    if (known !== undefined) return known;
    const { pass, evidence } = await options.evaluate(value);
    tried.set(value, pass);
    steps.push({ value, pass, evidence });
    return pass;
  };
  // Bracket: find a failing value `fail` (or none) and a passing one `pass` above it.
  let fail: number | null = null;
  let value = lo;
  for (;;) {
    if (await test(value)) break;
    fail = value;
    if (value === hi) return { answer: null, steps };
    value = Math.min(hi, value === 0 ? 1 : value * 2);
  }
  if (fail === null) return { answer: value, steps };
  // Bisect: invariant `failing` fails, `passing` passes, failing < passing.
  let failing: number = fail;
  let passing: number = value;
  while (passing - failing > 1) {
    const mid: number = failing + Math.floor((passing - failing) / 2);
    if (await test(mid)) passing = mid;
    else failing = mid;
  }
  return { answer: passing, steps };
}
