import { format, markdownTable } from './lib/report.mjs';

const rate = (seconds, wall) => seconds / wall;
const cps = (v) => v.toFixed(2);
const mbit = (bits) => (bits / 1e6).toFixed(bits >= 1e6 ? 1 : 2);
const orDash = (v, f) => (v === null || v === undefined || Number.isNaN(v) ? '–' : f(v));

/** A rung of the plan, as the report names it. */
export function rungLabel(r) {
  return r.passthrough
    ? `${r.name} (the source passed through)`
    : `${r.name} ${r.width}×${r.height} ${mbit(r.bitrate)} Mbit/s`;
}

/** Whether a step held, why not, and the frames our ingest dropped meanwhile (it counts them; nginx-rtmp does not). */
function realTimeCell(step) {
  const dropped = step.streams.reduce((n, s) => n + (s.dropped ?? 0), 0);
  const reasons = step.streams.flatMap((s, i) => s.reasons.map((r) => `#${i + 1} ${r}`));
  const verdict = step.ok ? 'yes' : `no (${reasons.join('; ')})`;
  return dropped > 0 ? `${verdict}; ${format.int(dropped)} frames dropped at the ingest` : verdict;
}

/** One row per step of a server's publishers: the slowest stream's numbers and the CPU, per second of the window. */
function publisherRows(name, { steps }) {
  return steps.map((step, i) => {
    const label = i === 0 ? name : '';
    if (!step.cpu) return [label, String(step.count), `no: ${step.failed}`, '–', '–', '–', '–', '–', '–', '–', '–'];
    const { wall, cpu } = step.cpu;
    const server = cpu.node ?? cpu.nginx;
    const slowest = Math.min(...step.streams.map((s) => s.slowest ?? Number.NaN));
    const pace = Math.min(...step.streams.map((s) => s.rate ?? Number.NaN));
    const gap = Math.max(...step.streams.map((s) => s.gap));
    return [
      label,
      String(step.count),
      realTimeCell(step),
      orDash(slowest, (v) => v.toFixed(3)),
      orDash(pace, (v) => v.toFixed(3)),
      gap.toFixed(1),
      cps(rate(cpu.transcoders, wall)),
      cps(rate(server, wall)),
      cps(rate(cpu.transcoders + server, wall) / step.count),
      cps(rate(cpu.publishers, wall)),
      cps(rate(step.cpu.other, wall)),
    ];
  });
}

/** Per-second numbers of one server's viewer run. Pure. */
export function viewerNumbers({ idle, cpu, viewers }, role) {
  const idleRate = rate(idle.cpu[role], idle.wall);
  const loadedRate = rate(cpu.cpu[role], cpu.wall);
  const requests = (viewers.playlists + viewers.media) / viewers.wall;
  const added = loadedRate - idleRate;
  return {
    idleRate,
    loadedRate,
    perViewerMs: (added / viewers.viewers) * 1000,
    perRequestUs: requests > 0 ? (added / requests) * 1e6 : Number.NaN,
    requestsPerViewer: requests / viewers.viewers,
    playlistsPerViewer: viewers.playlists / viewers.wall / viewers.viewers,
    mbps: (viewers.bytes * 8) / viewers.wall / 1e6,
    mbpsPerViewer: (viewers.bytes * 8) / viewers.wall / 1e6 / viewers.viewers,
    errors: Object.values(viewers.errors).reduce((a, b) => a + b, 0),
    errorKinds: Object.entries(viewers.errors)
      .map(([k, n]) => `${n} ${k}`)
      .join(', '),
    clientRate: rate(viewers.clientCpu, viewers.wall),
    other: rate(cpu.other, cpu.wall),
    transcoders: rate(cpu.cpu.transcoders ?? 0, cpu.wall),
  };
}

