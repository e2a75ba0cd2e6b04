import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ObjectNotFoundError } from '@framecast/adapters';
import type { EventPayloads, LiveSetup, StreamSession, Video, VideoPage } from '@framecast/contracts';
import { eventually, type TestRuntime } from '@framecast/kit/testing';
import { type RecordingFfmpeg, recordingFfmpeg } from '@framecast/media/testing';
import { FlvFeed } from '@framecast/rtmp';
import { FFMPEG, FFPROBE, flvFileTags, ProcessGroup, publisherArgs } from '@framecast/rtmp/testing';
import { type Registered, register } from '@framecast/user/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamPipeline } from '../ingest/stream.pipeline.js';
import { createSessionService } from '../sessions/session.service.js';
import { STALE_AFTER_MS, staleSessionSweeper } from '../sessions/stale.sweeper.js';
import { startReplayPlatform } from '../testing/replay.harness.js';

const run = promisify(execFile);
let h: TestRuntime;
let ffmpeg: RecordingFfmpeg;
let argvDir: string;
const processes = new ProcessGroup();

beforeAll(async () => {
  argvDir = await mkdtemp(join(tmpdir(), 'framecast-replay-argv-'));
  ffmpeg = await recordingFfmpeg(argvDir, FFMPEG);
  h = await startReplayPlatform({ LIVE_INGEST_HOST: '127.0.0.1', FFMPEG_PATH: ffmpeg.path, FFPROBE_PATH: FFPROBE });
});

afterAll(async () => {
  processes.stopAll();
  await h?.close();
  await rm(argvDir, { recursive: true, force: true });
});

const get = (url: string, who?: Registered) => h.rt.app.inject({ url, ...(who ? { headers: who.auth } : {}) });

/** Seconds ffprobe reads from a playlist served over HTTP, as a player would fetch it. */
async function playedSeconds(url: string): Promise<number> {
  const { stdout } = await run(FFPROBE, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'json', url], {
    timeout: 30_000,
  });
  return Number((JSON.parse(stdout) as { format: { duration: string } }).format.duration);
}

