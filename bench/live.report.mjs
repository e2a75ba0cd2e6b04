import { format, markdownTable } from './lib/report.mjs';

/** The `q` quantile (0–1) of `values`, by the nearest rank; NaN for none. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const seconds = (ms) => (Number.isNaN(ms) ? '–' : (ms / 1000).toFixed(2));

/** The docs section of the live latency benchmark. */
export function renderLive({ settings, results }) {
  const rows = [
    ['ours: LL-HLS (parts of 200 ms, blocking reload), hls.js `lowLatencyMode`', results.ours],
    ['nginx + libnginx-mod-rtmp: HLS, 1 s fragments, 4 s playlist, hls.js', results.nginx],
    ['nginx + libnginx-mod-rtmp, hls.js with its defaults (no catch-up)', results.nginxDefaults],
  ];
  const table = markdownTable(
    [
      { title: 'server and player' },
      { title: 'median s', right: true },
      { title: 'p10 s', right: true },
      { title: 'p90 s', right: true },
      { title: 'max s', right: true },
      { title: 'stalls', right: true },
      { title: 'reads', right: true },
    ],
    rows.map(([name, r]) => [
      name,
      seconds(quantile(r.ages, 0.5)),
      seconds(quantile(r.ages, 0.1)),
      seconds(quantile(r.ages, 0.9)),
      seconds(quantile(r.ages, 1)),
      String(r.stalls),
      `${r.ages.length} (+${r.unread} unread)`,
    ]),
  );
  const ratio = quantile(results.ours.ages, 0.5) / quantile(results.nginx.ages, 0.5);
  return `## Live: glass-to-glass latency

A publisher (FFmpeg, \`-re\`: real time) sends ${settings.width}×${settings.height} at ${settings.fps} fps,
${settings.bitrate / 1e6} Mbit/s H.264 (x264 \`veryfast\`, \`zerolatency\`, a keyframe a second: what OBS sends for
720p30 with its keyframe interval at 1 s) and AAC over RTMP, with its frame number burnt into each picture. A real
hls.js player in headless Chromium plays the stream at its top quality; every ${settings.sampleEveryMs} ms for
${settings.seconds} s (after ${settings.warmupSeconds} s of playing), the benchmark takes a screenshot of the number,
reads it with tesseract, and compares the time it was on screen with the time the publisher produced that frame
(FFmpeg's \`-progress\`, ten times a second, interpolated). Latency here is glass to glass minus the publisher's own
capture (there is no camera): encode, RTMP, transcode and packaging, HTTP, the player's buffer, decode and paint.
Both peers run on this machine, one after the other, fed and played the same way (hls.js 1.7, catch-up rate 1.5).

${table}

Our median is ${format.ratio(ratio)} nginx-rtmp's with the same player settings, ${format.ratio(
    quantile(results.ours.ages, 0.5) / quantile(results.nginxDefaults.ages, 0.5),
  )} of nginx-rtmp played by hls.js as it comes. Ours goes through the whole platform (the ingest, one FFmpeg making
the ladder with the top rung passed through, the packager, the API's media route); nginx-rtmp only cuts the
publisher's stream into MPEG-TS files, with no ladder. Where a result depends on the input: a longer keyframe interval
does not change ours much (parts are 200 ms whatever the GOP; only a player joining waits for a keyframe), while
nginx-rtmp's fragments cannot be shorter than the GOP, so its latency grows with it; a higher bitrate costs both more
time on the wire and in the buffers. A stall moves a row up: after one, hls.js adds to its target latency for the rest
of the run (an earlier run of this benchmark measured nginx-rtmp with catch-up at 1.62 s, without a stall), so compare
the stall-free rows.

**Where ours' second goes.** hls.js holds back \`PART-HOLD-BACK\` (0.6 s: three parts of 200 ms, the least the
specification allows for that part size) behind the newest part, and a part is published when its last frame is
muxed, so a frame waits up to 200 ms for its part; the rest is the encoder's and FFmpeg's buffers, the RTMP and HTTP
hops and Chromium's decode and paint. Shorter parts would lower the first two together (100 ms parts: 0.3 s held
back), at the cost of twice the playlist requests per viewer.
`;
}
