// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeProfile } from './lib/cpu-profile.mjs';
import { metricValue } from './lib/framecast.mjs';
import { bestOf } from './transcode.platform.mjs';

describe('metricValue', () => {
  const text = [
    '# HELP framecast_transcoder_transcode_seconds Wall time of completed transcodes.',
    '# TYPE framecast_transcoder_transcode_seconds histogram',
    'framecast_transcoder_transcode_seconds_bucket{le="1",targets="all"} 0',
    'framecast_transcoder_transcode_seconds_sum{targets="all"} 21.5',
    'framecast_transcoder_transcode_seconds_count{targets="all"} 1',
    'plain_total 3',
  ].join('\n');

  it('reads a series with or without labels, and not one whose name only starts the same', () => {
    assert.equal(metricValue(text, 'framecast_transcoder_transcode_seconds_sum'), 21.5);
    assert.equal(metricValue(text, 'plain_total'), 3);
    assert.equal(metricValue(text, 'framecast_transcoder_transcode_seconds'), null);
  });
});

describe('bestOf', () => {
  const upload = (seconds, total) => ({
    seconds,
    serverCpu: seconds / 2,
    clientCpu: 0.1,
    finishing: 0.2,
    playable: { total },
  });
  const round = (copy, put, s, t, wall) => ({
    peers: { copy, copyCpu: copy / 2, put },
    api: { multipart: upload(s, t), tusChunked: upload(s * 2, t + 1), tusWhole: upload(s * 1.5, t - 1) },
    peerTubeFirst: { wall, cpu: wall * 1.5 },
  });

  it('keeps the fastest round of each path, each on its own', () => {
    const best = bestOf([round(0.5, 0.6, 1, 30, 40), round(0.25, 0.8, 2, 20, 50)], 100 * 2 ** 20);
    assert.equal(best.copy, 400);
    assert.equal(best.copyCpu, 0.125);
    assert.equal(best.put, 100 / 0.6);
    assert.equal(best.methods.multipart.mibps, 100);
    assert.equal(best.methods.multipart.serverCpu, 0.5);
    assert.equal(best.methods.multipart.playable.total, 20);
    assert.equal(best.methods.tusWhole.playable.total, 19);
    assert.deepEqual(best.peerTubeFirst, { wall: 40, cpu: 60 });
  });
});

describe('summarizeProfile', () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: { functionName: 'a', url: 'file:///x/node_modules/alpha/i.js' } },
      { id: 2, callFrame: { functionName: 'b', url: 'file:///x/node_modules/beta/i.js' } },
    ],
    // Four samples 10 ms apart: alpha, alpha, beta, beta.
    samples: [1, 1, 2, 2],
    timeDeltas: [10_000, 10_000, 10_000, 10_000],
  };

  it('counts only the samples inside the windows', () => {
    const rows = summarizeProfile(profile, { windows: [[25, 45]] });
    assert.deepEqual(
      rows.map((r) => [r.owner, r.ms]),
      [['beta', 20]],
    );
    assert.equal(summarizeProfile(profile).length, 2);
  });
});

