/** An LL-HLS media playlist as the checks read it: header values and, per segment, its duration and parts. */
export interface ParsedPlaylist {
  partTarget: number;
  partHoldBack: number;
  targetDuration: number;
  mediaSequence: number;
  skipped: number;
  segments: { uri: string; duration: number; parts: number[] }[];
  /** Parts after the last segment (the open one). */
  openParts: number[];
}

/** Reads what the checks need from a media playlist. */
export function parsePlaylist(text: string): ParsedPlaylist {
  const value = (name: string) => Number(new RegExp(`${name}[=:]([\\d.]+)`).exec(text)?.[1] ?? Number.NaN);
  const segments: ParsedPlaylist['segments'] = [];
  let parts: number[] = [];
  let duration = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#EXT-X-PART:')) parts.push(Number(/DURATION=([\d.]+)/.exec(line)?.[1]));
    else if (line.startsWith('#EXTINF:')) duration = Number(line.slice(8, -1));
    else if (line && !line.startsWith('#')) {
      segments.push({ uri: line, duration, parts });
      parts = [];
    }
  }
  const skipped = Number(/#EXT-X-SKIP:SKIPPED-SEGMENTS=(\d+)/.exec(text)?.[1] ?? 0);
  return {
    partTarget: value('PART-TARGET'),
    partHoldBack: value('PART-HOLD-BACK'),
    targetDuration: value('#EXT-X-TARGETDURATION'),
    mediaSequence: value('#EXT-X-MEDIA-SEQUENCE'),
    skipped,
    segments,
    openParts: parts,
  };
}

/**
 * The rules an LL-HLS media playlist breaks, if any: `PART-HOLD-BACK` under 3 part targets, segment URIs off the
 * media sequence, a segment rounding past the target duration, a part longer than `PART-TARGET`, parts listed for a
 * segment not summing to its duration within a millisecond.
 */
export function lowLatencyProblems(playlist: ParsedPlaylist): string[] {
  const problems: string[] = [];
  if (!(playlist.partHoldBack >= 3 * playlist.partTarget - 1e-9)) problems.push('PART-HOLD-BACK under 3 × PART-TARGET');
  playlist.segments.forEach((s, i) => {
    const expected = `${playlist.mediaSequence + playlist.skipped + i}.m4s`;
    if (s.uri !== expected) problems.push(`segment ${i} is ${s.uri}, not ${expected}`);
    if (Math.round(s.duration) > playlist.targetDuration) problems.push(`${s.uri} rounds past the target duration`);
    if (s.parts.some((p) => p > playlist.partTarget)) problems.push(`${s.uri} has a part longer than PART-TARGET`);
    const sum = s.parts.reduce((a, b) => a + b, 0);
    if (s.parts.length > 0 && Math.abs(sum - s.duration) >= 0.001) {
      problems.push(`the parts of ${s.uri} sum to ${sum}, not ${s.duration}`);
    }
  });
  if (playlist.openParts.some((p) => p > playlist.partTarget)) problems.push('an open part is longer than PART-TARGET');
  return problems;
}
