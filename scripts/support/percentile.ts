/** Benchmark statistics, one definition for every bench script. */

/** A sorted copy, smallest first. */
export function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0–100) of values already sorted ascending; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** The 50th percentile of values already sorted ascending (the lower middle one when the count is even). */
export function median(sorted: readonly number[]): number {
  return percentile(sorted, 50);
}