describe('renderTranscode', () => {
  const stages = [
    'queue: job delivered to the transcoder',
    'download of the original from storage',
    'ffmpeg: the whole ladder',
  ].map((stage, i) => ({ stage, seconds: i + 0.5 }));
  const method = (label, mibps) => ({
    label,
    mibps,
    serverCpu: 0.5,
    clientCpu: 0.3,
    otherCpu: 0.1,
    finishing: label.startsWith('tus') ? 0.2 : null,
    playable: { stages, restStages: stages.slice(0, 2), total: 5, ready: 15, ffmpeg: 14, job: 14.5, metricJob: 14.6 },
  });
  const timing = { cpu: 25, wall: 14, otherCpu: 1 };
  const results = {
    settings: {
      width: 1920,
      height: 1080,
      fps: 30,
      seconds: 6,
      overheadRounds: 2,
      apiRounds: 2,
      realistic: { width: 1920, height: 1080, fps: 30, seconds: 60, bitrate: 8_000_000 },
    },
    sourceMiB: 97.6,
    ladder: ['1080p 1920×1080', '240p 426×240'],
    runs: [['240p'], ['1080p']],
    ours: {
      cpu: 24,
      wall: 13,
      perRun: [
        { renditions: ['240p'], cpu: 10, wall: 5 },
        { renditions: ['1080p'], cpu: 14, wall: 8 },
      ],
    },
    peer: { cpu: 90, wall: 80 },
    perRung: [
      { name: '1080p', ourPsnr: 31.85, peerPsnr: 31.86, ourKiB: 4112, peerKiB: 4242, peerCpu: 40 },
      { name: '240p', ourPsnr: 41.01, peerPsnr: 40.99, ourKiB: 104, peerKiB: 208, peerCpu: 9 },
    ],
    realistic: {
      ladder: ['1080p 1920×1080', '240p 426×240'],
      ours: {
        cpu: 60,
        wall: 40,
        perRun: [
          { renditions: ['240p'], cpu: 20, wall: 12 },
          { renditions: ['1080p'], cpu: 40, wall: 28 },
        ],
      },
      peer: { cpu: 100, wall: 90 },
      perRung: [
        { name: '1080p', ourPsnr: 39.7, peerPsnr: 39.6, ourKiB: 20000, peerKiB: 21000, peerCpu: 60 },
        { name: '240p', ourPsnr: 38.6, peerPsnr: 38.0, ourKiB: 900, peerKiB: 1200, peerCpu: 20 },
      ],
      decodeCpu: 14,
      sourceMiB: 58.2,
      mbps: 8.1,
    },
    overhead: {
      bare: timing,
      pipeline: { ...timing, cpu: 25.3, wall: 14.2 },
      thumbs: { cpu: 1.4, wall: 1.1, otherCpu: 0 },
      stages: { startup: 0.07, probe: 0.17, first: 5, rest: 8.9, after: 0.01 },
      sameArgv: true,
      bareCpuRange: [24.5, 26],
    },
    decodeCpu: 9,
    plainTopCpu: 20,
    platform: {
      rounds: 2,
      sizeMiB: 97.6,
      copy: 400,
      copyCpu: 0.3,
      put: 450,
      firstRung: '1080p',
      methods: {
        multipart: method('`POST /api/videos`, one multipart request', 200),
        tusChunked: method('tus: 8 MiB', 100),
        tusWhole: method('tus: whole', 150),
      },
      raw: [0, 1].map(() => ({
        copy: 0.25,
        put: 0.2,
        multipart: { seconds: 0.5, serverCpu: 0.4 },
        tusChunked: { seconds: 1, serverCpu: 0.6 },
        tusWhole: { seconds: 0.7, serverCpu: 0.5 },
      })),
      peerTubeFirst: { wall: 30, cpu: 40 },
      realistic: {
        sizeMiB: 58.2,
        upload: 0.4,
        playable: { stages, restStages: stages.slice(0, 2), total: 12, ready: 40, ffmpeg: 38, job: 11, metricJob: 39 },
        peerTubeFirst: { wall: 50, cpu: 70 },
      },
    },
  };

  it('renders every table with numbers only, nothing undefined', async () => {
    const { renderTranscode } = await import('./transcode.report.mjs');
    const body = renderTranscode(results);
    assert.doesNotMatch(body, /undefined|NaN|null/);
    for (const header of [
      '| ladder |',
      '| rendition |',
      '| run |',
      '| stage of `transcode()` |',
      '| path |',
      '| upload path |',
      '| stage |',
    ]) {
      assert.ok(body.includes(header), header);
    }
    assert.match(body, /it did, argument for argument/);
    assert.match(body, /copy 390, 390; multipart 195 \(0\.40 CPU s\), 195 \(0\.40 CPU s\)/);
  });
});
