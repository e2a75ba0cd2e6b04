import { CHAT_LINES, mergeSparse, messageText, peerFrame, quantileMs, VIEWER_LIMIT } from './lib/chat.messages.mjs';
import { format, markdownTable } from './lib/report.mjs';

/** The issue's aims: ours at least this many times Socket.IO's deliveries per CPU-second, and this p99 at the top. */
export const AIMS = { perCpuRatio: 4, p99Ms: 200, p99AtClients: 10_000 };
/** Centrifugo's published million-connection test works out to about this many deliveries a second per CPU core. */
export const CENTRIFUGO_PER_CPU = 12_500;

const SERVER_NAMES = {
  ours: 'ours: the platform’s chat',
  ws: 'bare `ws` broadcast loop',
  socketio: 'Socket.IO 4.8 `io.emit`',
};

/** What each set of steps stands for, by its name in the settings. */
const SET_TITLES = {
  steady: 'a busy stream’s chat',
  busy: 'busy moments',
};

/** A reader process busier than this share of a core could have been what held the deliveries back. */
const BUSY_READERS = 0.9;

const cps = (v) => v.toFixed(2);
const orDash = (v, f) => (v === null || v === undefined || Number.isNaN(v) ? '–' : f(v));

/** Deliveries short of every message to every reader by more than this share are worth a note. */
const SHORT = 0.01;

/**
 * One step's numbers, per second of its window. `behind`: fewer deliveries than the messages sent times the readers,
 * by more than `SHORT` and more than the messages in flight at the window's edges can explain (a p99's worth of
 * messages: sent before the window and delivered in it count, sent in it and delivered after do not, and a write
 * that holds several messages moves them across an edge together). Pure.
 */
export function stepNumbers(step, settings) {
  const { cpu, readers } = step;
  const latency = mergeSparse([readers.latency]);
  const expected = step.sent * step.clients;
  const closed = Object.values(readers.closed).reduce((a, b) => a + b, 0);
  const delivered = expected > 0 ? readers.deliveries / expected : Number.NaN;
  const p99 = quantileMs(latency, 0.99);
  const edges = step.sent > 0 && p99 > 0 ? ((p99 / 1000) * step.sendRate) / step.sent : 0;
  return {
    deliveriesPerSecond: readers.deliveries / cpu.wall,
    delivered,
    behind: delivered < 1 - Math.max(SHORT, edges),
    serverRate: cpu.cpu.server / cpu.wall,
    idleRate: step.idle.cpu.server / step.idle.wall,
    cpuPerMillion: readers.deliveries > 0 ? (cpu.cpu.server / readers.deliveries) * 1e6 : Number.NaN,
    perCpuSecond: cpu.cpu.server > 0 ? readers.deliveries / cpu.cpu.server : Number.NaN,
    p50: quantileMs(latency, 0.5),
    p99,
    max: latency.total > 0 ? latency.maxUs / 1000 : Number.NaN,
    memoryPerConnection: (step.rssIdle - step.rssNone) / step.clients,
    // Ours counts its socket writes; the peers write every frame on its own.
    framesPerWrite: step.writes ? step.writes.frames / step.writes.writes : step.kind === 'ours' ? Number.NaN : 1,
    readersRate: cpu.cpu.readers / cpu.wall,
    readersBusy: cpu.cpu.readers / cpu.wall >= BUSY_READERS * settings.clientProcesses,
    other: cpu.other / cpu.wall,
    closed,
    closedKinds: Object.entries(readers.closed)
      .map(([code, n]) => `${n} × ${code}`)
      .join(', '),
    refused: Object.entries(step.refused ?? {})
      .map(([code, n]) => `${n} × ${code}`)
      .join(', '),
  };
}

const measured = (steps) => steps.filter((s) => !s.missing);
const find = (steps, kind, clients, sendRate) =>
  measured(steps).find((s) => s.kind === kind && s.clients === clients && s.sendRate === sendRate);
