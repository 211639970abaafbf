/**
 * log Σᵢ exp(vᵢ), stable for large and very negative values. All −∞ gives −∞; an empty input
 * gives −∞ (the log of an empty sum). NaN or +∞ in the input is an error, never a silent result.
 * @param values [n]
 */
export function logSumExp(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v) || v === Number.POSITIVE_INFINITY) {
      throw new Error(`logSumExp: expected finite values or −Infinity, got ${v} at index ${i}`);
    }
    if (v > max) max = v;
  }
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp((values[i] as number) - max);
  return max + Math.log(sum);
}
