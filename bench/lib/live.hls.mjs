// HLS playlists as the live capacity benchmark reads them: what a media playlist lists (segments, parts, program date
// times), which request an hls.js player makes next (blocking reload in low-latency mode, timed reloads otherwise),
// and where a stream's live edge is in wall-clock time. Pure: the viewers and the real-time check do the I/O.

const attribute = (line, name) => {
  const m = new RegExp(`(?:^|[:,])${name}=("[^"]*"|[^,]*)`).exec(line);
  if (!m) return null;
  return m[1].startsWith('"') ? m[1].slice(1, -1) : m[1];
};

/**
 * A media playlist: `segments` (finished, each with the parts listed before its `EXTINF`), `open` (the parts of the
 * segment being made, after the last `EXTINF`), `lastPart`, the server's control attributes, and `edgeMs`: the
 * program date time of the end of the newest media listed (ours, like FFmpeg's `program_date_time`, anchors it once
 * and adds media time, so it advances exactly as fast as media comes out), null without `EXT-X-PROGRAM-DATE-TIME`.
 * `EXT-X-SKIP` (a delta update) counts the skipped segments into the sequence numbers.
 */
export function parseMediaPlaylist(text) {
  const playlist = {
    targetDuration: null,
    partTarget: null,
    canBlockReload: false,
    canSkipUntil: null,
    ended: false,
    segments: [],
    open: null,
    lastPart: null,
    edgeMs: null,
  };
  let msn = 0;
  let parts = [];
  let pdt = null;
  let duration = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) msn = Number(line.slice(22));
    else if (line.startsWith('#EXT-X-SKIP:')) msn += Number(attribute(line, 'SKIPPED-SEGMENTS'));
    else if (line.startsWith('#EXT-X-TARGETDURATION:')) playlist.targetDuration = Number(line.slice(22));
    else if (line.startsWith('#EXT-X-PART-INF:')) playlist.partTarget = Number(attribute(line, 'PART-TARGET'));
    else if (line.startsWith('#EXT-X-SERVER-CONTROL:')) {
      playlist.canBlockReload = attribute(line, 'CAN-BLOCK-RELOAD') === 'YES';
      const skip = attribute(line, 'CAN-SKIP-UNTIL');
      playlist.canSkipUntil = skip === null ? null : Number(skip);
    } else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = Date.parse(line.slice(25));
    else if (line.startsWith('#EXT-X-PART:')) {
      parts.push({
        msn,
        index: parts.length,
        duration: Number(attribute(line, 'DURATION')),
        uri: attribute(line, 'URI'),
      });
    } else if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
    else if (line === '#EXT-X-ENDLIST') playlist.ended = true;
    else if (!line.startsWith('#')) {
      playlist.segments.push({ msn, duration: duration ?? 0, uri: line, pdt, parts });
      msn += 1;
      parts = [];
      pdt = null;
      duration = null;
    }
  }
  if (parts.length > 0) playlist.open = { msn, parts, pdt };
  const last = playlist.segments.at(-1);
  playlist.lastPart = playlist.open?.parts.at(-1) ?? last?.parts.at(-1) ?? null;
  if (playlist.open && playlist.open.pdt !== null) {
    playlist.edgeMs = playlist.open.pdt + sum(playlist.open.parts.map((p) => p.duration)) * 1000;
  } else if (last && last.pdt !== null) {
    playlist.edgeMs = last.pdt + last.duration * 1000;
  }
  return playlist;
}

const sum = (values) => values.reduce((a, b) => a + b, 0);

/**
 * The delivery directives hls.js sends next in low-latency mode once a playlist has advanced: the part after the last
 * one listed, or part 0 of the next segment when the last part closed its segment; the next segment when the
 * playlist lists no parts.
 */
export function nextDirectives(playlist) {
  const endSn = playlist.segments.at(-1)?.msn ?? -1;
  const last = playlist.lastPart;
  if (!last) return { msn: endSn + 1, part: null };
  if (last.msn === endSn) return { msn: endSn + 1, part: 0 };
  return { msn: last.msn, part: last.index + 1 };
}

/** `url` with `_HLS_msn`, `_HLS_part` and, for a delta update, `_HLS_skip=YES`, in the order hls.js writes them. */
export function withDirectives(url, { msn, part }, { skip = false } = {}) {
  const target = new URL(url);
  target.searchParams.delete('_HLS_msn');
  target.searchParams.delete('_HLS_part');
  target.searchParams.delete('_HLS_skip');
  if (msn !== null && msn !== undefined) target.searchParams.set('_HLS_msn', String(msn));
  if (part !== null && part !== undefined) target.searchParams.set('_HLS_part', String(part));
  if (skip) target.searchParams.set('_HLS_skip', 'YES');
  return target.href;
}

/**
 * How long hls.js waits before reloading a plain live playlist (`computeReloadInterval`, for a player near the live
 * edge): the last segment's duration when the playlist changed (at most the target duration), half the target
 * duration when it did not. Milliseconds.
 */
export function plainReloadMs(playlist, updated) {
  const target = 1000 * (playlist.targetDuration ?? 1);
  if (!updated) return Math.round(target / 2);
  const last = (playlist.segments.at(-1)?.duration ?? 0) * 1000;
  return Math.round(last > 0 && last < target ? last : target);
}

/** Orders parts and segments: by sequence number, then part index (a whole segment after its parts). */
const after = (a, b) => a.msn > b.msn || (a.msn === b.msn && (a.index ?? Infinity) > (b.index ?? Infinity));

/**
 * What a player fetches from `playlist` after `cursor` (the last thing it queued, `{msn, index?}`, null at first):
 * in `ll` mode the parts listed after it, in `plain` mode the segments. At first, the newest one only (a player joins
 * at the live edge). Each item is `{msn, index?, uri}`.
 */
export function newMedia(playlist, cursor, mode) {
  const items =
    mode === 'll'
      ? [...playlist.segments.flatMap((s) => s.parts), ...(playlist.open?.parts ?? [])]
      : playlist.segments.map((s) => ({ msn: s.msn, uri: s.uri }));
  if (cursor === null) return items.slice(-1);
  return items.filter((item) => after(item, cursor));
}

/** The variants of a multivariant playlist, as absolute URLs with their resolution and bandwidth. */
export function parseMultivariant(text, baseUrl) {
  const variants = [];
  let pending = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      const [width, height] = (attribute(line, 'RESOLUTION') ?? '0x0').split('x').map(Number);
      pending = { bandwidth: Number(attribute(line, 'BANDWIDTH')), width, height };
    } else if (pending && line !== '' && !line.startsWith('#')) {
      variants.push({ ...pending, url: new URL(line, baseUrl).href });
      pending = null;
    }
  }
  return variants;
}
