// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  CHAT_SETTINGS,
  chatBench,
  chatWriteCounters,
  mergeReports,
  QUICK_SETTINGS,
  setProblems,
} from './chat.bench.mjs';
import { judgeAims, messageSizes, renderChat, stepNumbers } from './chat.report.mjs';
import {
  BIN_US,
  BINS,
  createHistogram,
  dueMs,
  loopbackAddress,
  mergeSparse,
  messageText,
  pageOrigin,
  peerFrame,
  quantileMs,
  record,
  splitCount,
  stampIn,
  toSparse,
  VIEWER_LIMIT,
  wireUrl,
} from './lib/chat.messages.mjs';
import { sendSteadily } from './lib/chat.senders.mjs';
import { openFilesLimit, withOpenFiles } from './lib/processes.mjs';
import { createScope } from './lib/scope.mjs';

describe('messages', () => {
  it('stamps the send time in the text and finds it in the bytes or the text of a frame', () => {
    const text = messageText(3, 'c0ffee01', 987_654_321_012);
    assert.match(text, / c0ffee01:987654321012$/);
    const frame = peerFrame({ seq: 3, text, sender: 'chatter_1', nonce: 'c0ffee01-3', sentAt: '2026-12-01T00:00:00Z' });
    const needle = Buffer.from('c0ffee01:');
    assert.equal(stampIn(Buffer.from(frame), needle), 987_654_321_012);
    assert.equal(stampIn(text, 'c0ffee01:'), 987_654_321_012);
    // Another run's messages, presence and history frames, and a tag with no number after it are not deliveries.
    assert.equal(stampIn(Buffer.from(frame), Buffer.from('deadbeef:')), null);
    assert.equal(stampIn(Buffer.from('{"type":"presence","count":12}'), needle), null);
    assert.equal(stampIn('said c0ffee01: nothing', 'c0ffee01:'), null);
    // The nonce carries the tag too, but with a dash: the search finds the stamp, not the sequence number.
    assert.equal(stampIn(Buffer.from('{"nonce":"c0ffee01-3","text":"x c0ffee01:42"}'), needle), 42);
  });

  it('makes the frame ours sends for a message, of a real chat message’s size', () => {
    const frame = JSON.parse(peerFrame({ seq: 7, text: 'gg', sender: 'chatter_2', nonce: 'n', sentAt: 't' }));
    assert.deepEqual(Object.keys(frame), ['type', 'id', 'text', 'user', 'sentAt', 'nonce']);
    assert.deepEqual(frame.user, { handle: 'chatter_2', displayName: 'chatter_2', badges: [] });
    assert.equal(frame.id, '7');
    const sizes = messageSizes();
    assert.ok(sizes.textMin >= 60 && sizes.textMax <= 120, JSON.stringify(sizes));
    assert.ok(sizes.frameMean > 200 && sizes.frameMean < 320, JSON.stringify(sizes));
  });

  it('spreads counts and addresses, schedules a steady rate and names the Engine.IO socket', () => {
    assert.deepEqual(splitCount(10, 3), [4, 3, 3]);
    assert.deepEqual(splitCount(2, 3), [1, 1, 0]);
    assert.equal(loopbackAddress(0, 8), '127.0.0.2');
    assert.equal(loopbackAddress(9, 8), '127.0.0.3');
    assert.equal(dueMs(1000, 5, 10), 1500);
    assert.equal(wireUrl('http://127.0.0.1:9000'), 'ws://127.0.0.1:9000/socket.io/?EIO=4&transport=websocket');
    assert.equal(pageOrigin('ws://127.0.0.1:9000/api/chat/x/ws'), 'http://127.0.0.1:9000');
    assert.equal(pageOrigin('wss://tv.example/api/chat/x/ws'), 'https://tv.example');
  });
});

