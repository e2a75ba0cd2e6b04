// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { percentile, pool, summarize } from './load.mjs';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.equal(percentile(Float64Array.of(7), 99), 7);
  });
});

describe('summarize', () => {
  it('sorts numerically, not as text', () => {
    const s = summarize([10, 9, 100, 2]);
    assert.equal(s.max, 100);
    assert.equal(s.p50, 9);
    assert.equal(s.mean, 30.25);
  });
});

describe('pool', () => {
  it('sums bouts: throughput over total time, CPU over total requests', () => {
    const result = pool([
      { latencies: [1, 1, 1, 1], seconds: 2, cpu: { proxy: 0.004 } },
      { latencies: [3, 3, 3, 3, 3, 3], seconds: 2, cpu: { proxy: 0.006 } },
    ]);
    assert.equal(result.requests, 10);
    assert.equal(result.rps, 2.5);
    assert.deepEqual(result.roundsRps, [2, 3]);
    assert.equal(result.latency.p50, 3);
    assert.ok(Math.abs(result.cpuPerRequestMs.proxy - 1) < 1e-9);
  });
});
