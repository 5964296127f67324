// Interleaved timing for a shared, noisy machine. Every call of a group runs once per
// round, in an order shuffled each round, so that load from other processes spreads over
// all the calls of the group and no call always follows the same other call.

import { performance } from 'node:perf_hooks';

/** Default settings of measureGroup, which the report's Method section quotes. */
export const TIMING_DEFAULTS = { sampleMs: 50, warmups: 3, minRounds: 5, maxRounds: 150 };

// The last result of every timed call, kept so that the engine cannot drop the work.
export let sink;

/** Returns the median of a non-empty array of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Returns the median over the rounds of `timing`'s sample divided by `baseline`'s sample
 * of the same round. Both must come from one measureGroup call. Pairing the samples of a
 * round cancels load that changes between rounds.
 */
export function pairedRatio(timing, baseline) {
  return median(timing.samples.map((sample, round) => sample / baseline.samples[round]));
}

// Shuffles `items` in place (Fisher-Yates) with a fixed-seed generator, so that runs repeat
// the same orders.
function shuffle(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// A linear congruential generator (the constants of Numerical Recipes), enough to shuffle.
function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// Returns the mean time of one call in milliseconds. Only a call that returns a promise is
// awaited, so synchronous calls pay for no microtask.
async function timeRepetitions(run, repetitions) {
  const start = performance.now();
  for (let i = 0; i < repetitions; i++) {
    const result = run();
    sink = result instanceof Promise ? await result : result;
  }
  return (performance.now() - start) / repetitions;
}

/**
 * Times each call of `calls` (`{ name, run }`, where `run` may return a promise) and
 * returns `{ name, rounds, repetitions, samples, median, min }` per call, in
 * milliseconds per call.
 *
 * Each call first runs `warmups` times untimed. Its repetitions per sample are then
 * chosen so that one sample takes about `sampleMs`, or one run for slower calls, and each
 * sample is the mean over those repetitions. A sample of several runs includes the
 * garbage collections that they cause. Rounds go on until `budgetMs` has passed, with at least `minRounds` and at
 * most `maxRounds`. `global.gc()` runs before each sample, outside the timed span, but
 * the garbage collector stays enabled while the calls run, as it is for a caller.
 */
export async function measureGroup(calls, settings) {
  const { budgetMs, sampleMs, warmups, minRounds, maxRounds } = { ...TIMING_DEFAULTS, ...settings };
  if (typeof global.gc !== 'function') {
    throw new Error('global.gc is not defined. Run node with --expose-gc, as run.sh does.');
  }

  const timed = [];
  for (const call of calls) {
    // The fastest warm-up run sets the repetitions, because load from other processes
    // only ever makes a run slower.
    let warmupMs = Infinity;
    for (let i = 0; i < warmups; i++) {
      global.gc();
      warmupMs = Math.min(warmupMs, await timeRepetitions(call.run, 1));
    }
    const repetitions = Math.max(1, Math.round(sampleMs / Math.max(warmupMs, 1e-3)));
    timed.push({ call, repetitions, samples: [] });
  }

  const random = createRandom(timed.length);
  const start = performance.now();
  let rounds = 0;
  while (rounds < maxRounds && (rounds < minRounds || performance.now() - start < budgetMs)) {
    for (const entry of shuffle([...timed], random)) {
      global.gc();
      entry.samples.push(await timeRepetitions(entry.call.run, entry.repetitions));
    }
    rounds++;
  }

  return timed.map(({ call, repetitions, samples }) => ({
    name: call.name,
    rounds,
    repetitions,
    samples,
    median: median(samples),
    min: Math.min(...samples),
  }));
}
