import type { TlsOptions } from 'node:tls';
import type { ObjectStorage } from '@framecast/adapters';
import { HANDLE_PATTERN, type StreamEndReason } from '@framecast/contracts';
import { ConfigError, periodicTask } from '@framecast/kit';
import type { LiveSource } from '@framecast/media';
import {
  createRtmpServer,
  FlvFeed,
  flvPublish,
  type PublishSession,
  type RtmpServer,
  type RtmpServerOptions,
  type SessionEndReason,
} from '@framecast/rtmp';
import { createSrtServer } from '@framecast/srt';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { liveChannelStore } from '../channels/live-channel.store.js';
import { looksLikeStreamKey } from '../channels/stream.key.js';
import { scoped } from '../live.tables.js';
import { planReplay } from '../replay/replay.plan.js';
import type { SessionService } from '../sessions/session.service.js';
import type { PublisherRegistry } from './publishers.js';
import type { OnAir, StreamHealth } from './stream.health.js';
import { type StreamPipeline, sessionPrefix, startStreamPipeline } from './stream.pipeline.js';

/** What an accepted publish carries through the server: whose stream it is and its session. */
export interface IngestHandle {
  channelId: string;
  sessionId: string;
}

/** The app name of the ingest URL (`rtmp://host/live/<key>`). */
export const INGEST_APP = 'live';
/** How often each stream on air reports its health and audience. */
const HEALTH_EVERY_MS = 2000;
/** How long the ingest waits for the second keyframe (to know the keyframe interval) before transcoding anyway. */
const SOURCE_WAIT_MS = 4000;

const badKey = 'That stream key is not valid. Copy it again from the studio (Go live), or reset it there.';

/** Why a session ended, in the words of `stream.ended`. */
function endReason(reason: SessionEndReason, closedFor: StreamEndReason | null): StreamEndReason {
  if (closedFor) return closedFor;
  if (reason === 'unpublished' || reason === 'disconnected') return 'publisher_left';
  return 'ingest_failed';
}

/**
 * The RTMP ingest: checks the stream key before any media is taken, puts the channel on air (one publisher per
 * channel), runs the stream's transcoder and packager, and takes the channel off air when the publisher leaves, the
 * key changes, the transcoder fails or the process stops.
 */
