import type { EventPayloads } from '@framecast/contracts';
import type { RecordedRendition } from '@framecast/packager';

/** What `stream.recorded` says of a recording: its length and its renditions in the compact form. */
export type ReplayPlan = Pick<EventPayloads['stream.recorded'], 'duration' | 'renditions'>;

/**
 * The replay a stream's recording makes, or null when it has no video segment (nothing to watch). Renditions keep
 * the packager's order (video highest first, then the audio); one without segments, or whose segments are not
 * numbered one after another (its keys could not be derived), is left out. Pure.
 */
export function planReplay(recording: readonly RecordedRendition[]): ReplayPlan | null {
  const usable = recording.flatMap((r) => {
    const first = r.segments[0];
    const last = r.segments.at(-1);
    if (!r.kind || !first || !last || last.msn - first.msn + 1 !== r.segments.length) return [];
    return [{ rendition: r, kind: r.kind, first: first.msn, last: last.msn }];
  });
  const top = usable.find((u) => u.kind === 'video');
  if (!top) return null;
  const video = usable.filter((u) => u.kind === 'video');
  const audio = usable.find((u) => u.kind === 'audio');
  const duration = top.rendition.segments.reduce((sum, s) => sum + s.duration, 0);
  return {
    duration: Math.round(duration * 1000) / 1000,
    renditions: [...video, ...(audio ? [audio] : [])].map((u) => ({
      name: u.rendition.name,
      kind: u.kind,
      firstMsn: u.first,
      lastMsn: u.last,
    })),
  };
}