function viewerTable(results) {
  const { viewers, settings } = results;
  const rows = [
    [
      `ours: LL-HLS, ${viewers.ours.rendition.height}p rung, 200 ms parts, blocking reloads`,
      viewerNumbers(viewers.ours, 'node'),
      viewers.ours,
    ],
    [
      `nginx: nginx-rtmp HLS, ${settings.source.keyframeSeconds} s fragments, timed reloads`,
      viewerNumbers(viewers.nginx, 'nginx'),
      viewers.nginx,
    ],
  ];
  return markdownTable(
    [
      { title: 'server and players' },
      { title: 'requests/s per viewer', right: true },
      { title: 'Mbit/s per viewer', right: true },
      { title: 'server CPU s/s, 0 viewers', right: true },
      { title: `server CPU s/s, ${settings.viewers} viewers`, right: true },
      { title: 'CPU ms/s per viewer', right: true },
      { title: 'CPU µs per request', right: true },
      { title: 'p50 ms', right: true },
      { title: 'p99 ms', right: true },
      { title: 'failed requests', right: true },
      { title: "viewers' process CPU s/s", right: true },
      { title: 'other CPU s/s', right: true },
    ],
    rows.map(([name, n, run]) => [
      name,
      n.requestsPerViewer.toFixed(1),
      n.mbpsPerViewer.toFixed(2),
      cps(n.idleRate),
      cps(n.loadedRate),
      n.perViewerMs > 0 ? n.perViewerMs.toFixed(2) : `${n.perViewerMs.toFixed(2)} (noise)`,
      n.perRequestUs > 0 ? n.perRequestUs.toFixed(0) : '–',
      orDash(run.viewers.delays.p50, format.ms),
      orDash(run.viewers.delays.p99, format.ms),
      n.errors === 0 ? '0' : `${n.errors} (${n.errorKinds})`,
      cps(n.clientRate),
      cps(n.other),
    ]),
  );
}

/** A step's CPU per stream, s/s: the transcoders' and the server process's. Pure. */
export function perStream(step) {
  const { wall, cpu } = step.cpu;
  return {
    transcoder: rate(cpu.transcoders, wall) / step.count,
    server: rate(cpu.node ?? cpu.nginx, wall) / step.count,
  };
}

function publishersSummary({ ours, peer, settings }) {
  const capped = (held) =>
    `${held} publisher${held === 1 ? '' : 's'}${held === settings.maxPublishers ? ' (the most this run tries)' : ''}`;
  const both = Math.min(ours.held, peer.held);
  let cost = '';
  if (both > 0) {
    const o = perStream(ours.steps.find((s) => s.count === both));
    const p = perStream(peer.steps.find((s) => s.count === both));
    cost = ` With ${both} on air, a stream cost ours ${cps(o.transcoder + o.server)} CPU s/s (${cps(o.transcoder)} its
FFmpeg, ${cps(o.server)} the platform process) and the peer ${cps(p.transcoder + p.server)} (${cps(p.transcoder)} FFmpeg,
${cps(p.server)} nginx): ${format.ratio((o.transcoder + o.server) / (p.transcoder + p.server))}. The platform process's share
is the ingest, the packager (cutting parts, and writing every segment to storage for the DVR window and the replay)
and the API; the check's own playlist polls (4 a second per stream) are in both servers' numbers.`;
  }
  return `Ours kept ${capped(ours.held)} in real time; the nginx-rtmp \`exec\` ladder kept ${capped(peer.held)}.${cost}`;
}

/**
 * Whether the players kept up with the stream: each received at least 90 % of what the stream sends a second
 * (`sourceMbps`, the whole publisher's stream, about what one rung with its audio is). Pure.
 */
export function keptUp(numbers, sourceMbps) {
  return numbers.mbpsPerViewer >= 0.9 * sourceMbps;
}