const perSecond = (rate) => `${format.int(rate)} message${rate === 1 ? '' : 's'} a second`;
const setTitle = (set) => SET_TITLES[set.name] ?? set.name;
/** A list in prose: "a", "a and b", "a, b and c". */
const listed = (items) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** The table of one step's servers: `steps` measured at one rate with one count of readers. */
function stepTable(steps, settings) {
  const rows = measured(steps).map((s) => {
    const n = stepNumbers(s, settings);
    const notes = [
      n.delivered < 1 - SHORT
        ? `${(100 * n.delivered).toFixed(1)} % delivered${n.behind ? '' : ' (the window’s edges)'}`
        : '',
      n.closed > 0 ? `${n.closedKinds} closed` : '',
      n.refused ? `${n.refused} refused` : '',
      n.readersBusy ? 'readers busy' : '',
    ].filter(Boolean);
    return [
      SERVER_NAMES[s.kind],
      format.int(n.deliveriesPerSecond),
      cps(n.idleRate),
      cps(n.serverRate),
      orDash(n.cpuPerMillion, cps),
      orDash(n.perCpuSecond, format.int),
      orDash(n.framesPerWrite, (v) => v.toFixed(2)),
      orDash(n.p50, format.ms),
      orDash(n.p99, format.ms),
      orDash(n.max, format.ms),
      n.memoryPerConnection > 0
        ? (n.memoryPerConnection / 1024).toFixed(1)
        : `${(n.memoryPerConnection / 1024).toFixed(1)} (noise)`,
      s.connectSeconds.toFixed(1),
      cps(n.readersRate),
      cps(n.other),
      notes.length > 0 ? notes.join('; ') : 'all delivered',
    ];
  });
  return markdownTable(
    [
      { title: 'server' },
      { title: 'deliveries/s', right: true },
      { title: 'server CPU s/s, idle', right: true },
      { title: 'server CPU s/s', right: true },
      { title: 'CPU s per million deliveries', right: true },
      { title: 'deliveries per CPU-second', right: true },
      { title: 'frames per write', right: true },
      { title: 'p50 ms', right: true },
      { title: 'p99 ms', right: true },
      { title: 'max ms', right: true },
      { title: 'KiB per idle connection', right: true },
      { title: 'connect s', right: true },
      { title: "readers' CPU s/s", right: true },
      { title: 'other CPU s/s', right: true },
      { title: 'notes' },
    ],
    rows,
  );
}

/**
 * The issue's aims, judged on the steps they apply to: ours against Socket.IO in deliveries per CPU-second at each
 * rate and count both were measured at (`ratios`), and ours's p99 at the aim's count of readers, at every rate
 * measured there (`p99`). A run without that count (a quick one) has its p99 judged at the most readers it had, at
 * the lowest rate among those, marked `fallback`. Pure.
 */
export function judgeAims(steps, settings) {
  const ratios = settings.sets.flatMap(({ sendRate, clients: counts }) =>
    counts
      .map((clients) => {
        const ours = find(steps, 'ours', clients, sendRate);
        const socketio = find(steps, 'socketio', clients, sendRate);
        if (!ours || !socketio) return null;
        const ratio = stepNumbers(ours, settings).perCpuSecond / stepNumbers(socketio, settings).perCpuSecond;
        return { sendRate, clients, ratio, met: ratio >= AIMS.perCpuRatio };
      })
      .filter(Boolean),
  );
  const oursSteps = measured(steps).filter((s) => s.kind === 'ours');
  const atAim = oursSteps.filter((s) => s.clients === AIMS.p99AtClients);
  const most = [...oursSteps].sort((a, b) => b.clients - a.clients || a.sendRate - b.sendRate)[0];
  const judged = atAim.length > 0 ? atAim : most ? [most] : [];
  const p99 = judged.map((s) => {
    const value = stepNumbers(s, settings).p99;
    return {
      sendRate: s.sendRate,
      clients: s.clients,
      p99: value,
      met: value < AIMS.p99Ms,
      fallback: atAim.length === 0,
    };
  });
  return { ratios, p99 };
}

