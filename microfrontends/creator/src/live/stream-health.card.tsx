import type { IngestStats, StreamNotice } from '@framecast/client';
import { Card } from '@framecast/ui';

/** Keyframes further apart than this make viewers wait to join and segments long: say so. */
const KEYFRAME_ADVICE_SECONDS = 2;

/** One number of a stream's health, as it reads; `key` names it for a page that shows only some. */
export interface HealthRow {
  key: 'bitrate' | 'fps' | 'keyframeInterval' | 'droppedFrames' | 'resolution' | 'codecs' | 'transcodeSpeed';
  label: string;
  value: string;
  warning?: string;
}

/** How a health number reads, and whether it is a problem. Pure. */
export function healthRows(ingest: IngestStats, transcodeSpeed: number | null): HealthRow[] {
  const rows: HealthRow[] = [
    { key: 'bitrate', label: 'Bitrate', value: `${(ingest.bitrate / 1e6).toFixed(1)} Mbit/s` },
    { key: 'fps', label: 'Frame rate', value: `${ingest.fps.toFixed(0)} fps` },
    {
      key: 'keyframeInterval',
      label: 'Keyframe interval',
      value: ingest.keyframeInterval === null ? '—' : `${ingest.keyframeInterval.toFixed(1)} s`,
      ...(ingest.keyframeInterval !== null && ingest.keyframeInterval > KEYFRAME_ADVICE_SECONDS
        ? { warning: 'Set a keyframe interval of 1 or 2 s in your encoder for a lower latency.' }
        : {}),
    },
    { key: 'droppedFrames', label: 'Dropped frames', value: String(ingest.droppedFrames) },
    {
      key: 'resolution',
      label: 'Resolution',
      value: ingest.width && ingest.height ? `${ingest.width}×${ingest.height}` : '—',
    },
    { key: 'codecs', label: 'Codecs', value: [ingest.videoCodec, ingest.audioCodec].filter(Boolean).join(', ') || '—' },
  ];
  if (transcodeSpeed !== null) {
    rows.push({
      key: 'transcodeSpeed',
      label: 'Transcoding',
      value: `${transcodeSpeed.toFixed(2)}× real time`,
      ...(transcodeSpeed < 0.98 ? { warning: 'The server cannot keep up: viewers will fall behind.' } : {}),
    });
  }
  return rows;
}

/** The stream's health as the ingest measures it, updated every few seconds while on air. */
export function StreamHealthCard({ notice }: { notice: StreamNotice | null }) {
  return (
    <Card className="flex flex-col gap-3 p-5">
      <h2 className="text-lg font-bold text-fg">Stream health</h2>
      {notice?.live && notice.ingest ? (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm" data-testid="stream-health">
          {healthRows(notice.ingest, notice.transcodeSpeed).map((row) => (
            <div key={row.label} className="flex flex-col">
              <dt className="text-muted">{row.label}</dt>
              <dd className={row.warning ? 'font-medium text-warning' : 'font-medium text-fg'}>
                {row.value}
                {row.warning ? <span className="block text-xs font-normal">{row.warning}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="text-sm text-muted">Bitrate, frame rate and keyframes show here while you are live.</p>
      )}
    </Card>
  );
}
