// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuBetween } from './lib/live.cpu.mjs';
import { nginxRtmpConfig, nginxToken, peerLadderArgs } from './lib/live.peer.mjs';
import { edgeAdvances, judgeRealTime, largestHeld, lastSpeed, slope } from './lib/live.realtime.mjs';
import { publisherArgs, publisherSourceArgs } from './lib/live.source.mjs';
import { keptUp, perStream, renderLiveCapacity, viewerNumbers } from './live-capacity.report.mjs';

/** Polls every 250 ms of an edge moving in steps of `stepMs` at `pace` times the wall clock, seen `lagMs` late. */
function polls({ seconds, pace = 1, stepMs = 200, lagMs = 500, stallFrom = null, stallMs = 0 }) {
  const out = [];
  for (let t = 0; t <= seconds * 1000; t += 250) {
    const stalled = stallFrom !== null && t >= stallFrom ? Math.min(stallMs, t - stallFrom) : 0;
    const media = Math.max(0, (t - lagMs - stalled) * pace);
    out.push([1_000_000 + t, 5_000_000 + Math.floor(media / stepMs) * stepMs]);
  }
  return out;
}

describe('slope and edgeAdvances', () => {
  it('fits a line and keeps only the moments the edge moved', () => {
    assert.equal(
      slope([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
      2,
    );
    assert.equal(slope([[0, 1]]), null);
    assert.deepEqual(
      edgeAdvances([
        [0, 10],
        [1, 10],
        [2, null],
        [3, 12],
        [4, 11],
      ]),
      [
        [0, 10],
        [3, 12],
      ],
    );
  });
});

describe('judgeRealTime', () => {
  const base = { minSpeed: 0.98, maxGapSeconds: 3 };

  it('passes a stream whose media keeps pace with the clock, parts or 2 s segments', () => {
    const parts = judgeRealTime({ ...base, speeds: [1.01, 1, 0.99], polls: polls({ seconds: 30 }) });
    assert.equal(parts.ok, true, parts.reasons.join());
    assert.ok(Math.abs(parts.rate - 1) < 0.01, String(parts.rate));
    const segments = judgeRealTime({ ...base, speeds: [1], polls: polls({ seconds: 30, stepMs: 2000 }) });
    assert.equal(segments.ok, true, segments.reasons.join());
    assert.ok(segments.gap < 3, String(segments.gap));
  });

  it('fails a stream that falls behind, even when its transcoder still reports an average above the bar', () => {
    const result = judgeRealTime({ ...base, speeds: [1.02, 1.01], polls: polls({ seconds: 30, pace: 0.95 }) });
    assert.equal(result.ok, false);
    assert.match(result.reasons.join(), /media at 0\.9[45]/);
  });

  it('fails a slow transcoder, a stall made up afterwards, and a stream that says nothing', () => {
    assert.match(
      judgeRealTime({ ...base, speeds: [1, 0.97], polls: polls({ seconds: 30 }) }).reasons.join(),
      /speed 0\.970/,
    );
    const stall = polls({ seconds: 30, stallFrom: 10_000, stallMs: 4_000 }).map(([t, e], i, all) =>
      // After the stall the edge jumps back to where it would have been: the pace is fine, the wait was not.
      t > 14_000 + 1_000_000 ? [t, all[i][1] + 4_000] : [t, e],
    );
    const stalled = judgeRealTime({ ...base, speeds: [1], polls: stall });
    assert.equal(stalled.ok, false);
    assert.match(stalled.reasons.join(), /without new media/);
    const silent = judgeRealTime({ ...base, speeds: [], polls: [] });
    assert.deepEqual(silent.reasons, ['no speed reported', 'the playlist did not advance']);
  });
});

describe('lastSpeed and largestHeld', () => {
  it("reads FFmpeg's latest speed, none while it says N/A", () => {
    assert.equal(lastSpeed('frame=1\nspeed=N/A\nprogress=continue\n'), null);
    assert.equal(lastSpeed('speed=1.2x\nprogress=continue\nframe=60\nspeed=0.998x\nprogress=continue\n'), 0.998);
  });

  it('is the last count before the first that did not hold', () => {
    const steps = [1, 2, 3].map((count) => ({ count, ok: count < 3 }));
    assert.equal(largestHeld(steps), 2);
    assert.equal(largestHeld([{ count: 1, ok: false }]), 0);
    assert.equal(largestHeld([{ count: 1, ok: true }]), 1);
  });
});

describe('cpuBetween', () => {
  it('counts the processes in both readings and names those that came or went', () => {
    const before = new Map([
      [1, 10],
      [2, 5],
    ]);
    const after = new Map([
      [1, 12.5],
      [3, 1],
    ]);
    assert.deepEqual(cpuBetween(before, after), { seconds: 2.5, changed: 2 });
  });
});

const PLAN = {
  video: [
    { name: '720p', width: 1280, height: 720, fps: 30, bitrate: 3_000_000, passthrough: true },
    { name: '480p', width: 854, height: 480, fps: 30, bitrate: 1_400_000, passthrough: false },
    { name: '160p', width: 284, height: 160, fps: 30, bitrate: 250_000, passthrough: false },
  ],
  audio: { copy: true, bitrate: 128_000, sampleRate: 48_000 },
  keyframes: 'source',
  sourceFps: 30,
};

describe('peerLadderArgs', () => {
  const args = peerLadderArgs(PLAN, {
    input: 'rtmp://127.0.0.1:1935/live/$name',
    hlsDir: '/x/hls',
    name: '$name',
    progress: '/x/progress/$name.txt',
    segmentSeconds: 2,
  });
  const value = (flag) => args[args.indexOf(flag) + 1];

  it('copies the passed-through rung and encodes the others from one split, at our bitrates', () => {
    assert.equal(value('-c:v:0'), 'copy');
    assert.equal(value('-c:v:1'), 'libx264');
    assert.equal(value('-b:v:2'), '250000');
    assert.equal(value('-maxrate:v:1'), '1400000');
    assert.equal(value('-g:v:1'), '60');
    assert.equal(value('-preset:v:2'), 'veryfast');
    assert.equal(value('-tune:v:1'), 'zerolatency');
    assert.ok(!args.includes('-preset:v:0'), 'the copied rung takes no encoder option');
    assert.match(value('-filter_complex'), /^\[0:v:0\]split=2\[s1\]\[s2\];\[s1\]scale=w=854:h=480/);
  });

  it('writes every rung with the audio as an HLS variant with program date times', () => {
    assert.equal(value('-var_stream_map'), 'v:0,a:0 v:1,a:1 v:2,a:2');
    assert.equal(args.filter((a) => a === '0:a:0').length, 3);
    assert.match(value('-hls_flags'), /program_date_time/);
    assert.equal(args.at(-1), '/x/hls/$name-%v.m3u8');
  });
});

describe('nginxRtmpConfig', () => {
  it('quotes what nginx would split or end a directive on', () => {
    assert.equal(nginxToken('rtmp://127.0.0.1:1/live/$name'), 'rtmp://127.0.0.1:1/live/$name');
    assert.equal(nginxToken('[a];[b]'), '"[a];[b]"');
    assert.equal(nginxToken('v:0 v:1'), '"v:0 v:1"');
    assert.equal(nginxToken('say "hi"'), '"say \\"hi\\""');
  });

  it('execs the ladder per stream, or writes HLS, in the live application', () => {
    const exec = nginxRtmpConfig({ dir: '/d', rtmpPort: 1, httpPort: 2, exec: ['/usr/bin/ffmpeg', '-i', 'x;y'] });
    assert.match(exec, /exec \/usr\/bin\/ffmpeg -i "x;y";/);
    assert.doesNotMatch(exec, /hls on/);
    const hls = nginxRtmpConfig({ dir: '/d', rtmpPort: 1, httpPort: 2, hls: { fragment: 2, playlistLength: 8 } });
    assert.match(hls, /hls_fragment 2s;/);
    assert.match(hls, /alias \/d\/hls\/;/);
    assert.doesNotMatch(hls, /exec /);
  });
});

describe('publisher arguments', () => {
  const source = {
    width: 1280,
    height: 720,
    fps: 30,
    seconds: 16,
    bitrate: 3_000_000,
    keyframeSeconds: 2,
    audioBitrate: 160_000,
  };

  it('encodes like OBS: CBR at the bitrate, a keyframe every 2 s and no other, AAC in FLV', () => {
    const args = publisherSourceArgs('/x/p.flv', source);
    const value = (flag) => args[args.indexOf(flag) + 1];
    assert.equal(value('-maxrate'), '3000000');
    assert.equal(value('-bufsize'), '3000000');
    assert.equal(value('-g'), '60');
    assert.equal(value('-keyint_min'), '60');
    assert.equal(value('-sc_threshold'), '0');
    assert.equal(value('-b:a'), '160000');
    assert.deepEqual(args.slice(-3), ['-f', 'flv', '/x/p.flv']);
  });

  it('pushes the file in real time, looped, without re-encoding', () => {
    const args = publisherArgs('/x/p.flv', 'rtmp://h/live/k');
    assert.deepEqual(args.slice(args.indexOf('-re')), [
      ...['-re', '-stream_loop', '-1', '-i', '/x/p.flv', '-c', 'copy', '-f', 'flv', 'rtmp://h/live/k'],
    ]);
  });
});

describe('renderLiveCapacity', () => {
  const cpuOf = (roles, other = 0.2) => ({ wall: 30, cpu: roles, bench: 0.1, other, changed: 0 });
  const judged = (slowest, rate, ok = true) => ({
    ok,
    reasons: ok ? [] : [`media at ${rate}× the wall clock`],
    slowest,
    rate,
    gap: 0.4,
    advances: 140,
    dropped: 0,
  });
  const step = (count, ok, roles) => ({
    count,
    ok,
    streams: Array.from({ length: count }, () => judged(1.01, ok ? 0.999 : 0.9, ok)),
    cpu: cpuOf(roles),
  });
  const viewerRun = (extra) => ({
    idle: cpuOf({ node: 4.5, nginx: 0.3, transcoders: 11, publishers: 0.3 }),
    cpu: cpuOf({ node: 16.5, nginx: 3.3, transcoders: 11, publishers: 0.3, viewers: 20 }),
    viewers: {
      mode: 'll',
      viewers: 200,
      wall: 30,
      playlists: 30_000,
      media: 30_000,
      bytes: 2_250_000_000,
      errors: {},
      clientCpu: 20,
      delays: { count: 30_000, p50: 12, p99: 80 },
    },
    ...extra,
  });
  const results = {
    settings: {
      source: {
        width: 1280,
        height: 720,
        fps: 30,
        bitrate: 3e6,
        keyframeSeconds: 2,
        audioBitrate: 160_000,
        seconds: 16,
      },
      minSpeed: 0.98,
      settleSeconds: 10,
      windowSeconds: 30,
      maxPublishers: 8,
      viewers: 200,
      viewerWarmupSeconds: 8,
      viewerWindowSeconds: 30,
      quick: false,
    },
    facts: { date: '2026-12-01', cpus: 2, model: 'Test CPU', load: 0.3 },
    plan: PLAN,
    sourceMbps: 3.15,
    ours: {
      held: 2,
      steps: [
        step(1, true, { node: 3, transcoders: 11, publishers: 0.3 }),
        step(2, true, { node: 6, transcoders: 22, publishers: 0.6 }),
        step(3, false, { node: 9, transcoders: 33, publishers: 0.9 }),
      ],
      ladder: [
        { width: 1280, height: 720, bandwidth: 3e6 },
        { width: 854, height: 480, bandwidth: 1.5e6 },
        { width: 284, height: 160, bandwidth: 3e5 },
      ],
    },
    peer: {
      held: 1,
      steps: [
        step(1, true, { nginx: 0.1, transcoders: 12, publishers: 0.3 }),
        { count: 2, ok: false, streams: [], failed: 'x' },
      ],
    },
    viewers: {
      ours: viewerRun({ rendition: { width: 1280, height: 720, bandwidth: 3e6 } }),
      nginx: viewerRun({
        viewers: { ...viewerRun().viewers, mode: 'plain', playlists: 3_000, media: 3_000, bytes: 2_300_000_000 },
      }),
    },
  };

  it('derives a viewer’s and a stream’s cost from the windows', () => {
    const n = viewerNumbers(results.viewers.ours, 'node');
    assert.equal(n.idleRate, 0.15);
    assert.ok(Math.abs(n.perViewerMs - 2) < 1e-9, String(n.perViewerMs));
    assert.equal(n.requestsPerViewer, 10);
    assert.ok(Math.abs(n.perRequestUs - 200) < 1e-9);
    const s = perStream(results.ours.steps[1]);
    assert.ok(Math.abs(s.transcoder - 22 / 60) < 1e-9 && Math.abs(s.server - 0.1) < 1e-9);
  });

  it('renders both tables with numbers only, and says when a run was a quick one', () => {
    const body = renderLiveCapacity(results);
    assert.doesNotMatch(body, /undefined|NaN|null|\[object/);
    assert.ok(body.includes('| server | publishers |'));
    assert.ok(body.includes('| server and players |'));
    assert.match(body, /Ours kept 2 publishers in real time; the nginx-rtmp `exec` ladder kept 1 publisher\./);
    assert.match(
      body,
      /one LL-HLS viewer cost our platform process 2\.00 ms of CPU a second \(about 500 viewers per core\)/,
    );
    assert.match(body, /With 1 on air, a stream cost ours 0\.47 CPU s\/s/);
    assert.match(body, /listed 3 video variants: 1280×720, 854×480, 284×160/);
    assert.doesNotMatch(body, /Quick validation run/);
    const quick = renderLiveCapacity({ ...results, settings: { ...results.settings, quick: true } });
    assert.match(quick, /Quick validation run/);
  });

  it('adds the frames our ingest dropped to the verdict', () => {
    const dropping = { ...results.ours.steps[0], streams: [{ ...results.ours.steps[0].streams[0], dropped: 42 }] };
    const body = renderLiveCapacity({ ...results, ours: { ...results.ours, steps: [dropping] } });
    assert.match(body, /\| 1 +\| yes; 42 frames dropped at the ingest +\|/);
  });

  it('says so when the players did not get the whole stream', () => {
    assert.doesNotMatch(renderLiveCapacity(results), /did not keep up/);
    const slow = { ...results.viewers.ours, viewers: { ...results.viewers.ours.viewers, bytes: 1_500_000_000 } };
    assert.equal(keptUp(viewerNumbers(slow, 'node'), 3.15), false);
    const body = renderLiveCapacity({ ...results, viewers: { ...results.viewers, ours: slow } });
    assert.match(body, /\*\*Our players did not keep up\*\*: each received 2\.00 Mbit\/s of a\s+3\.15 Mbit\/s stream/);
  });

  it('does not turn noise into a cost', () => {
    const flat = { ...results.viewers.ours, cpu: { ...results.viewers.ours.cpu, cpu: { node: 4.4 } } };
    const body = renderLiveCapacity({ ...results, viewers: { ...results.viewers, ours: flat } });
    assert.match(body, /our platform process less than this run can tell/);
    assert.match(body, /\| -0\.02 \(noise\) +\| – +\|/);
    assert.doesNotMatch(body, /per core\) and one plain HLS viewer cost nginx -/);
  });
});
