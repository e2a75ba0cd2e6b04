import type { ObjectStorage } from '@framecast/adapters';
import {
  buildLiveArgs,
  type FfmpegProcess,
  type LivePlan,
  type LiveSource,
  planLiveLadder,
  startFfmpeg,
} from '@framecast/media';
import {
  fragmentedOutputArgs,
  type InputRestart,
  type LivePackager,
  type LiveSink,
  type RecordedRendition,
  startLivePackager,
} from '@framecast/packager';
import type { FlvFeed, FlvRun } from '@framecast/rtmp';
import type { Logger } from 'pino';
import { LIVE_CLOCK_PATH } from '../live.view.js';
import { storageSink } from './storage.sink.js';

/** The packager's part target: parts of about 200 ms, FFmpeg's fragments a whole number of frames within it. */
export const PART_TARGET = 0.2;

/** Where a session's files are kept: its playlists, segments and parts, for DVR and the replay. */
export const sessionPrefix = (sessionId: string) => `live/${sessionId}/`;

/** Restarts of a stream's transcoder allowed within `RESTART_WINDOW_MS`; one more and the stream has failed. */
export const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

export interface StreamPipeline {
  plan: LivePlan;
  packager: LivePackager;
  /** FFmpeg's speed against real time (1 keeps up), once it reported one. */
  speed(): number | null;
  /** Times the transcoder died while the publisher was there and was started again. */
  restarts(): number;
  /** The process id of the transcoder running now. */
  transcoderPid(): number | undefined;
  /** Resolves when the stream is over (input ended and packaged, or a failure), with the recording or the error. */
  done: Promise<{ ok: true; recording: RecordedRendition[] } | { ok: false; error: Error }>;
  /** Ends the stream now: stops FFmpeg, closes the open segments. */
  stop(): Promise<void>;
}

/** One transcoder process and the FLV it reads. */
interface Run {
  ffmpeg: FfmpegProcess;
  flv: FlvRun;
}

/**
 * One live stream's transcoding and packaging: FFmpeg reads the publisher's FLV on stdin and writes each rung of the
 * ladder and the audio as fragmented MP4 to its own pipe; the packager cuts them into parts and segments, keeps the
 * recent ones in memory for viewers and writes all of them to storage (`live/<session id>/`). If FFmpeg dies while
 * the publisher is still there, another one starts on the publisher's next keyframe and the packager carries each
 * rendition on from there (`InputRestart`): viewers see a jump of a second or two, not the end of the stream. More
 * than `MAX_RESTARTS` in a minute and the stream has failed.
 */