function viewersSummary({ viewers, settings, sourceMbps }) {
  const o = viewerNumbers(viewers.ours, 'node');
  const n = viewerNumbers(viewers.nginx, 'nginx');
  const cost = (x, who) =>
    x.perViewerMs > 0
      ? `${who} ${x.perViewerMs.toFixed(2)} ms of CPU a second (about ${format.int(1000 / x.perViewerMs)} viewers per core)`
      : `${who} less than this run can tell from nothing (its CPU did not rise above the idle window's)`;
  const perRequest = (x) => (x.perRequestUs > 0 ? `${x.perRequestUs.toFixed(0)} µs` : 'too little to tell');
  const behind = [
    [o, 'our'],
    [n, "nginx's"],
  ]
    .filter(([x]) => !keptUp(x, sourceMbps))
    .map(
      ([
        x,
        who,
      ]) => `**${who[0].toUpperCase()}${who.slice(1)} players did not keep up**: each received ${x.mbpsPerViewer.toFixed(2)} Mbit/s of a
${sourceMbps.toFixed(2)} Mbit/s stream, so that row measures a server (or a machine) that could not serve them all, not
the cost of a viewer. `,
    )
    .join('');
  return `${behind}With ${settings.viewers} viewers, one LL-HLS viewer cost ${cost(o, 'our platform process')}, and one plain
HLS viewer cost ${cost(n, 'nginx')}. The two differ in what they are asked: an LL-HLS player makes
${o.requestsPerViewer.toFixed(1)} requests a second (${o.playlistsPerViewer.toFixed(1)} playlist reloads, each held until the
next part exists, and as many parts), a plain HLS player ${n.requestsPerViewer.toFixed(2)} (a reload each fragment, half a
target duration when nothing changed, and one fragment each ${settings.source.keyframeSeconds} s): ${format.ratio(
    o.requestsPerViewer / n.requestsPerViewer,
  )} the requests for about the same bytes. nginx-rtmp cuts fragments on the publisher's keyframes, so with OBS's
${settings.source.keyframeSeconds} s interval they are ${settings.source.keyframeSeconds} s long; with 1 s keyframes they
would be 1 s and LL-HLS would ask about 5× the requests instead. Per request, ours spent ${perRequest(o)} and nginx ${perRequest(n)}:
nginx sends fragments from the page cache with \`sendfile\`; ours
renders (or reuses) a playlist per reload and copies each part from memory through Node's HTTP stack. Latency columns:
from the moment the first viewer's playlist listed a part (or fragment) to each viewer having all of it; a plain HLS
player also waits for its next timed reload, an LL-HLS one is woken when the part lands.`;
}

/** What our first stream's multivariant playlist listed, to show the plan is what ran. */
function listed(variants) {
  if (!variants || variants.length === 0) return '';
  const sizes = variants.map((v) => `${v.width}×${v.height}`).join(', ');
  return `; our streams' multivariant playlists listed ${variants.length} video variants: ${sizes}`;
}

