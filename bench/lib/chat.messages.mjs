// What the chat benchmark sends and how its readers read it: real chat lines with the send time stamped in the text,
// the message frame the peers forward (the shape ours sends, so every server delivers about the same bytes), and a
// latency histogram that client processes fill and the benchmark merges. Pure, apart from `nowUs`.

/** Lines of a busy stream's chat, 45–100 characters; the stamp adds about 20. */
export const CHAT_LINES = [
  'lol that play was insane, did anyone clip it?',
  'wait how did he get out of that, I was sure that was the end of the run right there',
  'chat is moving so fast nobody will notice I still have not finished my homework',
  'the audio is a bit out of sync for me, anyone else or is it just my connection tonight?',
  'first time catching the stream live, greetings from Lisbon! love the new overlay',
  'that boss fight took us three hours last week and you did it in ten minutes, unreal',
  'can you show the settings you use for the controller? asking for a friend obviously',
  'POG the comeback was real, I knew it, never doubted for a second (I doubted a lot)',
  'is the giveaway still on at the end of the stream or did I miss it already?',
  'GG everyone, that was the best round of the night by far, do it again please',
];

/** What ours lets a viewer send: `CHAT_RATE_LIMIT` messages per `CHAT_RATE_WINDOW_SECONDS` (packages/contracts). */
export const VIEWER_LIMIT = { messages: 20, seconds: 30 };

/** Microseconds on the machine's monotonic clock (CLOCK_MONOTONIC), the same in every process of this machine. */
export const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * The text of message `seq`: a chat line followed by `<tag>:<send time in µs>`. The tag is the run's own (hex), so a
 * reader tells the run's messages from history, presence and earlier runs by finding `<tag>:` in a frame. Pure.
 */
export function messageText(seq, tag, sentUs) {
  return `${CHAT_LINES[seq % CHAT_LINES.length]} ${tag}:${sentUs}`;
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * The send time stamped in a frame after `needle` (`<tag>:`), or null when the frame is not one of the run's messages.
 * A Buffer is read as bytes (needle a Buffer too), so a reader never decodes or parses the frames it counts; a string
 * (a message's text, as Socket.IO's client hands it over) as characters. Pure.
 */
export function stampIn(frame, needle) {
  const at = frame.indexOf(needle);
  if (at === -1) return null;
  const text = typeof frame === 'string';
  let value = 0;
  let i = at + needle.length;
  for (; i < frame.length; i++) {
    const c = text ? frame.charCodeAt(i) : frame[i];
    if (c < DIGIT_0 || c > DIGIT_9) break;
    value = value * 10 + c - DIGIT_0;
  }
  return i === at + needle.length ? null : value;
}

/**
 * The frame a peer forwards: what ours sends to every socket for a message (`type`, `id`, `text`, `user`, `sentAt`,
 * `nonce`), so that the three servers deliver frames of about the same size. Pure.
 */
export function peerFrame({ seq, text, sender, nonce, sentAt }) {
  return JSON.stringify({
    type: 'message',
    id: String(seq),
    text,
    user: { handle: sender, displayName: sender, badges: [] },
    sentAt,
    nonce,
  });
}

/** When the `k`-th message of a steady `rate` (messages a second) is due, in ms after `startMs`. Pure. */
export const dueMs = (startMs, k, rate) => startMs + (k * 1000) / rate;

/** `total` split into `parts` counts that differ by at most one, larger first. Pure. */
export function splitCount(total, parts) {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

/** The loopback address of connection `i` when connections are spread over `addresses` of 127.0.0.x. Pure. */
export const loopbackAddress = (i, addresses) => `127.0.0.${2 + (i % addresses)}`;

/** The Engine.IO WebSocket address of a Socket.IO server at `http://host:port`. Pure. */
export function wireUrl(base) {
  const u = new URL('/socket.io/', base.replace(/^http/, 'ws'));
  u.search = 'EIO=4&transport=websocket';
  return u.href;
}

/** The origin of the page that opens a socket at `url` (ws → http, wss → https). Pure. */
export const pageOrigin = (url) => new URL(url.replace(/^ws/, 'http')).origin;

// Latency histogram: bins of 50 µs up to 30 s (the last bin holds anything later). Merged by adding bins.

export const BIN_US = 50;
export const BINS = (30 * 1_000_000) / BIN_US;

export function createHistogram() {
  return { counts: new Uint32Array(BINS + 1), total: 0, sumUs: 0, maxUs: 0 };
}

export function record(histogram, latencyUs) {
  const us = Math.max(0, latencyUs);
  histogram.counts[Math.min(BINS, Math.floor(us / BIN_US))]++;
  histogram.total++;
  histogram.sumUs += us;
  if (us > histogram.maxUs) histogram.maxUs = us;
}

/** The histogram as JSON can carry it: only the bins that counted something, as `[bin, count]`. */
export function toSparse({ counts, total, sumUs, maxUs }) {
  const bins = [];
  counts.forEach((n, bin) => {
    if (n > 0) bins.push([bin, n]);
  });
  return { bins, total, sumUs, maxUs };
}

/** Adds sparse histograms (of several client processes) into one. */
export function mergeSparse(list) {
  const merged = createHistogram();
  for (const h of list) {
    for (const [bin, n] of h.bins) merged.counts[bin] += n;
    merged.total += h.total;
    merged.sumUs += h.sumUs;
    merged.maxUs = Math.max(merged.maxUs, h.maxUs);
  }
  return merged;
}

/**
 * The `q` quantile (0–1) in ms, by the nearest rank, as the upper edge of its bin (so never below the true value by
 * more than a bin); NaN for an empty histogram. The top bin reads as the largest value seen.
 */
export function quantileMs(histogram, q) {
  if (histogram.total === 0) return Number.NaN;
  const rank = Math.min(histogram.total, Math.max(1, Math.ceil(q * histogram.total)));
  let seen = 0;
  for (let bin = 0; bin <= BINS; bin++) {
    seen += histogram.counts[bin];
    if (seen >= rank) return (bin === BINS ? histogram.maxUs : Math.min((bin + 1) * BIN_US, histogram.maxUs)) / 1000;
  }
  return histogram.maxUs / 1000;
}