export function startStreamPipeline(deps: {
  sessionId: string;
  source: LiveSource;
  /** Heights of the rungs below the source; all of them unless given. */
  renditions?: readonly number[];
  feed: FlvFeed;
  ffmpegPath: string;
  storage: ObjectStorage;
  /** Seconds of the stream viewers can seek back in. */
  dvrWindowSeconds: number;
  logger: Logger;
  sink?: LiveSink;
  /** Told of each restart, with why the transcoder stopped. */
  onRestart?: (why: string) => void;
}): StreamPipeline {
  const plan = planLiveLadder(deps.source, deps.renditions ? { heights: deps.renditions } : {});
  const frameOf = (fps: number) => 1 / fps;
  const args = buildLiveArgs(plan, {
    mux: (output) =>
      fragmentedOutputArgs({
        partTarget: PART_TARGET,
        frameSeconds: output.kind === 'video' ? frameOf(output.fps) : output.frameSamples / output.sampleRate,
      }),
  });
  const names = [...plan.video.map((r) => r.name), ...(plan.audio ? ['audio'] : [])];
  const kinds = names.map((name) => (name === 'audio' ? ('audio' as const) : ('video' as const)));
  const runs: Run[] = [];
  // The k-th run, once started; null once there will be no k-th run.
  const slots: { promise: Promise<Run | null>; resolve: (run: Run | null) => void }[] = [];
  const slot = (k: number) => {
    while (slots.length <= k) {
      let resolve!: (run: Run | null) => void;
      const promise = new Promise<Run | null>((r) => {
        resolve = r;
      });
      slots.push({ promise, resolve });
    }
    return slots[k]!;
  };
  const startRun = () => {
    const ffmpeg = startFfmpeg(args, { ffmpegPath: deps.ffmpegPath, outputs: names.length });
    const flv = deps.feed.open();
    flv.stream.pipe(ffmpeg.stdin);
    runs.push({ ffmpeg, flv });
    slot(runs.length - 1).resolve(runs[runs.length - 1]!);
  };
  const current = () => runs[runs.length - 1]!;

  /** One rendition's input: each run's output in turn, a restart mark between them. */
  async function* input(i: number): AsyncGenerator<Uint8Array | InputRestart> {
    for (let k = 0; ; k++) {
      const run = await slot(k).promise;
      if (!run) return;
      const output = run.ffmpeg.outputs[i]!;
      if (k > 0) {
        // The outputs start at their first frame: where that frame lies on the first run's clock.
        const [first, origin] = await Promise.all([run.flv.first(kinds[i]!), runs[0]!.flv.first(kinds[i]!)]);
        if (first === null || origin === null) {
          output.destroy();
          continue;
        }
        yield { restart: true, mediaTime: (first - origin) / 1000 };
      }
      yield* output;
    }
  }

  startRun();
  // Segments begin on keyframes: the source's when its rung is passed through, else one a second.
  const segmentTarget =
    plan.keyframes === 'source' ? Math.max(1, Math.ceil((deps.source.keyframeInterval ?? 1) - 0.001)) : 1;
  const packager = startLivePackager({
    inputs: names.map((name, i) => ({ name, stream: input(i) })),
    sink: deps.sink ?? storageSink(deps.storage, sessionPrefix(deps.sessionId)),
    config: { partTarget: PART_TARGET, segmentTarget, dvrWindow: deps.dvrWindowSeconds },
    // Low-latency DASH players set their clock by this route (the MPD's UTCTiming), on the packager's clock.
    clockUrl: LIVE_CLOCK_PATH,
  });
  let stopping = false;
  // A packager that failed stops reading: its transcoder must not be left writing to pipes nobody reads.
  packager.done.catch(() => {
    stopping = true;
    void current().ffmpeg.stop(1000);
  });

  const done: StreamPipeline['done'] = (async () => {
    let failure: Error | null = null;
    const restartedAt: number[] = [];
    for (;;) {
      const exit = await current().ffmpeg.exited;
      if (stopping || (exit.code === 0 && exit.signal === null)) break;
      const last = exit.stderr.split('\n').slice(-3).join(' ').trim();
      const why = exit.signal ? `killed by ${exit.signal}` : `exit ${exit.code}: ${last || 'no message'}`;
      deps.logger.warn({ code: exit.code, signal: exit.signal, stderr: exit.stderr }, 'the live transcoder stopped');
      const now = Date.now();
      while (restartedAt[0] !== undefined && restartedAt[0] <= now - RESTART_WINDOW_MS) restartedAt.shift();
      if (restartedAt.length >= MAX_RESTARTS) {
        failure = new Error(`FFmpeg stopped ${MAX_RESTARTS + 1} times in a minute (${why})`);
        break;
      }
      restartedAt.push(now);
      startRun();
      deps.logger.info({ restarts: runs.length - 1 }, 'the live transcoder was started again');
      deps.onRestart?.(why);
    }
    slot(runs.length).resolve(null);
    const packaged = await packager.done.then(
      (recording) => ({ ok: true as const, recording }),
      (error: Error) => ({ ok: false as const, error }),
    );
    if (!packaged.ok) deps.logger.warn({ err: packaged.error }, 'packaging the live stream failed');
    return failure && packaged.ok ? { ok: false, error: failure } : packaged;
  })();

  return {
    plan,
    packager,
    speed() {
      const speed = Number.parseFloat(current().ffmpeg.progress().speed ?? '');
      return Number.isFinite(speed) ? speed : null;
    },
    restarts: () => runs.length - 1,
    transcoderPid: () => current().ffmpeg.pid,
    done,
    async stop() {
      stopping = true;
      deps.feed.close();
      const { ffmpeg } = current();
      await Promise.race([ffmpeg.exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      await ffmpeg.stop(1000);
      await packager.end().catch(() => undefined);
    },
  };
}
