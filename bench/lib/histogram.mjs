// Latency recording: an HDR histogram in microseconds, summarised in milliseconds.
import * as hdr from 'hdr-histogram-js';

export const newHistogram = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });

/** Records a latency given in milliseconds. */
export const recordMs = (histogram, ms) => histogram.recordValue(Math.max(1, Math.round(ms * 1000)));

const ms = (us) => Math.round(us) / 1000;

/** count, mean and p50/p90/p99/p99.9/max in milliseconds; an empty histogram gives nulls. */
export function summarise(histogram) {
  if (histogram.totalCount === 0) return { count: 0, mean: null, p50: null, p90: null, p99: null, p999: null, max: null };
  return {
    count: histogram.totalCount,
    mean: ms(histogram.mean),
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
  };
}

/** A histogram as text, to cross from a generator process to the parent. */
export const encodeHistogram = (histogram) => hdr.encodeIntoCompressedBase64(histogram);

/** One histogram of several encoded ones (each generator process's view of a step). */
export function mergeHistograms(encoded) {
  const total = newHistogram();
  for (const text of encoded) total.add(hdr.decodeFromCompressedBase64(text));
  return total;
}
