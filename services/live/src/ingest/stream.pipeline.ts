import type { Readable } from 'node:stream';
import type { ObjectStorage } from '@framecast/adapters';
import { buildLiveArgs, type LivePlan, type LiveSource, planLiveLadder, startFfmpeg } from '@framecast/media';
import {
  fragmentedOutputArgs,
  type LivePackager,
  type LiveSink,
  type RecordedRendition,
  startLivePackager,
} from '@framecast/packager';
import type { Logger } from 'pino';
import { storageSink } from './storage.sink.js';

/** The packager's part target: parts of about 200 ms, FFmpeg's fragments a whole number of frames within it. */
export const PART_TARGET = 0.2;

/** Where a session's files are kept: its playlists, segments and parts, for DVR and the replay. */
export const sessionPrefix = (sessionId: string) => `live/${sessionId}/`;

export interface StreamPipeline {
  plan: LivePlan;
  packager: LivePackager;
  /** FFmpeg's speed against real time (1 keeps up), once it reported one. */
  speed(): number | null;
  /** Resolves when the stream is over (input ended and packaged, or a failure), with the recording or the error. */
  done: Promise<{ ok: true; recording: RecordedRendition[] } | { ok: false; error: Error }>;
  /** Ends the stream now: stops FFmpeg, closes the open segments. */
  stop(): Promise<void>;
}

/**
 * One live stream's transcoding and packaging: FFmpeg reads the publisher's FLV on stdin and writes each rung of the
 * ladder and the audio as fragmented MP4 to its own pipe; the packager cuts them into parts and segments, keeps the
 * recent ones in memory for viewers and writes all of them to storage (`live/<session id>/`).
 */
export function startStreamPipeline(deps: {
  sessionId: string;
  source: LiveSource;
  flv: Readable;
  ffmpegPath: string;
  storage: ObjectStorage;
  /** Seconds of the stream viewers can seek back in. */
  dvrWindowSeconds: number;
  logger: Logger;
  sink?: LiveSink;
}): StreamPipeline {
  const plan = planLiveLadder(deps.source);
  const frameOf = (fps: number) => 1 / fps;
  const args = buildLiveArgs(plan, {
    mux: (output) =>
      fragmentedOutputArgs({
        partTarget: PART_TARGET,
        frameSeconds: output.kind === 'video' ? frameOf(output.fps) : output.frameSamples / output.sampleRate,
      }),
  });
  const names = [...plan.video.map((r) => r.name), ...(plan.audio ? ['audio'] : [])];
  const ffmpeg = startFfmpeg(args, { ffmpegPath: deps.ffmpegPath, outputs: names.length });
  deps.flv.pipe(ffmpeg.stdin);
  // Segments begin on keyframes: the source's when its rung is passed through, else one a second.
  const segmentTarget =
    plan.keyframes === 'source' ? Math.max(1, Math.ceil((deps.source.keyframeInterval ?? 1) - 0.001)) : 1;
  const packager = startLivePackager({
    inputs: names.map((name, i) => ({ name, stream: ffmpeg.outputs[i]! })),
    sink: deps.sink ?? storageSink(deps.storage, sessionPrefix(deps.sessionId)),
    config: { partTarget: PART_TARGET, segmentTarget, dvrWindow: deps.dvrWindowSeconds },
  });

  const done: StreamPipeline['done'] = (async () => {
    const [exit, packaged] = await Promise.all([
      ffmpeg.exited,
      packager.done.then(
        (recording) => ({ ok: true as const, recording }),
        (error: Error) => ({ ok: false as const, error }),
      ),
    ]);
    if (exit.code !== 0 && exit.signal === null) {
      const last = exit.stderr.split('\n').slice(-3).join(' ').trim();
      deps.logger.warn({ code: exit.code, stderr: exit.stderr }, 'the live transcoder failed');
      if (packaged.ok)
        return { ok: false, error: new Error(`FFmpeg stopped (exit ${exit.code}): ${last || 'no message'}`) };
    }
    if (!packaged.ok) deps.logger.warn({ err: packaged.error }, 'packaging the live stream failed');
    return packaged;
  })();

  return {
    plan,
    packager,
    speed() {
      const speed = Number.parseFloat(ffmpeg.progress().speed ?? '');
      return Number.isFinite(speed) ? speed : null;
    },
    done,
    async stop() {
      deps.flv.unpipe(ffmpeg.stdin);
      ffmpeg.stdin.end();
      await Promise.race([ffmpeg.exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      await ffmpeg.stop(1000);
      await packager.end().catch(() => undefined);
    },
  };
}
