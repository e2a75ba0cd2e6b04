import { isApiError, type StreamEndReason, type StreamSession, type Video } from '@framecast/client';
import { formatCount, formatDuration } from '@framecast/ui';
import { type HealthRow, healthRows } from './stream-health.card.js';

/** Why a stream ended, in the words of the creator who streamed it. */
export const endReasonTexts: { [reason in StreamEndReason]: string } = {
  publisher_left: 'You stopped streaming',
  key_rotated: 'The stream key was reset, which ended the stream',
  ingest_failed: 'The stream stopped arriving, or could not be transcoded',
  shutdown: 'The server shut down',
  account_deleted: 'The account was deleted',
};

/** The last ingest numbers worth a look after the stream: what it was sent as, and whether frames were lost. */
const SUMMARY_HEALTH: HealthRow['key'][] = ['resolution', 'bitrate', 'fps', 'droppedFrames'];

/**
 * How long after a stream's end its replay video may still be missing: the video module makes it from an event, so
 * `GET /api/videos/:id` answers 404 for a moment. Later, a 404 means the creator deleted it.
 */
export const REPLAY_APPEARS_WITHIN_MS = 2 * 60_000;

/** Where the replay of an ended stream stands. */
export type ReplayState =
  /** The stream recorded no video (it ended before its first segment): no replay is made. */
  | { kind: 'none' }
  /** Being made (remuxed): a link once it is ready. */
  | { kind: 'processing'; progress: number | null }
  | { kind: 'ready'; videoId: string; views: number }
  | { kind: 'failed'; reason: string | null }
  /** It was made, then deleted. */
  | { kind: 'deleted' };

/**
 * The replay's state from the session, the replay video as last read (or pushed), and the error of reading it. Pure.
 */
export function replayState(
  session: Pick<StreamSession, 'replayVideoId' | 'endedAt'>,
  video: Pick<Video, 'status' | 'progress' | 'failureReason' | 'views'> | undefined,
  error: unknown,
  now: number,
): ReplayState {
  const id = session.replayVideoId;
  if (!id) return { kind: 'none' };
  if (video?.status === 'ready') return { kind: 'ready', videoId: id, views: video.views };
  if (video?.status === 'failed') return { kind: 'failed', reason: video.failureReason };
  if (video) return { kind: 'processing', progress: video.status === 'processing' ? video.progress : null };
  const endedAt = session.endedAt ? Date.parse(session.endedAt) : now;
  if (isApiError(error) && error.status === 404 && now - endedAt > REPLAY_APPEARS_WITHIN_MS) return { kind: 'deleted' };
  return { kind: 'processing', progress: null };
}

export interface SummaryFact {
  label: string;
  value: string;
}

/** An ended session in numbers: how long it ran, its peak audience, and the last ingest numbers. Pure. */
export function summaryFacts(session: StreamSession): SummaryFact[] {
  const end = session.endedAt ? Date.parse(session.endedAt) : Date.parse(session.startedAt);
  const facts: SummaryFact[] = [
    { label: 'Duration', value: formatDuration((end - Date.parse(session.startedAt)) / 1000) },
    { label: 'Peak viewers', value: formatCount(session.peakViewers, 'viewer') },
  ];
  if (session.ingest) {
    const rows = healthRows(session.ingest, null);
    for (const key of SUMMARY_HEALTH) {
      const row = rows.find((r) => r.key === key);
      if (row) facts.push({ label: row.label, value: row.value });
    }
  }
  return facts;
}

/** Why it ended, in words; a session ended without a reason (never, today) just ended. Pure. */
export function endReasonText(session: Pick<StreamSession, 'endReason'>): string {
  return session.endReason ? endReasonTexts[session.endReason] : 'The stream ended';
}