/** What one frame of the run weighs: the texts' lengths and the peers' whole frames, bytes. Pure. */
export function messageSizes(tag = '0123abcd', stamp = 123_456_789_012) {
  const texts = CHAT_LINES.map((_, seq) => Buffer.byteLength(messageText(seq, tag, stamp)));
  const frames = CHAT_LINES.map((_, seq) =>
    Buffer.byteLength(
      peerFrame({
        seq: 100_000 + seq,
        text: messageText(seq, tag, stamp),
        sender: 'chatter_10',
        nonce: `${tag}-${100_000 + seq}`,
        sentAt: '2026-12-01T12:00:00.000Z',
      }),
    ),
  );
  const mean = (list) => list.reduce((a, b) => a + b, 0) / list.length;
  return {
    textMin: Math.min(...texts),
    textMax: Math.max(...texts),
    textMean: mean(texts),
    frameMean: mean(frames),
  };
}

function aimsSummary(results) {
  const { steps, settings } = results;
  const missing = steps.some((s) => s.kind === 'ours' && s.missing);
  const { ratios, p99 } = judgeAims(steps, settings);
  const ours = measured(steps).filter((s) => s.kind === 'ours');
  const best = ours
    .map((s) => ({ step: s, perCpuSecond: stepNumbers(s, settings).perCpuSecond }))
    .sort((a, b) => b.perCpuSecond - a.perCpuSecond)[0];
  const lines = [
    `**The aims** (from the issue): ours at least ${AIMS.perCpuRatio}× Socket.IO's deliveries per CPU-second, judged at
each rate and count of readers, and a p99 under ${AIMS.p99Ms} ms with ${format.int(AIMS.p99AtClients)} readers. For scale: Centrifugo's published
million-connection test works out to about ${format.int(CENTRIFUGO_PER_CPU)} deliveries a second per CPU core at a p99 of
${AIMS.p99Ms} ms (over a real network, with far more connections per core than here).`,
  ];
  if (missing) {
    lines.push(`**Ours was not measured**: this tree's platform has no chat socket (\`/api/chat/<handle>/ws\` closed
without a frame), so the aims cannot be judged from this run; the peers' rows are what ours will be compared to.`);
  } else {
    for (const { sendRate } of settings.sets) {
      const atRate = ratios.filter((r) => r.sendRate === sendRate);
      if (atRate.length === 0) continue;
      const ratioText = atRate
        .map((r) => `${format.ratio(r.ratio)} with ${format.int(r.clients)} readers (${r.met ? 'met' : `**not met**`})`)
        .join(', ');
      lines.push(`At ${perSecond(sendRate)}, ours made per CPU-second Socket.IO's deliveries times ${ratioText}.`);
    }
    for (const p of p99) {
      const at = p.fallback ? ' (the most readers this run had)' : '';
      lines.push(
        `Our p99 with ${format.int(p.clients)} readers${at} at ${perSecond(p.sendRate)} was ${orDash(p.p99, format.ms)} ms: ${
          p.met ? 'under' : '**not under**'
        } ${AIMS.p99Ms} ms.`,
      );
    }
    if (best) {
      lines.push(
        `At best (${format.int(best.step.clients)} readers, ${perSecond(best.step.sendRate)}) ours made ${format.int(best.perCpuSecond)}
deliveries per CPU-second, ${format.ratio(best.perCpuSecond / CENTRIFUGO_PER_CPU)} Centrifugo's figure (a rough scale
only: different machines, networks and loads).`,
      );
    }
  }
  return lines.join('\n');
}