/** The docs section of the live capacity benchmark. */
export function renderLiveCapacity(results) {
  const { settings, facts, plan, sourceMbps, ours, peer } = results;
  const src = settings.source;
  const quick = settings.quick
    ? `> **Quick validation run** (\`--quick\`: at most ${settings.maxPublishers} publishers, ${settings.viewers} viewers,
> ${settings.windowSeconds} s windows) on a shared, busy machine: these numbers show that the benchmark works, they are
> not a measurement. \`npm run bench -- live-capacity\` on a quiet machine replaces them.

`
    : '';
  const encoded = plan.video.filter((r) => !r.passthrough).length;
  const publishersTable = markdownTable(
    [
      { title: 'server' },
      { title: 'publishers', right: true },
      { title: 'real time' },
      { title: 'slowest speed', right: true },
      { title: 'slowest media pace', right: true },
      { title: 'longest wait s', right: true },
      { title: 'transcoders CPU s/s', right: true },
      { title: 'server process CPU s/s', right: true },
      { title: 'CPU s/s per stream', right: true },
      { title: 'publishers CPU s/s', right: true },
      { title: 'other CPU s/s', right: true },
    ],
    [
      ...publisherRows('ours: all-in-one, one FFmpeg per stream, packager in memory', ours),
      ...publisherRows('nginx-rtmp `exec`: one FFmpeg per stream, HLS files', peer),
    ],
  );
  return `## Live: publishers in real time and CPU per viewer

${quick}Measured ${facts.date} on ${facts.cpus} CPUs (${facts.model}), load average ${facts.load.toFixed(1)} when the run
started; "other CPU" is what the rest of the machine used during each window (on a quiet machine, about 0).

**Input.** Every publisher sends what OBS sends for ${src.height}p${src.fps} by default: H.264 from x264 \`veryfast\`
(High profile, B-frames as the preset has them), CBR ${mbit(src.bitrate)} Mbit/s, a keyframe every ${src.keyframeSeconds} s,
AAC ${src.audioBitrate / 1000} kbit/s stereo (${sourceMbps.toFixed(2)} Mbit/s in all), ${src.width}×${src.height}. The picture
is the transcode benchmark's natural-looking one (a slow \`mandelbrot\` zoom with a \`testsrc2\` card gliding over it and a
little grain), ${src.seconds} s encoded once at the start and looped by each publisher without re-encoding
(\`ffmpeg -re -stream_loop -1 -i file.flv -c copy -f flv rtmp://…\`), so publishers cost little CPU.

**Ladder.** What \`planLiveLadder\` makes of this source: ${plan.video.map(rungLabel).join(', ')}, AAC
${plan.audio?.copy ? 'copied' : 'encoded'}: ${plan.video.length} rungs, ${encoded} of them encoded (x264 \`veryfast\`,
\`zerolatency\`, CBR under a one-second buffer, keyframes on the source's), with \`LIVE_RENDITIONS=${settings.renditions?.join(',') ?? 'its default'}\`${listed(ours.ladder)}.
The peer encodes the same rungs with the same options and bitrates.

**Publishers in real time.** Publishers are added one at a time, each on its own channel; ${settings.settleSeconds} s after
the newest went live, every stream on air is watched for ${settings.windowSeconds} s. A stream keeps real time when its
transcoder's speed (FFmpeg's, an average since it started: ours as the studio hears it, the peer's from
\`-progress\`) stays at least ${settings.minSpeed}, its lowest rung's media comes out at least ${settings.minSpeed}× as fast as
the wall clock (the slope of the playlist's live edge, from its program date times, against when each new edge was
seen, polled every 250 ms) and no wait for new media is longer than ${1.5 * src.keyframeSeconds} s. A step holds when every
stream does; the run stops at the first that does not. CPU is read from \`/proc/<pid>/stat\`: the transcoders (ours:
FFmpeg children of the platform process; the peer's: FFmpeg children of nginx's worker), the server process (our
all-in-one Node process: ingest, packager, API; nginx's master and worker), the publishers.

${publishersTable}

${publishersSummary(results)} The peer (Owncast's shape on nginx-rtmp) reads each stream back from nginx over RTMP and
writes MPEG-TS segments to files; ours reads FLV from the ingest over a pipe and packages fMP4 parts in memory. Both
decode the source once and encode ${encoded} rungs, so the transcoder dominates either way.

**Viewers.** One stream on air, the same file; ${settings.viewers} simulated players in another Node process (\`bench/lib/live.viewers.mjs\`),
each with its own keep-alive connections, all on the top rung (the source's 720p, the same bytes for both servers).
Ours: what hls.js does in low-latency mode, blocking playlist reloads with \`_HLS_msn\`/\`_HLS_part\` (delta updates
after the first), each new part fetched as soon as it is listed. nginx: nginx-rtmp's own HLS of the stream (fragments
of one GOP, ${src.keyframeSeconds} s; no ladder), played the way hls.js plays plain HLS: a reload after each fragment's
duration, each new fragment fetched. Server CPU is measured for ${settings.viewerWindowSeconds} s with no viewer, then
for ${settings.viewerWindowSeconds} s with the players on (after ${settings.viewerWarmupSeconds} s of playing); the
difference, divided by the number of players, is a viewer's cost.

${viewerTable(results)}

${viewersSummary(results)}

**Where results depend on the input.** The transcoder's CPU follows the encoded rungs' pixels and the picture: a busier
picture costs x264 more per frame, a 1080p or 60 fps source adds rungs and frames (60 fps rungs get 1.5× the bitrate),
and a source whose keyframes are more than 2 s apart (or that is not H.264) is not passed through: the top rung is then
encoded too, at the source's size, which costs more than all the smaller rungs together. A viewer's cost follows the
bitrate of the rung played (bytes copied) and, for LL-HLS, the part length (requests per second); the peer's follows
its fragment length, which is the publisher's keyframe interval.
`;
}