export function liveIngest(deps: {
  db: Kysely<any>;
  sessions: SessionService;
  publishers: PublisherRegistry;
  storage: ObjectStorage;
  /** FFmpeg's path, or the reason live transcoding cannot run here. */
  ffmpeg: () => { ok: true; path: string } | { ok: false; reason: string };
  dvrWindowSeconds: number;
  /** Heights of the rungs made below each stream's source. */
  renditions: readonly number[];
  /** This instance's base URL, kept with each session it holds (other instances forward its media here). */
  origin: string;
  health: StreamHealth;
  logger: Logger;
}) {
  const db = scoped(deps.db);
  const pipelines = new Map<string, StreamPipeline>();
  const onAir = new Map<string, OnAir>();
  const ports: { rtmp?: number; rtmps?: number; srt?: number } = {};
  const reports = periodicTask({
    everyMs: HEALTH_EVERY_MS,
    logger: deps.logger,
    failure: 'reporting the health of the streams on air failed',
    work: () => deps.health.reportAll([...onAir.values()]),
  });

  const serve: RtmpServerOptions<IngestHandle> = {
    logger: deps.logger,
    async authorize(request) {
      if (request.app !== INGEST_APP) {
        return { ok: false, reason: `Stream to rtmp://<this server>/${INGEST_APP} with your stream key.` };
      }
      if (!looksLikeStreamKey(request.key)) return { ok: false, reason: badKey };
      const channel = await liveChannelStore.byKey(db, request.key);
      if (!channel) return { ok: false, reason: badKey };
      const ffmpeg = deps.ffmpeg();
      if (!ffmpeg.ok) return { ok: false, reason: `Live streaming is not available on this server: ${ffmpeg.reason}` };
      const begun = await deps.sessions.begin(channel.channel_id, request.key, deps.origin);
      if (!begun.ok) {
        return {
          ok: false,
          reason: begun.reason === 'already_live' ? 'This channel is already live from another connection.' : badKey,
        };
      }
      deps.logger.info({ channelId: channel.channel_id, sessionId: begun.session.id }, 'stream started');
      return { ok: true, handle: { channelId: channel.channel_id, sessionId: begun.session.id } };
    },
    onPublish: (session) => {
      void run(session).catch((err: unknown) => deps.logger.error({ err }, 'a live stream failed'));
    },
  };
  const servers: RtmpServer[] = [];

  // SRT: the caller names its channel by Stream ID (its handle) and proves it by the passphrase, its stream key,
  // which libsrt checks and which never crosses the network. The session begins once libsrt accepted the caller.
  const found = deps.ffmpeg();
  const srt = found.ok
    ? createSrtServer<{ channelId: string; key: string }>({
        ffmpegPath: found.path,
        logger: deps.logger,
        async authorize({ streamId }) {
          const channel = HANDLE_PATTERN.test(streamId.toLowerCase())
            ? await liveChannelStore.byHandle(db, streamId)
            : undefined;
          if (!channel) return { ok: false, code: 'notFound', reason: `No channel is called "${streamId}".` };
          if (channel.current_session_id) {
            return { ok: false, code: 'conflict', reason: 'This channel is already live from another connection.' };
          }
          return {
            ok: true,
            passphrase: channel.stream_key,
            handle: { channelId: channel.channel_id, key: channel.stream_key },
          };
        },
        async onPublish(caller) {
          const begun = await deps.sessions.begin(caller.handle.channelId, caller.handle.key, deps.origin);
          if (!begun.ok) {
            caller.close(
              begun.reason === 'already_live' ? 'This channel is already live from another connection.' : badKey,
            );
            return;
          }
          deps.logger.info({ channelId: caller.handle.channelId, sessionId: begun.session.id }, 'stream started (SRT)');
          const session = flvPublish<IngestHandle>({
            id: caller.id,
            app: INGEST_APP,
            key: caller.handle.key,
            handle: { channelId: caller.handle.channelId, sessionId: begun.session.id },
            remoteAddress: caller.remoteAddress,
            flv: caller.flv(),
            close: (reason) => caller.close(reason),
            ended: caller.ended,
            logger: deps.logger,
          });
          await run(session);
        },
      })
    : null;

  async function run(session: PublishSession<IngestHandle>): Promise<void> {
    const { channelId, sessionId } = session.handle;
    let closedFor: StreamEndReason | null = null;
    const release = deps.publishers.hold(channelId, (reason) => {
      closedFor = 'key_rotated';
      session.close(reason);
    });
    session.on('codec', (info) => {
      if (info.kind === 'video' && (info.codec !== 'h264' || info.enhanced)) {
        closedFor = 'ingest_failed';
        session.close(`Send H.264 video: this server cannot take ${info.fourCc ?? info.codec ?? 'this codec'} yet.`);
      }
    });
    let pipeline: StreamPipeline | undefined;
    // The session's folder is deleted once its replay is made; without a replay, once viewers had their last look.
    let keepFolder = false;
    const stream: OnAir = { sessionId, channelId, publish: session };
    onAir.set(sessionId, stream);
    try {
      const source = await sourceOf(session);
      const ffmpeg = deps.ffmpeg();
      if (source && ffmpeg.ok) {
        pipeline = startStreamPipeline({
          sessionId,
          source,
          renditions: deps.renditions,
          feed: new FlvFeed(session.media()),
          ffmpegPath: ffmpeg.path,
          storage: deps.storage,
          dvrWindowSeconds: deps.dvrWindowSeconds,
          logger: deps.logger.child({ sessionId }),
          onRestart: () => deps.health.restarted(),
        });
        pipelines.set(sessionId, pipeline);
        stream.pipeline = pipeline;
        void pipeline.done.then((outcome) => {
          if (!outcome.ok) {
            closedFor ??= 'ingest_failed';
            session.close('The stream could not be transcoded. Try again.');
          }
        });
      }
      const end = await session.ended;
      onAir.delete(sessionId);
      await pipeline?.stop();
      const outcome = await pipeline?.done;
      const replay = outcome?.ok ? planReplay(outcome.recording) : null;
      const ended = await deps.sessions.end(sessionId, endReason(end.reason, closedFor), replay);
      keepFolder = Boolean(ended?.replay_video_id);
      await deps.health.ended(sessionId, channelId);
      deps.logger.info({ channelId, sessionId, reason: end.reason, message: end.message }, 'stream ended');
    } finally {
      onAir.delete(sessionId);
      release();
      // Kept a moment so viewers get the playlists that say the stream ended.
      setTimeout(() => {
        pipelines.delete(sessionId);
        if (pipeline && !keepFolder) {
          deps.storage
            .deletePrefix(sessionPrefix(sessionId))
            .catch((err: unknown) => deps.logger.warn({ err, sessionId }, 'could not delete the files of a stream'));
        }
      }, 60_000).unref();
    }
  }

  /** What the transcoder needs to know of the stream, once the publisher sent it (null: it left first). */
  async function sourceOf(session: PublishSession<IngestHandle>): Promise<LiveSource | null> {
    const until = Date.now() + SOURCE_WAIT_MS;
    let ended = false;
    void session.ended.then(() => {
      ended = true;
    });
    while (!ended && Date.now() < until && session.stats().keyframeInterval === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const video = session.video;
    if (ended || !video?.width || !video.height) return null;
    const stats = session.stats();
    return {
      videoCodec: video.codec ?? 'unknown',
      width: video.width,
      height: video.height,
      fps: Math.round(stats.fps ?? Number(session.metadata?.framerate ?? 30)) || 30,
      keyframeInterval: stats.keyframeInterval === undefined ? null : stats.keyframeInterval / 1000,
      audioCodec: session.audio?.codec ?? null,
      ...(session.audio?.sampleRate ? { audioSampleRate: session.audio.sampleRate } : {}),
    };
  }

  return {
    /** The packager of a session on air in this process, for the media routes. */
    pipeline: (sessionId: string) => pipelines.get(sessionId),
    /** The ports publishers connect to, once listening. */
    ports: (): { rtmp?: number; rtmps?: number; srt?: number } => ({ ...ports }),
    /**
     * Listens for RTMP on `listen.rtmp`, for RTMPS on `listen.rtmps` with its certificate when given, and for SRT on
     * `listen.srt` (UDP) when FFmpeg is there.
     */
    async start(listen: { rtmp: number; rtmps?: { port: number; tls: TlsOptions }; srt?: number }, host?: string) {
      const bind = async (port: number, variable: string, tls?: TlsOptions) => {
        const server = createRtmpServer({ ...serve, ...(tls ? { tls } : {}) });
        try {
          const bound = (await server.listen(port, host)).port;
          servers.push(server);
          return bound;
        } catch (error) {
          if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
          throw new ConfigError(variable, `${port} is already in use: stop the other program or choose another port.`);
        }
      };
      ports.rtmp = await bind(listen.rtmp, 'RTMP_PORT');
      if (listen.rtmps) ports.rtmps = await bind(listen.rtmps.port, 'RTMPS_PORT', listen.rtmps.tls);
      if (srt && listen.srt !== undefined) {
        try {
          ports.srt = (await srt.listen(listen.srt, host)).port;
        } catch (error) {
          if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
          throw new ConfigError(
            'SRT_PORT',
            `${listen.srt} is already in use: stop the other program or choose another port.`,
          );
        }
      }
      reports.start();
    },
    async stop() {
      await reports.stop();
      await Promise.all([...servers.splice(0).map((server) => server.close()), srt?.close()]);
    },
  };
}

export type LiveIngest = ReturnType<typeof liveIngest>;
