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

/**
 * The samples one after another in one array.
 * @param {ArrayLike<number>[]} arrays
 * @returns {Float64Array}
 */
export const concat = (arrays) => {
  const out = new Float64Array(arrays.reduce((length, array) => length + array.length, 0));
  let offset = 0;
  for (const array of arrays) {
    out.set(array, offset);
    offset += array.length;
  }
  return out;
};

/**
 * Count, p50, p90, p99 and max of the samples.
 * @param {ArrayLike<number>} samples
 * @returns {{ count: number, p50: number, p90: number, p99: number, max: number }}
 */
export const summary = (samples) => ({ count: samples.length, p50: quantile(samples, 0.5), p90: quantile(samples, 0.9), p99: quantile(samples, 0.99), max: quantile(samples, 1) });

/**
 * The arithmetic mean.
 * @param {number[]} values
 * @returns {number}
 */
export const mean = (values) => values.reduce((total, value) => total + value, 0) / values.length;
