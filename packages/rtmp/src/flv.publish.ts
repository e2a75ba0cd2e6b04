import type { Readable } from 'node:stream';
import { defaultAmf0Limits } from './amf0.types.js';
import { MediaClassifier } from './media.classify.js';
import { LiveSession, type PublishSession, type SessionEnd } from './publish.session.js';
import { StatsMeter } from './publish.stats.js';
import type { RtmpLogger } from './rtmp.logger.js';

/** The FLV header's 9 bytes and PreviousTagSize0, then 11-byte tag headers, each tag followed by its 4-byte size. */
const FILE_HEADER = 13;
const TAG_HEADER = 11;
/** How long the FLV may go on after the connection ended before the session ends anyway. */
const DRAIN_MS = 5000;

/** What `flvPublish` needs of the connection the FLV comes through. */
export interface FlvPublishOptions<Handle> {
  id: string;
  app: string;
  key: string;
  handle: Handle;
  remoteAddress: string;
  /** The publish's media as an FLV byte stream. */
  flv: Readable;
  /** Ends the connection (the session's `close(reason)`). */
  close(reason: string): void;
  /** Resolves when the connection has ended, and why. */
  ended: Promise<SessionEnd>;
  /** Bytes of media queued for the consumer before `flv` is paused. 32 MiB. */
  maxQueuedBytes?: number;
  logger: RtmpLogger;
  now?: () => number;
}

/**
 * A publish whose media comes as FLV bytes rather than RTMP messages (SRT: FFmpeg remuxes the caller's MPEG-TS to
 * FLV), as the same `PublishSession` an RTMP publish is: codecs, metadata and stats read from its tags, so one live
 * pipeline serves both. Malformed FLV ends the session with `error` and closes the connection.
 */
export function flvPublish<Handle>(opts: FlvPublishOptions<Handle>): PublishSession<Handle> {
  const now = opts.now ?? Date.now;
  const meter = new StatsMeter(now());
  const classifier = new MediaClassifier(defaultAmf0Limits);
  const session = new LiveSession<Handle>({
    id: opts.id,
    app: opts.app,
    key: opts.key,
    handle: opts.handle,
    remoteAddress: opts.remoteAddress,
    startedAt: Date.now(),
    maxQueuedBytes: opts.maxQueuedBytes ?? 32 * 1024 * 1024,
    logger: opts.logger,
  });
  session.attach({
    close: (reason) => opts.close(reason),
    pressure: (paused) => (paused ? opts.flv.pause() : opts.flv.resume()),
    stats: () => ({ ...meter.snapshot(now()), droppedMessages: 0, extendedTimestampHeaders: 0 }),
  });

  let pending: Buffer = Buffer.alloc(0);
  let headerRead = false;
  const fail = (message: string) => {
    session.finish({ reason: 'error', message });
    opts.close(message);
    opts.flv.destroy();
  };
  const take = (chunk: Buffer) => {
    meter.received(chunk.length, now());
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    if (!headerRead) {
      if (pending.length < FILE_HEADER) return;
      if (pending.toString('latin1', 0, 3) !== 'FLV') return fail('The stream is not FLV.');
      pending = pending.subarray(pending.readUInt32BE(5) + 4);
      headerRead = true;
    }
    while (pending.length >= TAG_HEADER) {
      const size = pending.readUIntBE(1, 3);
      if (pending.length < TAG_HEADER + size + 4) return;
      const typeId = pending[0]!;
      const timestamp = (pending.readUIntBE(4, 3) | (pending[7]! << 24)) >>> 0;
      const payload = pending.subarray(TAG_HEADER, TAG_HEADER + size);
      pending = pending.subarray(TAG_HEADER + size + 4);
      try {
        const { tag, codec, metadata } = classifier.classify({ csid: 0, typeId, streamId: 1, timestamp, payload });
        if (codec) session.codec(codec);
        if (metadata) session.setMetadata(metadata);
        if (!tag || session.isEnded) continue;
        if (tag.kind === 'video' && tag.header.packet === 'coded-frames') {
          meter.videoFrame(tag.timestamp, tag.header.keyframe);
        } else if (tag.kind === 'audio' && tag.header.packet === 'coded-frames') {
          meter.audioFrame(tag.timestamp);
        }
        session.deliver(tag);
      } catch (error) {
        return fail(`A tag of the stream is malformed: ${(error as Error).message}`);
      }
    }
  };
  // Read from the next turn: whoever gets the session first attaches its listeners (a codec check) in time.
  setImmediate(() =>
    opts.flv.on('data', (chunk: Buffer) => {
      if (!session.isEnded) take(chunk);
    }),
  );
  opts.flv.on('error', () => {});
  // The session ends once its last bytes are in, with the connection's reason (or, if the FLV outlasts the
  // connection by long, without waiting for it).
  opts.flv.once('close', () => {
    void opts.ended.then((end) =>
      session.finish(session.closeReason ? { reason: 'closed', message: session.closeReason } : end),
    );
  });
  void opts.ended.then((end) => {
    setTimeout(() => session.finish(end), DRAIN_MS).unref();
  });
  return session;
}
