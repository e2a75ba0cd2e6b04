import { randomUUID } from 'node:crypto';
import type { Identity } from '@framecast/kit';
import type { Need } from '../upload/upload.rules.js';
import { createUploadService } from '../upload/upload.service.js';
import { createVideoMetrics } from '../video.metrics.js';
import { readVideoSettings } from '../video.settings.js';
import type { VideoHarness } from './video.harness.js';

/**
 * Starts `needs.length` reservations for one new channel in the same tick, against the harness's database, with
 * the given quota and size limit. Issued together, every quota check would read the same usage unless checking
 * and reserving are one step per channel. Returns how each went.
 */
export async function reserveAtOnce(
  h: VideoHarness,
  limits: { quotaBytes: number; maxUploadBytes: number },
  needs: Need[],
): Promise<{ granted: number[]; refused: string[] }> {
  const ctx = h.rt.contexts.get('video');
  if (!ctx) throw new Error('the video module is not running');
  const uploads = createUploadService({
    db: ctx.db.kysely,
    clock: ctx.clock,
    outbox: ctx.outbox,
    storage: ctx.storage,
    settings: readVideoSettings({
      VIDEO_QUOTA_BYTES: String(limits.quotaBytes),
      VIDEO_MAX_UPLOAD_BYTES: String(limits.maxUploadBytes),
    }),
    metrics: createVideoMetrics(ctx.metrics),
    discardUpload: async () => undefined,
  });
  const handle = `c_${randomUUID().slice(0, 8)}`;
  const owner: Identity = { userId: randomUUID(), handle, displayName: handle, roles: ['creator'] };
  const fields = { title: 'At once', description: '', visibility: 'private' as const };
  const results = await Promise.allSettled(
    needs.map((need) => uploads.reserve({ id: randomUUID(), owner, ...fields }, need)),
  );
  const granted: number[] = [];
  const refused: string[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') granted.push(result.value.bytes);
    else refused.push((result.reason as { code?: string }).code ?? String(result.reason));
  }
  return { granted, refused };
}
