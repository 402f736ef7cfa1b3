// Order statistics of samples.

/**
 * The value at quantile `q` (0..1) of the samples, by the nearest-rank method.
 * @param {ArrayLike<number>} samples
 * @param {number} q
 * @returns {number}
 */
export const quantile = (samples, q) => {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
};

/**
 * The median (for an even count, the mean of the two middle values).
 * @param {ArrayLike<number>} samples
 * @returns {number}
 */
export const median = (samples) => {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
