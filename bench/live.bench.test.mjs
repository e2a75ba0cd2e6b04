// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIVE_SETTINGS as settings } from './live.bench.mjs';
import { quantile, renderLive } from './live.report.mjs';

const run = (ms, stalls = 0) => ({ ages: Array.from({ length: 9 }, (_, i) => ms - 40 + i * 10), unread: 0, stalls });

describe('renderLive', () => {
  it('compares ours with nginx-rtmp at its best, and judges the aims', () => {
    const body = renderLive({ settings, results: { ours: run(640), nginx: run(2500), nginxDefaults: run(1900) } });
    assert.match(body, /Our median is 0\.34× nginx-rtmp's at its best/);
    assert.match(body, /1\.5 s or less \(met\), at most 0\.5× nginx-rtmp's \(met\), no stalls \(met\)/);
    assert.match(body, /our catch-up \| +0\.64 \|/);
  });

  it('leaves a row that stalled out of the comparison, and says when an aim is missed', () => {
    const body = renderLive({
      settings,
      results: { ours: run(1600, 1), nginx: run(1500, 2), nginxDefaults: run(2000) },
    });
    assert.match(body, /Our median is 0\.80× nginx-rtmp's at its best/);
    assert.match(
      body,
      /\(\*\*not met\*\*\), at most 0\.5× nginx-rtmp's \(\*\*not met\*\*\), no stalls \(\*\*not met\*\*\)/,
    );
  });
});

describe('quantile', () => {
  it('takes the nearest rank', () => {
    assert.equal(quantile([3, 1, 2, 4], 0.5), 2);
    assert.equal(quantile([3, 1, 2, 4], 1), 4);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });
});