describe('a stream replay', () => {
  it('becomes a ready video of the channel within seconds of the end, remuxed with -c copy', {
    timeout: 90_000,
  }, async () => {
    const creator = await register(h.rt);
    const setup = (await get('/api/live/me', creator)).json<LiveSetup>();
    const publisher = processes.run(FFMPEG, publisherArgs(setup.ingest.rtmpUrl, 8), 40_000);
    const started = await h.waitForEvent((e) => e.type === 'stream.started', 15_000);
    const { sessionId } = started.payload as EventPayloads['stream.started'];
    expect((await publisher.done).code).toBe(0);

    const recordedEvent = await h.waitForEvent(
      (e) => e.type === 'stream.recorded' && (e.payload as { sessionId: string }).sessionId === sessionId,
      20_000,
    );
    const endedAt = Date.now();
    const recorded = recordedEvent.payload as EventPayloads['stream.recorded'];
    expect(recorded.renditions.map((r) => r.name)).toEqual(['360p', '160p', 'audio']);
    expect(recorded.duration).toBeGreaterThan(5);
    expect(recorded.duration).toBeLessThan(10);
    expect(recorded).toMatchObject({ channelId: creator.result.user.id, recordingPrefix: `live/${sessionId}/` });

    // In the owner's list at once, then ready within seconds.
    const listed = async () => {
      const page = (await get(`/api/channels/${creator.handle}/videos`, creator)).json<VideoPage>();
      const replay = page.items.find((v) => v.id === recorded.videoId);
      expect(replay).toMatchObject({ source: 'live', visibility: 'public' });
      return replay!;
    };
    expect(['processing', 'ready']).toContain((await listed()).status);
    const ready = await eventually(async () => {
      const replay = await listed();
      expect(replay.status).toBe('ready');
      return replay;
    }, 20_000);
    expect(Date.now() - endedAt).toBeLessThan(15_000);

    const video = (await get(`/api/videos/${ready.id}`)).json<Video>();
    expect(video.source).toBe('live');
    expect(video.renditions.map((r) => r.name)).toEqual(['360p', '160p', 'audio']);
    expect(video.renditions[0]).toMatchObject({ width: 640, height: 360 });
    expect(video.duration).toBeCloseTo(recorded.duration, 0);
    expect(video.playback?.storyboard).not.toBeNull();
    for (const path of [video.playback!.poster, video.playback!.thumbnail, video.playback!.dash]) {
      expect((await get(path)).statusCode).toBe(200);
    }
    const dash = (await get(video.playback!.dash)).body;
    expect(dash).toContain('id="360p"');
    expect(dash).toContain('id="audio"');
    const seconds = await playedSeconds(`${h.rt.url}${video.playback!.hls}`);
    expect(Math.abs(seconds - recorded.duration)).toBeLessThan(1.5);

    // The remux copied every stream: one ffmpeg run into the DASH muxer with -c copy, no encoder named.
    const remuxes = (await ffmpeg.runs()).filter((argv) => argv.includes('dash'));
    expect(remuxes).toHaveLength(1);
    const argv = remuxes[0]!;
    expect(argv.join(' ')).toContain('-c copy');
    expect(argv.filter((a) => /^-(c|codec):/.test(a))).toEqual([]);
    expect(argv).not.toContain('libx264');
    expect(argv).not.toContain('-filter_complex');

    const session = (await get(`/api/live/sessions/${sessionId}`)).json<StreamSession>();
    expect(session.replayVideoId).toBe(video.id);

    // Once the replay is made, the stream's recording is deleted.
    const storage = h.rt.contexts.get('live')!.storage;
    await eventually(async () => {
      await expect(storage.get(`live/${sessionId}/360p/init.mp4`)).rejects.toBeInstanceOf(ObjectNotFoundError);
    }, 10_000);
  });

  it('is made by the sweep from what a stream whose ingest died had stored', { timeout: 90_000 }, async () => {
    const creator = await register(h.rt);
    const key = (await get('/api/live/me', creator)).json<LiveSetup>().streamKey;
    const ctx = h.rt.contexts.get('live')!;
    const sessions = createSessionService({ db: ctx.db.kysely, clock: ctx.clock, outbox: ctx.outbox });
    const begun = await sessions.begin(creator.result.user.id, key);
    if (!begun.ok) throw new Error(`did not begin: ${begun.reason}`);
    const sessionId = begun.session.id;

    // What the ingest did before its process died: the stream transcoded and stored, the session never ended.
    const file = join(argvDir, 'stream.flv');
    await run(
      FFMPEG,
      publisherArgs(file, 6).filter((arg) => arg !== '-re'),
      { timeout: 30_000 },
    );
    async function* tags() {
      yield* flvFileTags(await readFile(file));
    }
    const pipeline = startStreamPipeline({
      sessionId,
      source: { videoCodec: 'h264', width: 640, height: 360, fps: 30, keyframeInterval: 1, audioCodec: 'aac' },
      feed: new FlvFeed(tags()),
      ffmpegPath: FFMPEG,
      storage: ctx.storage,
      dvrWindowSeconds: 7200,
      logger: ctx.logger,
    });
    expect((await pipeline.done).ok).toBe(true);

    h.clock.shift(STALE_AFTER_MS + 1000);
    const sweeper = staleSessionSweeper({
      db: ctx.db.kysely,
      sessions,
      storage: ctx.storage,
      clock: ctx.clock,
      everyMs: 60_000,
      logger: ctx.logger,
    });
    await sweeper.sweep();
    const ended = await h.waitForEvent(
      (e) => e.type === 'stream.ended' && (e.payload as { sessionId: string }).sessionId === sessionId,
      10_000,
    );
    expect(ended.payload).toMatchObject({ reason: 'ingest_failed' });
    const recorded = (
      await h.waitForEvent(
        (e) => e.type === 'stream.recorded' && (e.payload as { sessionId: string }).sessionId === sessionId,
        10_000,
      )
    ).payload as EventPayloads['stream.recorded'];
    expect(recorded.renditions.map((r) => [r.name, r.firstMsn])).toEqual([
      ['360p', 0],
      ['160p', 0],
      ['audio', 0],
    ]);
    expect(recorded.duration).toBeGreaterThan(5);
    expect(recorded.duration).toBeLessThan(7);
    const video = await eventually(async () => {
      const replay = (await get(`/api/videos/${recorded.videoId}`, creator)).json<Video>();
      expect(replay.status).toBe('ready');
      return replay;
    }, 30_000);
    expect(video).toMatchObject({ source: 'live' });
    expect(video.duration).toBeCloseTo(recorded.duration, 0);
  });
});