function readersFlags(results) {
  const { steps, settings } = results;
  const busy = measured(steps).filter((s) => stepNumbers(s, settings).readersBusy);
  const behind = measured(steps).filter((s) => stepNumbers(s, settings).behind);
  const name = (s) => `${SERVER_NAMES[s.kind]} with ${format.int(s.clients)} at ${perSecond(s.sendRate)}`;
  const out = [];
  if (behind.length > 0) {
    out.push(`**Not every message reached every reader within its window** for ${behind.map(name).join('; ')}: a
server that falls behind queues what it cannot write, and its latency grows over the window.`);
  }
  if (busy.length > 0) {
    out.push(`**The readers' process was busy** (at least ${Math.round(BUSY_READERS * 100)} % of a core a process) for
${busy.map(name).join('; ')}: there the readers, not only the server, set the latency.`);
  }
  return out.join('\n');
}

const gapMs = (sendRate) => Number((1000 / sendRate).toFixed(1));
const each = (set) => (set.sendRate / set.senders).toFixed(2);

/** A bullet per set: its rate, senders and counts of readers, and a count it leaves out and why. */
function setsText(settings, facts) {
  const one = settings.clientProcesses === 1;
  const readersProcess = one ? 'process' : 'processes';
  const canParse = one ? 'one process can' : `${settings.clientProcesses} processes can`;
  const shares = one ? 'it shares' : 'they share';
  return settings.sets
    .map((set) => {
      const counts = listed(set.clients.map(format.int));
      const line = `- **${perSecond(set.sendRate)}** in all (${setTitle(set)}): ${set.senders} senders, each ${each(set)}
  a second; ${counts} readers.`;
      if (!set.leftOut) return line;
      return `${line} No step with ${format.int(set.leftOut)} readers: the readers' ${readersProcess} would have to
  parse ${format.int(set.sendRate * set.leftOut)} messages a second, more than ${canParse} on this machine's
  ${facts.cpus} CPUs, which ${shares} with the server.`;
    })
    .join('\n');
}

/** Ours's frames per write at `sendRate` across its steps, in prose: "1.00 with 1,000 readers and 1.45 with 10,000 readers". */
function oursFramesPerWrite(steps, settings, sendRate) {
  const ours = measured(steps)
    .filter((s) => s.kind === 'ours' && s.sendRate === sendRate)
    .map((s) => [s.clients, stepNumbers(s, settings).framesPerWrite])
    .filter(([, perWrite]) => Number.isFinite(perWrite));
  return listed(ours.map(([clients, perWrite]) => `${perWrite.toFixed(2)} with ${format.int(clients)} readers`));
}

/**
 * Why the rates give different results: ours writes to a socket at most once per write delay, and rests after a pass
 * as long as it took, so at a busy rate or in a big room several messages share one `write`, while the peers write
 * each message on its own at any rate. The frames per write are measured (ours's counters).
 */
function rateText(steps, settings) {
  const delay = settings.oursWriteDelayMs;
  const perRate = settings.sets.map(({ sendRate }) => {
    const shared = oursFramesPerWrite(steps, settings, sendRate);
    const gap = `- At ${perSecond(sendRate)}, ${gapMs(sendRate)} ms apart`;
    const measuredText = shared ? ` Frames per write, ours: ${shared}.` : '';
    return sendRate * delay < 1000
      ? `${gap}, a message finds the last write to its socket more than ${delay} ms ago and, in a room small enough
  that one pass over its sockets takes less than the gap, goes out at once: one write per socket per message for every
  server, and ours's cost per delivery carries all of its work per message (checking, storing, stamping) and of the
  rest of the platform. In a bigger room the pass itself takes longer, ours rests as long after it, and the next
  message waits and shares a write with the one after.${measuredText}`
      : `${gap}, ours writes several messages to a socket at once while the peers still make one write per message:
  ours's CPU per delivery falls, theirs stays about the same.${measuredText}`;
  });
  return `**The result depends on the send rate and on the room.** The system call that writes to a socket is most of
what a delivery costs. Ours writes to a socket at most once every ${delay} ms (\`CHAT_WRITE_DELAY_MS\`, its default),
and after each pass over the room's sockets rests as long as the pass took (so fan-out takes at most half of its event
loop): a message that comes later than both after the last pass goes out at once, and those that come sooner wait for
the next pass and share it; the bare \`ws\` loop and Socket.IO write each message to each socket on its own, as it
comes, at any rate.

${perRate.join('\n')}

So the ratio to Socket.IO is not one number: it is given for each rate, and a room quieter than any here, where what
ours spends on each message and on the rest of the platform weighs more, favours the peers further.

**What is compared.** Our process here is the whole platform in one process (the gateway, every module, the embedded
database): what it spends with every reader in the room and nothing sent is the "idle" column, which its cost per
delivery includes. The peers are bare fan-out servers that check, store and stamp nothing.`;
}