describe('sets of steps', () => {
  const source = (path) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

  it('knows the platform’s limit for a viewer and its default write delay', () => {
    const rules = source('packages/contracts/src/rules/chat.rules.ts');
    assert.match(rules, new RegExp(`CHAT_RATE_LIMIT = ${VIEWER_LIMIT.messages};`));
    assert.match(rules, new RegExp(`CHAT_RATE_WINDOW_SECONDS = ${VIEWER_LIMIT.seconds};`));
    const chatSettings = source('services/chat/src/chat.settings.ts');
    assert.match(
      chatSettings,
      new RegExp(`CHAT_WRITE_DELAY_MS: Type.Integer\\({[^}]*default: ${CHAT_SETTINGS.oursWriteDelayMs} }`),
    );
  });

  it('runs a busy set after the steady one, its senders each under a viewer’s limit, quick ones too', () => {
    assert.deepEqual(
      CHAT_SETTINGS.sets.map((set) => [set.name, set.sendRate, set.clients]),
      [
        ['steady', 10, [1000, 5000, 10_000]],
        ['busy', 50, [1000, 5000]],
      ],
    );
    assert.deepEqual(setProblems(CHAT_SETTINGS), []);
    assert.deepEqual(setProblems(QUICK_SETTINGS), []);
    assert.deepEqual(
      QUICK_SETTINGS.sets.map((set) => [set.sendRate, set.clients]),
      [
        [10, [200, 500]],
        [50, [200, 500]],
      ],
    );
    const tooFew = { servers: ['ours', 'ws'], sets: [{ name: 'busy', sendRate: 50, senders: 60, clients: [100] }] };
    assert.match(setProblems(tooFew)[0], /busy: 60 senders at 50 messages a second send 0\.83 a second each, over/);
    // The peers limit nothing: only ours's senders are held to a viewer's rate.
    assert.deepEqual(setProblems({ ...tooFew, servers: ['ws', 'socketio'] }), []);
    const twice = { ...CHAT_SETTINGS, sets: [CHAT_SETTINGS.sets[0], { ...CHAT_SETTINGS.sets[0], name: 'again' }] };
    assert.deepEqual(setProblems(twice), ['again: another set sends 10 messages a second']);
  });

  it("reads ours's frames and writes from its metrics", () => {
    const text = [
      '# HELP framecast_chat_deliveries_total Frames written to chat sockets.',
      '# TYPE framecast_chat_deliveries_total counter',
      'framecast_chat_deliveries_total{targets="all"} 2500',
      'framecast_chat_socket_writes_total{targets="all"} 1000',
      'framecast_chat_deliveries_totally_else 7',
    ].join('\n');
    assert.deepEqual(chatWriteCounters(text), { frames: 2500, writes: 1000 });
    assert.deepEqual(chatWriteCounters(''), { frames: 0, writes: 0 });
  });
});

describe('latency histogram', () => {
  it('reads quantiles to a bin, and merges what several processes counted', () => {
    const a = createHistogram();
    const b = createHistogram();
    for (let i = 1; i <= 99; i++) record(a, i * 1000); // 1 … 99 ms
    record(b, 500_000);
    const merged = mergeSparse([toSparse(a), toSparse(b)]);
    assert.equal(merged.total, 100);
    assert.equal(quantileMs(merged, 0.5), 50 + BIN_US / 1000);
    assert.equal(quantileMs(merged, 0.99), 99 + BIN_US / 1000);
    assert.equal(quantileMs(merged, 1), 500);
    assert.equal(merged.maxUs, 500_000);
    assert.ok(Number.isNaN(quantileMs(createHistogram(), 0.5)));
  });

  it('keeps what comes after its last bin, and never goes below zero', () => {
    const h = createHistogram();
    record(h, 90_000_000);
    record(h, -20);
    assert.equal(h.counts[BINS], 1);
    assert.equal(h.counts[0], 1);
    assert.equal(quantileMs(h, 1), 90_000);
  });
});

describe('open files', () => {
  it('reads the soft limit and runs through prlimit only when it is too low', () => {
    const limits =
      'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 4096                 files\n';
    assert.equal(openFilesLimit(limits), 1024);
    assert.deepEqual(withOpenFiles(500, 'node', ['x.mjs'], 1024), { command: 'node', args: ['x.mjs'] });
    assert.deepEqual(withOpenFiles(12_000, 'node', ['x.mjs'], 1024), {
      command: 'prlimit',
      args: ['--nofile=12000:12000', '--', 'node', 'x.mjs'],
    });
  });
});

describe('sendSteadily', () => {
  it('keeps the rate on a schedule and stops when asked', async () => {
    const sent = [];
    const sending = sendSteadily((seq) => sent.push(seq), 100);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const count = await sending.stop();
    assert.equal(count, sent.length);
    assert.deepEqual(sent.slice(0, 3), [0, 1, 2]);
    assert.ok(count >= 25 && count <= 33, String(count));
  });
});

const histogramOf = (valuesMs) => {
  const h = createHistogram();
  for (const v of valuesMs) record(h, v * 1000);
  return toSparse(h);
};

