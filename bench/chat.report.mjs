import { CHAT_LINES, mergeSparse, messageText, peerFrame, quantileMs } from './lib/chat.messages.mjs';
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

/** A reader process busier than this share of a core could have been what held the deliveries back. */
const BUSY_READERS = 0.9;

const cps = (v) => v.toFixed(2);
const orDash = (v, f) => (v === null || v === undefined || Number.isNaN(v) ? '–' : f(v));

/** One step's numbers, per second of its window. Pure. */
export function stepNumbers(step, settings) {
  const { cpu, readers } = step;
  const latency = mergeSparse([readers.latency]);
  const expected = step.sent * step.clients;
  const closed = Object.values(readers.closed).reduce((a, b) => a + b, 0);
  return {
    deliveriesPerSecond: readers.deliveries / cpu.wall,
    delivered: expected > 0 ? readers.deliveries / expected : Number.NaN,
    serverRate: cpu.cpu.server / cpu.wall,
    idleRate: step.idle.cpu.server / step.idle.wall,
    cpuPerMillion: readers.deliveries > 0 ? (cpu.cpu.server / readers.deliveries) * 1e6 : Number.NaN,
    perCpuSecond: cpu.cpu.server > 0 ? readers.deliveries / cpu.cpu.server : Number.NaN,
    p50: quantileMs(latency, 0.5),
    p99: quantileMs(latency, 0.99),
    max: latency.total > 0 ? latency.maxUs / 1000 : Number.NaN,
    memoryPerConnection: (step.rssIdle - step.rssNone) / step.clients,
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
const find = (steps, kind, clients) => measured(steps).find((s) => s.kind === kind && s.clients === clients);

function stepTable(steps, clients, settings) {
  const rows = measured(steps)
    .filter((s) => s.clients === clients)
    .map((s) => {
      const n = stepNumbers(s, settings);
      const notes = [
        n.delivered < 0.99 ? `${(100 * n.delivered).toFixed(1)} % delivered` : '',
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
 * The issue's aims, judged on what was measured: ours against Socket.IO in deliveries per CPU-second at each count
 * both were measured at, and ours's p99 at the aim's count (or the largest measured). Pure.
 */
export function judgeAims(steps, settings) {
  const ratios = settings.clients
    .map((clients) => {
      const ours = find(steps, 'ours', clients);
      const socketio = find(steps, 'socketio', clients);
      if (!ours || !socketio) return null;
      const ratio = stepNumbers(ours, settings).perCpuSecond / stepNumbers(socketio, settings).perCpuSecond;
      return { clients, ratio, met: ratio >= AIMS.perCpuRatio };
    })
    .filter(Boolean);
  const oursSteps = measured(steps).filter((s) => s.kind === 'ours');
  const top = oursSteps.find((s) => s.clients === AIMS.p99AtClients) ?? oursSteps.at(-1) ?? null;
  const p99 = top ? { clients: top.clients, p99: stepNumbers(top, settings).p99 } : null;
  if (p99) p99.met = p99.p99 < AIMS.p99Ms;
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
  const best = ours.length > 0 ? Math.max(...ours.map((s) => stepNumbers(s, settings).perCpuSecond)) : null;
  const lines = [
    `**The aims** (from the issue): ours at least ${AIMS.perCpuRatio}× Socket.IO's deliveries per CPU-second, and a p99
under ${AIMS.p99Ms} ms with ${format.int(AIMS.p99AtClients)} readers. For scale: Centrifugo's published
million-connection test works out to about ${format.int(CENTRIFUGO_PER_CPU)} deliveries a second per CPU core at a p99 of
${AIMS.p99Ms} ms (over a real network, with far more connections per core than here).`,
  ];
  if (missing) {
    lines.push(`**Ours was not measured**: this tree's platform has no chat socket (\`/api/chat/<handle>/ws\` closed
without a frame), so the aims cannot be judged from this run; the peers' rows are what ours will be compared to.`);
  } else {
    const ratioText = ratios
      .map((r) => `${format.ratio(r.ratio)} with ${format.int(r.clients)} readers (${r.met ? 'met' : `**not met**`})`)
      .join(', ');
    if (ratios.length > 0) lines.push(`Ours made per CPU-second Socket.IO's deliveries times ${ratioText}.`);
    if (p99) {
      const at = p99.clients === AIMS.p99AtClients ? '' : ` (the most readers this run had)`;
      lines.push(
        `Our p99 with ${format.int(p99.clients)} readers${at} was ${orDash(p99.p99, format.ms)} ms: ${
          p99.met ? 'under' : '**not under**'
        } ${AIMS.p99Ms} ms.`,
      );
    }
    if (best !== null) {
      lines.push(
        `At best ours made ${format.int(best)} deliveries per CPU-second, ${format.ratio(best / CENTRIFUGO_PER_CPU)} Centrifugo's
figure (a rough scale only: different machines, networks and loads).`,
      );
    }
  }
  return lines.join('\n');
}

function readersFlags(results) {
  const { steps, settings } = results;
  const busy = measured(steps).filter((s) => stepNumbers(s, settings).readersBusy);
  const behind = measured(steps).filter((s) => stepNumbers(s, settings).delivered < 0.99);
  const name = (s) => `${SERVER_NAMES[s.kind]} with ${format.int(s.clients)}`;
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

/** The docs section of the chat fan-out benchmark. */
export function renderChat(results) {
  const { settings, facts, steps } = results;
  const sizes = messageSizes();
  const quick = settings.quick
    ? `> **Quick validation run** (\`--quick\`: ${settings.clients.map(format.int).join(' and ')} readers, ${settings.windowSeconds} s
> windows) on a shared, busy machine: these numbers show that the benchmark works, they are not a measurement.
> \`npm run bench -- chat\` on a quiet machine replaces them.

`
    : '';
  const perSender = settings.sendRate / settings.senders;
  const processes =
    settings.clientProcesses === 1 ? 'one process of their own' : `${settings.clientProcesses} processes of their own`;
  const socketIoReaders =
    settings.socketIoReaders === 'client'
      ? `Socket.IO's readers use socket.io-client (WebSocket transport, one
connection each), which costs the readers' process more per message than the \`ws\` client does.`
      : `Socket.IO's readers
speak its protocol over the \`ws\` client too (Engine.IO 4 and Socket.IO 5 packets on the WebSocket transport, as
socket.io-client sends them: join the namespace, answer pings, count events): socket.io-client itself costs its readers'
process about twice the CPU per message, which with thousands of readers in one process would make the readers, not
the server, the bottleneck. Socket.IO's senders do use socket.io-client.`;
  const tables = settings.clients
    .filter((clients) => measured(steps).some((s) => s.clients === clients))
    .map((clients) => `### ${format.int(clients)} readers\n\n${stepTable(steps, clients, settings)}`)
    .join('\n\n');
  return `## Chat: fan-out to one room

${quick}Measured ${facts.date} on ${facts.cpus} CPUs (${facts.model}), load average ${facts.load.toFixed(1)} when the run
started; "other CPU" is what the rest of the machine used during each window (on a quiet machine, about 0).

**Setup.** One room; ${settings.clients.map(format.int).join(', ')} readers, in ${processes}
(\`bench/lib/chat.clients.mjs\`), connecting from ${settings.addresses} loopback addresses (127.0.0.2…), at most
${settings.connectConcurrency} at a time. ${settings.senders} senders, in the benchmark's process and in the room too, take
turns to send ${settings.sendRate} messages a second in all (each ${perSender.toFixed(2)} a second); a message is a line
of a busy stream's chat with its send time appended, ${sizes.textMin}–${sizes.textMax} bytes of text (like "lol that play
was insane, did anyone clip it? 1a2b3c4d:…"), and the frame each reader gets is about ${Math.round(sizes.frameMean)} bytes:
ours makes its message frame (id, text, user with badges, time, nonce), and the peers' senders send a frame of the same
shape, which they forward as it is. Three servers, each started afresh for each step, each a single process:

- **ours**: the platform (\`framecast start --target all\`: the embedded database, no Redis, so one instance with its
  rooms' journal in memory), its chat socket \`/api/chat/<handle>/ws\` with its default settings but
  \`CHAT_CONNECTIONS_PER_ADDRESS\`, out of the way; readers anonymous, each sender signed in with an account of its own
  (a viewer's limit, 20 messages per 30 s). Each message is checked, stored and stamped by the platform: the peers do
  none of that.
- **bare \`ws\`**: \`bench/lib/chat.peers.mjs\`: for each frame received, \`for (const c of wss.clients) c.send(text)\`.
- **Socket.IO 4.8**: the same script, WebSocket transport only: \`socket.on('message', (m) => io.emit('message', m))\`.

Readers of ours and of the bare peer use the \`ws\` client; ${socketIoReaders}

**Measured.** Memory: the server's RSS ${settings.settleSeconds} s after it started with no connection, and again
${settings.settleSeconds} s after the last reader joined, the difference divided by the readers. Then sending starts; after
${settings.warmupSeconds} s, for ${settings.windowSeconds} s, the readers count deliveries of the run's messages and their
latency (receive time − the send time in the text, both on the machine's monotonic clock, in 50 µs bins) and the
server's CPU is read from \`/proc/<pid>/stat\` (utime + stime); "idle" is its CPU over the ${settings.settleSeconds} s with
every reader in the room and nothing sent (heartbeats, presence, for ours the rest of the platform), which the cost per
delivery includes. Deliveries are the readers' only: each message also
reaches the ${settings.senders} senders. "Deliveries per CPU-second" is deliveries over the server's CPU seconds; "connect
s" how long all readers took to join.

${tables}

${[readersFlags(results), aimsSummary(results)].filter(Boolean).join('\n\n')}

**Where results depend on the input.** The send rate: the peers write each message to each socket as it comes, so their
CPU per delivery stays about the same at any rate, while a server that writes several messages to a socket at once
(within a tick) spends less per delivery the busier the room, and more per delivery in a quiet one; deliveries a second
are the send rate times the readers, as long as the server keeps up. The readers: one message reaches the last reader
only after the server wrote it to all the others, so latency grows with the room (the p50 is about half the time one
message takes to fan out) and with the send rate once writing one message takes longer than the gap to the next. The
message size matters less at these sizes: a few hundred bytes cost a socket write about the same; a server that
copies, parses or stamps each message per socket pays more for a bigger one. Everything runs on one machine over
loopback, where the kernel's work for the receiving sockets is partly counted to the sending process, the same way for
every server.
`;
}
