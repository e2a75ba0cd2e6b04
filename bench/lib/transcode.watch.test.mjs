// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { machineBusySeconds } from './processes.mjs';
import { stageBreakdown } from './transcode.watch.mjs';

const marks = {
  uploaded: 1_000,
  picked: 1_010,
  runs: [
    { program: 'ffprobe', start: 1_300, end: 1_400 },
    { program: 'ffmpeg', start: 1_450, end: 11_450 },
    { program: 'ffmpeg', start: 11_460, end: 12_460 },
  ],
  stored: 12_560,
  released: 12_600,
  ready: 12_900,
  playable: 12_950,
};

describe('stageBreakdown', () => {
  it('splits upload → playable into stages that add up to the whole', () => {
    const b = stageBreakdown(marks);
    assert.deepEqual(
      b.stages.map((s) => Math.round(s.seconds * 1000)),
      [10, 290, 150, 10_000, 10, 1_000, 100, 340, 50],
    );
    assert.equal(b.total, 11.95);
    const sum = b.stages.reduce((s, x) => s + x.seconds, 0);
    assert.ok(Math.abs(sum - b.total) < 1e-9);
    assert.equal(b.ffmpeg, 11);
    assert.equal(b.job, 11.55);
  });

  it('counts a job picked up before the client read the answer as no wait, not a negative one', () => {
    const b = stageBreakdown({ ...marks, picked: 990 });
    assert.equal(b.stages[0].seconds, 0);
    assert.equal(b.stages[1].seconds, 0.3);
    assert.equal(b.total, 11.95);
  });

  it('refuses marks that miss a stage rather than report a wrong split', () => {
    assert.throws(() => stageBreakdown({ ...marks, runs: marks.runs.slice(0, 2) }), /not seen whole/);
    assert.throws(() => stageBreakdown({ ...marks, stored: null }), /not seen whole/);
  });
});

describe('machineBusySeconds', () => {
  it('adds user, nice, system, irq and softirq of all CPUs, in seconds', () => {
    const stat = 'cpu  100 20 30 5000 40 5 7 9 0 0\ncpu0 50 10 15 2500 20 2 3 4 0 0\n';
    assert.equal(machineBusySeconds(stat), (100 + 20 + 30 + 5 + 7) / 100);
  });
});
