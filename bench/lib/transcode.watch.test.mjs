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
    { program: 'ffmpeg', start: 1_450, end: 4_450 },
    { program: 'ffmpeg', start: 4_460, end: 5_460 },
    { program: 'ffmpeg', start: 5_470, end: 15_470 },
  ],
  stored: 5_560,
  listed: 5_900,
  playable: 5_950,
  released: 15_600,
  ready: 15_900,
};

describe('stageBreakdown', () => {
  it('splits upload → playable, then playable → ready, into stages that add up to the whole', () => {
    const b = stageBreakdown(marks);
    assert.deepEqual(
      b.stages.map((s) => Math.round(s.seconds * 1000)),
      [10, 290, 150, 3_000, 1_010, 100, 340, 50],
    );
    assert.equal(b.total, 4.95);
    const sum = b.stages.reduce((s, x) => s + x.seconds, 0);
    assert.ok(Math.abs(sum - b.total) < 1e-9);
    assert.deepEqual(
      b.restStages.map((s) => Math.round(s.seconds * 1000)),
      [9_520, 430],
    );
    assert.equal(b.ready, 14.9);
    assert.equal(b.ffmpegFirst, 4);
    assert.equal(b.ffmpeg, 14);
    assert.equal(b.job, 4.55);
  });

  it('reads a one-run ladder (two rungs or fewer) as having no run 2', () => {
    const b = stageBreakdown({ ...marks, runs: marks.runs.slice(0, 3) });
    assert.equal(b.restStages[0].seconds, 0);
    assert.equal(b.ffmpeg, 4);
  });

  it('counts a job picked up before the client read the answer as no wait, not a negative one', () => {
    const b = stageBreakdown({ ...marks, picked: 990 });
    assert.equal(b.stages[0].seconds, 0);
    assert.equal(b.stages[1].seconds, 0.3);
    assert.equal(b.total, 4.95);
  });

  it('refuses marks that miss a stage rather than report a wrong split', () => {
    assert.throws(() => stageBreakdown({ ...marks, runs: marks.runs.slice(0, 2) }), /not seen whole/);
    assert.throws(
      () => stageBreakdown({ ...marks, runs: [...marks.runs.slice(0, 3), { ...marks.runs[3], end: null }] }),
      /not seen whole/,
    );
    assert.throws(() => stageBreakdown({ ...marks, stored: null }), /not seen whole/);
  });
});

describe('machineBusySeconds', () => {
  it('adds user, nice, system, irq and softirq of all CPUs, in seconds', () => {
    const stat = 'cpu  100 20 30 5000 40 5 7 9 0 0\ncpu0 50 10 15 2500 20 2 3 4 0 0\n';
    assert.equal(machineBusySeconds(stat), (100 + 20 + 30 + 5 + 7) / 100);
  });
});
