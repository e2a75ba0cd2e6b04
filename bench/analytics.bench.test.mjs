// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ANALYTICS_SETTINGS,
  BATCH_EVENTS,
  BATCH_WATCH_SECONDS,
  beaconBatch,
  eventRows,
  nthBatch,
  QUICK_SETTINGS,
} from './analytics.bench.mjs';
import { analyticsRows, renderAnalytics } from './analytics.report.mjs';

describe('beacon batches', () => {
  it('carry 25 seconds of heartbeats, forward from where the last batch ended, and fill up to 100 events', () => {
    const b = beaconBatch('00000000-0000-4000-8000-000000000001', 1, 'v');
    assert.equal(b.events.length, BATCH_EVENTS);
    assert.deepEqual(b.events[0], { type: 'heartbeat', from: 25, to: 25.5 });
    assert.deepEqual(b.events[49], { type: 'heartbeat', from: 49.5, to: 50 });
    assert.equal(b.events.filter((e) => e.type === 'heartbeat').length, 50);
    assert.deepEqual(b.events[50], { type: 'quality', bitrate: 2_500_000, height: 720 });
    assert.deepEqual(b.events[51], { type: 'buffering', position: 50, ms: 120 });
    // A session's batches stay inside the server's playback budget (a minute plus twice real time).
    assert.ok(ANALYTICS_SETTINGS.batchesPerSession * BATCH_WATCH_SECONDS <= 60);
  });

  it('make sessions of a few batches each, over the videos in turn', () => {
    const videos = ['a', 'b'];
    const batches = Array.from({ length: 6 }, (_, i) => nthBatch(i, videos, 2));
    assert.deepEqual(
      batches.map((b) => b.seq),
      [0, 1, 0, 1, 0, 1],
    );
    assert.equal(new Set(batches.map((b) => b.session)).size, 3);
    assert.deepEqual(
      batches.map((b) => b.videoId),
      ['a', 'a', 'b', 'b', 'a', 'a'],
    );
    assert.match(batches[0].session, /^00000000-0000-4000-8000-000000000001$/);
  });

  it('become one CSV row per event for COPY', () => {
    const rows = eventRows(beaconBatch('s', 0, 'v'), '2026-01-01T00:00:00.000Z').split('\n');
    assert.equal(rows.length, 100);
    assert.equal(rows[0], '2026-01-01T00:00:00.000Z,s,0,v,heartbeat,0,0.5,,');
    assert.equal(rows[50], '2026-01-01T00:00:00.000Z,s,0,v,quality,,,2500000,');
    assert.equal(rows[99], '2026-01-01T00:00:00.000Z,s,0,v,buffering,25,,,120');
  });
});

describe('the report', () => {
  const results = {
    settings: QUICK_SETTINGS,
    facts: {},
    runs: [
      { mode: 'embedded', batches: 100, events: 1000, seconds: 2 },
      { mode: 'postgres', batches: 200, events: 2000, seconds: 2 },
    ],
    copy: { rows: 2000, seconds: 0.5 },
  };

  it('sets each run against COPY of the same rows', () => {
    const rows = analyticsRows(results);
    assert.equal(rows.length, 3);
    assert.equal(rows[1].rate, 1000);
    assert.equal(rows[1].ofCopy, 0.25);
    assert.equal(rows[2].rate, 4000);
  });

  it('says whether the aim was met, and that a quick pass is not a measurement', () => {
    const body = renderAnalytics(results);
    assert.match(body, /0\.25× `COPY`'s rate \(aim: at least 0\.30×\): not met/);
    assert.match(body, /quick validation pass/);
  });
});