/** The docs section of the chat fan-out benchmark. */
export function renderChat(results) {
  const { settings, facts, steps } = results;
  const sizes = messageSizes();
  const runCounts = settings.sets
    .map((set) => `${perSecond(set.sendRate)} with ${listed(set.clients.map(format.int))} readers`)
    .join('; ');
  const quick = settings.quick
    ? `> **Quick validation run** (\`--quick\`: ${runCounts};
> ${settings.windowSeconds} s windows) on a shared, busy machine: these numbers show that the benchmark works, they are
> not a measurement.
> \`npm run bench -- chat\` on a quiet machine replaces them.

`
    : '';
  const processes =
    settings.clientProcesses === 1 ? 'one process of their own' : `${settings.clientProcesses} processes of their own`;
  const socketIoReaders =
    settings.socketIoReaders === 'client'
      ? `Socket.IO's readers use socket.io-client (WebSocket transport, one
connection each), which costs the readers' process more per message than bare WebSocket does.`
      : `Socket.IO's readers
speak its protocol over the same bare WebSocket (Engine.IO 4 and Socket.IO 5 packets on the WebSocket transport, as
socket.io-client sends them: join the namespace, answer pings, count events): socket.io-client itself costs its readers'
process about twice the CPU per message, which with thousands of readers in one process would make the readers, not
the server, the bottleneck. Socket.IO's senders do use socket.io-client.`;
  const senderCounts = listed([...new Set(settings.sets.map((set) => set.senders))].map(String));
  const share = Math.max(...settings.sets.map((set) => set.senders / Math.min(...set.clients)));
  const mostShared = settings.sets.find((set) => set.senders / Math.min(...set.clients) === share);
  const groups = settings.sets
    .map((set) => {
      const atRate = measured(steps).filter((s) => s.sendRate === set.sendRate);
      if (atRate.length === 0) return null;
      const tables = set.clients
        .filter((clients) => atRate.some((s) => s.clients === clients))
        .map(
          (clients) =>
            `#### ${format.int(clients)} readers, ${perSecond(set.sendRate)}\n\n${stepTable(
              atRate.filter((s) => s.clients === clients),
              settings,
            )}`,
        )
        .join('\n\n');
      return `### ${perSecond(set.sendRate)}: ${setTitle(set)}

${set.senders} senders, each ${each(set)} messages a second, ${gapMs(set.sendRate)} ms between messages.

${tables}`;
    })
    .filter(Boolean)
    .join('\n\n');
  return `## Chat: fan-out to one room

${quick}Measured ${facts.date} on ${facts.cpus} CPUs (${facts.model}), load average ${facts.load.toFixed(1)} when the run
started; "other CPU" is what the rest of the machine used during each window (on a quiet machine, about 0).

**Setup.** One room; its readers in ${processes}
(\`bench/lib/chat.clients.mjs\`), connecting from ${settings.addresses} loopback addresses (127.0.0.2…), at most
${settings.connectConcurrency} at a time; its senders in the benchmark's process and in the room too, taking turns to
send, each under ours's limit for a viewer (${VIEWER_LIMIT.messages} messages per ${VIEWER_LIMIT.seconds} s). The
steps come in sets, one after the other in the run:

${setsText(settings, facts)}

A message is a line of a busy stream's chat with its send time appended, ${sizes.textMin}–${sizes.textMax} bytes of text
(like "lol that play was insane, did anyone clip it? 1a2b3c4d:…"), and the frame each reader gets is about
${Math.round(sizes.frameMean)} bytes: ours makes its message frame (id, text, user with badges, time, nonce), and the
peers' senders send a frame of the same shape, which they forward as it is. Three servers, each started afresh for each
step, each a single process:

- **ours**: the platform (\`framecast start --target all\`: the embedded database, no Redis, so one instance with its
  rooms' journal in memory), its chat socket \`/api/chat/<handle>/ws\` with its default settings (among them
  \`CHAT_WRITE_DELAY_MS\`, ${settings.oursWriteDelayMs} ms) but \`CHAT_CONNECTIONS_PER_ADDRESS\`, out of the way; readers
  anonymous, each sender signed in with an account of its own. Each message is checked, stored and stamped by the
  platform: the peers do none of that.
- **bare \`ws\`**: \`bench/lib/chat.peers.mjs\`: for each frame received, \`for (const c of wss.clients) c.send(text)\`.
- **Socket.IO 4.8**: the same script, WebSocket transport only: \`socket.on('message', (m) => io.emit('message', m))\`.

Readers of ours and of the bare peer speak bare WebSocket (\`bench/lib/ws.frames.mjs\`: frames parsed in place,
pings answered; the readers stand in for browsers on other machines, so they take as little as can be of the CPU
they share here with the server; the \`ws\` client took 1.5× their CPU, 0.73 against 0.49 CPU s/s for 50,000 messages
a second); ${socketIoReaders}

**Measured.** Memory: the server's RSS ${settings.settleSeconds} s after it started with no connection, and again
${settings.settleSeconds} s after the last reader joined, the difference divided by the readers. Then sending starts; after
${settings.warmupSeconds} s, for ${settings.windowSeconds} s, the readers count deliveries of the run's messages and their
latency (receive time − the send time in the text, both on the machine's monotonic clock, in 50 µs bins) and the
server's CPU is read from \`/proc/<pid>/stat\` (utime + stime); "idle" is its CPU over the ${settings.settleSeconds} s with
every reader in the room and nothing sent (heartbeats, presence, for ours the rest of the platform), which the cost per
delivery includes. Deliveries are the readers' only: each message also reaches the senders (${senderCounts}), for every
server alike, and is not counted, which makes every server's cost per delivery look higher by up to
${(100 * share).toFixed(0)} % (${format.int(Math.min(...mostShared.clients))} readers at ${perSecond(mostShared.sendRate)}).
"Deliveries per CPU-second" is deliveries over the server's CPU seconds; "frames per write" how many frames went in
one socket write on average (ours: from its \`framecast_chat_socket_writes_total\` and
\`framecast_chat_deliveries_total\` counters over the window, senders and presence included; the peers write each
frame on its own); "connect s" how long all readers took to join.

${rateText(steps, settings)}

${groups}

${[readersFlags(results), aimsSummary(results)].filter(Boolean).join('\n\n')}

**Where results depend on the input.** The send rate, as above: deliveries a second are the send rate times the
readers, as long as the server keeps up. The readers: one message reaches the last reader only after the server wrote
it to all the others, so latency grows with the room (the p50 is about half the time one message takes to fan out) and
with the send rate once writing one message takes longer than the gap to the next; ours adds up to its write delay.
The message size matters less at these sizes: a few hundred bytes cost a socket write about the same; a server that
copies, parses or stamps each message per socket pays more for a bigger one. Everything runs on one machine over
loopback, where the kernel's work for the receiving sockets is partly counted to the sending process, the same way for
every server.
`;
}