/**
 * A measured step at `sendRate` (10 unless told): `deliveries` over a 20 s window, the server's CPU seconds, latencies
 * (ms) to read.
 */
function step(
  kind,
  clients,
  { sendRate = 10, serverCpu, deliveries = sendRate * 20 * clients, latencies = [5, 10, 20], closed = {}, writes },
) {
  return {
    ...(writes ? { writes } : {}),
    kind,
    clients,
    sendRate,
    senders: sendRate === 10 ? 20 : 100,
    connectSeconds: 1.5,
    rssNone: 100 * 2 ** 20,
    rssIdle: 100 * 2 ** 20 + clients * 10 * 1024,
    sent: sendRate * 20,
    idle: { wall: 3, cpu: { server: 0.03 }, bench: 0, other: 0, changed: 0 },
    cpu: { wall: 20, cpu: { server: serverCpu, readers: 4 }, bench: 0.1, other: 0.4, changed: 0 },
    readers: { readers: clients, deliveries, latency: histogramOf(latencies), closed, clientCpu: 4, rss: 1e8 },
    refused: {},
  };
}

const FACTS = { date: '2026-12-01', cpus: 2, model: 'Test CPU', load: 0.3 };

describe('report', () => {
  const settings = {
    ...CHAT_SETTINGS,
    sets: [
      { name: 'steady', sendRate: 10, senders: 20, clients: [1000, 10_000] },
      { name: 'busy', sendRate: 50, senders: 100, clients: [1000], leftOut: 10_000 },
    ],
  };
  const steps = [
    step('ours', 1000, { serverCpu: 0.2, writes: { frames: 200_000, writes: 200_000 } }),
    step('ws', 1000, { serverCpu: 1 }),
    step('socketio', 1000, { serverCpu: 1.2 }),
    step('ours', 10_000, { serverCpu: 5, latencies: [40, 80, 250], writes: { frames: 2_000_000, writes: 1_250_000 } }),
    step('ws', 10_000, { serverCpu: 10 }),
    step('socketio', 10_000, { serverCpu: 12, deliveries: 1_500_000, closed: { 1006: 3 } }),
    // 1M deliveries each: ours 2 CPU s, Socket.IO 12.
    step('ours', 1000, {
      sendRate: 50,
      serverCpu: 0.1 * 20,
      latencies: [30, 60, 90],
      writes: { frames: 1_000_000, writes: 400_000 },
    }),
    step('ws', 1000, { sendRate: 50, serverCpu: 5 }),
    step('socketio', 1000, { sendRate: 50, serverCpu: 12 }),
  ];

  it('derives rates, cost per million and memory per connection from a step', () => {
    const n = stepNumbers(steps[0], settings);
    assert.equal(n.deliveriesPerSecond, 10_000);
    assert.equal(n.delivered, 1);
    assert.equal(n.cpuPerMillion, 1);
    assert.equal(n.perCpuSecond, 1_000_000);
    assert.equal(n.memoryPerConnection, 10 * 1024);
    assert.equal(n.readersBusy, false);
    assert.ok(Math.abs(n.idleRate - 0.01) < 1e-9, String(n.idleRate));
    assert.equal(stepNumbers(steps[5], settings).delivered, 0.75);
    assert.equal(stepNumbers(steps[5], settings).behind, true);
    assert.equal(stepNumbers(steps[0], settings).behind, false);
  });

  it('tells a server that fell behind from messages in flight at the window’s edges', () => {
    // 4 s at 50 a second: 200 messages, of which a p99 of 72 ms holds 3.6 in flight at an edge, 1.8 %.
    const short = (sent) => ({
      ...step('ours', 1000, { sendRate: 50, serverCpu: 1, latencies: [40, 72] }),
      sent,
      readers: {
        ...step('ours', 1000, { sendRate: 50, serverCpu: 1, latencies: [40, 72] }).readers,
        deliveries: 0.985 * sent * 1000,
      },
    });
    assert.equal(stepNumbers(short(200), settings).behind, false);
    // Over 1,000 messages (a 20 s window) the edges hold 0.36 %: 1.5 % short is behind.
    assert.equal(stepNumbers(short(1000), settings).behind, true);
    const quick = renderChat({ settings, facts: FACTS, steps: [short(200)] });
    assert.match(quick, /98\.5 % delivered \(the window’s edges\)/);
    assert.doesNotMatch(quick, /Not every message reached every reader/);
    const long = renderChat({ settings, facts: FACTS, steps: [short(1000)] });
    assert.match(long, /\| 98\.5 % delivered \|/);
    assert.match(long, /Not every message reached every reader within its window\*\* for ours/);
  });

  it('judges the aims: ours against Socket.IO at each rate and count, and ours’s p99 with 10k readers', () => {
    const { ratios, p99 } = judgeAims(steps, settings);
    assert.deepEqual(
      ratios.map((r) => [r.sendRate, r.clients, r.met]),
      [
        [10, 1000, true],
        [10, 10_000, false],
        [50, 1000, true],
      ],
    );
    assert.ok(Math.abs(ratios[0].ratio - 6) < 1e-9, String(ratios[0].ratio));
    assert.ok(Math.abs(ratios[2].ratio - 6) < 1e-9, String(ratios[2].ratio));
    // Only the steady set has 10k readers: the p99 aim is judged there alone.
    assert.deepEqual(p99, [{ sendRate: 10, clients: 10_000, p99: 250, met: false, fallback: false }]);
  });

  it('judges the p99 at the most readers, the lower rate first, when no step had the aim’s count', () => {
    const small = steps.filter((s) => s.clients === 1000);
    const { p99 } = judgeAims(small, settings);
    assert.deepEqual(p99, [{ sendRate: 10, clients: 1000, p99: 20, met: true, fallback: true }]);
    const busyOnly = small.filter((s) => s.sendRate === 50);
    assert.deepEqual(
      judgeAims(busyOnly, settings).p99.map((p) => [p.sendRate, p.p99]),
      [[50, 90]],
    );
  });

  it('renders a group of tables per rate, with numbers only, the verdicts, and what fell behind', () => {
    const body = renderChat({ settings, facts: FACTS, steps });
    assert.doesNotMatch(body, /undefined|NaN|null|\[object/);
    // A run from before ours counted its writes: a dash, and no prose about them.
    const uncounted = steps.map(({ writes, ...rest }) => rest);
    const older = renderChat({ settings, facts: FACTS, steps: uncounted });
    assert.doesNotMatch(older, /undefined|NaN|null|\[object|Frames per write, ours/);
    const headings = body.split('\n').filter((line) => line.startsWith('### ') || line.startsWith('#### '));
    assert.deepEqual(headings, [
      '### 10 messages a second: a busy stream’s chat',
      '#### 1,000 readers, 10 messages a second',
      '#### 10,000 readers, 10 messages a second',
      '### 50 messages a second: busy moments',
      '#### 1,000 readers, 50 messages a second',
    ]);
    assert.match(body, /\| ours: the platform’s chat +\| +10,000 \|/);
    assert.match(body, /\| ours: the platform’s chat +\| +50,000 \|/);
    assert.match(
      body,
      /At 10 messages a second, ours made per CPU-second Socket\.IO's deliveries times 6\.00× with 1,000 readers \(met\), 3\.20× with 10,000 readers \(\*\*not met\*\*\)\./,
    );
    assert.match(
      body,
      /At 50 messages a second, ours made per CPU-second Socket\.IO's deliveries times 6\.00× with 1,000 readers \(met\)\./,
    );
    assert.match(body, /Our p99 with 10,000 readers at 10 messages a second was 250 ms: \*\*not under\*\* 200 ms/);
    assert.match(
      body,
      /At best \(1,000 readers, 10 messages a second\) ours made 1,000,000\s+deliveries per CPU-second/,
    );
    assert.match(body, /75\.0 % delivered; 3 × 1006 closed/);
    assert.match(
      body,
      /Not every message reached every reader within its window\*\* for Socket\.IO 4\.8 `io\.emit` with 10,000 at 10 messages a second/,
    );
    // Why the rate matters, what ours is, and why busy moments have no 10k step.
    assert.match(body, /\*\*The result depends on the send rate and on the room\.\*\*/);
    assert.match(body, /At 10 messages a second, 100 ms apart, a message finds the last write to its socket more/);
    assert.match(body, /Frames per write, ours: 1\.00 with 1,000 readers and 1\.60 with 10,000 readers\./);
    assert.match(body, /At 50 messages a second, 20 ms apart, ours writes several messages to a socket at\s+once/);
    assert.match(body, /\| ours: the platform’s chat +\| +10,000 \|(?: +[^|]+\|){4} +1\.00 \|/);
    assert.match(body, /\| Socket\.IO 4\.8 `io\.emit` +\|(?: +[^|]+\|){5} +1\.00 \|/);
    assert.match(body, /the whole platform in one process/);
    assert.match(body, /"idle" column/);
    assert.match(
      body,
      /No step with 10,000 readers: the readers' process would have to\s+parse 500,000 messages a second/,
    );
    assert.match(
      body,
      /\*\*50 messages a second\*\* in all \(busy moments\): 100 senders, each 0\.50\s+a second; 1,000 readers\./,
    );
    assert.match(body, /up to\s+10 % \(1,000 readers at 50 messages a second\)/);
    assert.doesNotMatch(body, /Quick validation run/);
    assert.doesNotMatch(body, /Ours was not measured/);
    // A server whose memory fell while readers joined (garbage collected meanwhile) shows noise, not a cost.
    const shrunk = { ...steps[1], rssIdle: steps[1].rssNone - 2048 * 1000 };
    assert.match(renderChat({ settings, facts: FACTS, steps: [shrunk] }), /\| -2\.0 \(noise\) +\|/);
  });

  it('says when ours was not measured, and when the run was a quick one', () => {
    const peersOnly = [
      { kind: 'ours', clients: 200, sendRate: 10, senders: 20, missing: true },
      step('ws', 200, { serverCpu: 0.1 }),
      step('ws', 200, { sendRate: 50, serverCpu: 0.3 }),
    ];
    const body = renderChat({ settings: QUICK_SETTINGS, facts: FACTS, steps: peersOnly });
    assert.match(body, /Quick validation run.*10 messages a second with 200 and 500 readers; 50 messages a second/);
    assert.match(body, /\*\*Ours was not measured\*\*/);
    assert.match(body, /### 50 messages a second: busy moments/);
    assert.doesNotMatch(body, /undefined|NaN|null|\[object/);
    assert.deepEqual(judgeAims(peersOnly, QUICK_SETTINGS), { ratios: [], p99: [] });
  });

  it('adds the reports of several reader processes', () => {
    const a = step('ws', 100, { serverCpu: 1, deliveries: 300, latencies: [1, 2] }).readers;
    const b = step('ws', 50, { serverCpu: 1, deliveries: 200, latencies: [3] }).readers;
    const merged = mergeReports([
      { ...a, closed: { window: { 1006: 1 }, total: { 1006: 2 } } },
      { ...b, closed: { window: { 1006: 2, 4003: 1 }, total: {} } },
    ]);
    assert.equal(merged.readers, 150);
    assert.equal(merged.deliveries, 500);
    assert.equal(merged.latency.total, 3);
    assert.deepEqual(merged.closed, { 1006: 3, 4003: 1 });
  });
});

describe('chatBench against the peers', () => {
  it('delivers every message to every reader of the bare ws loop and of Socket.IO, with latencies', async () => {
    const scope = createScope();
    const lines = [];
    try {
      const { results, body } = await chatBench(scope, {
        settings: {
          ...QUICK_SETTINGS,
          sets: [
            { name: 'steady', sendRate: 20, senders: 3, clients: [30] },
            { name: 'busy', sendRate: 40, senders: 4, clients: [30] },
          ],
          servers: ['ws', 'socketio'],
          settleSeconds: 0.2,
          warmupSeconds: 0.5,
          windowSeconds: 1.5,
        },
        log: (line) => lines.push(line),
      });
      assert.deepEqual(
        results.steps.map((s) => [s.sendRate, s.kind, s.senders]),
        [
          [20, 'ws', 3],
          [20, 'socketio', 3],
          [40, 'ws', 4],
          [40, 'socketio', 4],
        ],
      );
      for (const s of results.steps) {
        const n = stepNumbers(s, results.settings);
        // 1.5 s at the set's rate.
        assert.ok(s.sent >= s.sendRate * 1.25, `${s.kind} sent ${s.sent} at ${s.sendRate} a second`);
        // Messages in flight at either edge of the window may fall on either side of it.
        assert.ok(n.delivered > 0.9 && n.delivered < 1.1, `${s.kind} delivered ${n.delivered}`);
        assert.ok(n.p50 > 0 && n.p99 < 1000, `${s.kind} p50 ${n.p50}, p99 ${n.p99}`);
        assert.ok(s.rssNone > 0 && s.cpu.cpu.server > 0, JSON.stringify(s.cpu));
        assert.deepEqual(s.readers.closed, {});
      }
      assert.match(body, /#### 30 readers, 20 messages a second/);
      assert.match(body, /#### 30 readers, 40 messages a second/);
    } finally {
      await scope.close();
    }
  });
});
