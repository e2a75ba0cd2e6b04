import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelLive, LiveSetup, StreamSession, StreamUpdate, UserNotice } from '@framecast/contracts';
import { realtimeChannel } from '@framecast/kit';
import { eventually, metricValue } from '@framecast/kit/testing';
import { Fmp4Reader } from '@framecast/packager';
import { childProcesses, FFMPEG, ProcessGroup } from '@framecast/rtmp/testing';
import { type Registered, register } from '@framecast/user/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTimed } from '../testing/chunked.read.js';
import { type LiveHarness, startLiveModule } from '../testing/live.harness.js';

let h: LiveHarness;
const processes = new ProcessGroup();

let certDir: string;

beforeAll(async () => {
  // RTMPS beside RTMP, with a certificate made for the test.
  certDir = await mkdtemp(join(tmpdir(), 'framecast-rtmps-'));
  const openssl = processes.run(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'],
      ...['-subj', '/CN=127.0.0.1', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')],
    ],
    10_000,
  );
  const made = await openssl.done;
  if (made.code !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
  h = await startLiveModule({
    LIVE_INGEST_HOST: '127.0.0.1',
    RTMPS_PORT: '0',
    RTMPS_CERT_FILE: join(certDir, 'cert.pem'),
    RTMPS_KEY_FILE: join(certDir, 'key.pem'),
  });
});

afterAll(async () => {
  processes.stopAll();
  await h?.close();
  if (certDir) await rm(certDir, { recursive: true, force: true });
});

const get = (url: string, who?: Registered) => h.rt.app.inject({ url, ...(who ? { headers: who.auth } : {}) });

/**
 * A publisher as OBS would be: H.264 with a keyframe a second, AAC, in real time, for `seconds`; FLV over RTMP, or
 * MPEG-TS over SRT.
 */
function publish(url: string, seconds: number, format: 'flv' | 'mpegts' = 'flv') {
  return processes.run(
    FFMPEG,
    [
      ...['-hide_banner', '-v', 'error', '-re', '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30`],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(seconds)],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '30', '-pix_fmt', 'yuv420p'],
      ...['-c:a', 'aac', '-f', format, url],
    ],
    (seconds + 30) * 1000,
  );
}

/** The live transcoders this process runs: its FFmpeg children that read FLV on stdin and report progress. */
const transcoders = () => childProcesses(process.pid, ['pipe:0', '-progress']);

/** Decode time (seconds) of the first sample of a segment, read from its bytes. */
async function segmentStart(sessionId: string, rendition: string, msn: number): Promise<number> {
  const [init, segment] = await Promise.all(
    [`${rendition}/init.mp4`, `${rendition}/${msn}.m4s`].map((path) => get(`/media/live/${sessionId}/${path}`)),
  );
  expect(segment!.statusCode).toBe(200);
  const reader = new Fmp4Reader();
  let timescale = 1;
  for (const item of reader.push(new Uint8Array(Buffer.concat([init!.rawPayload, segment!.rawPayload])))) {
    if (item.type === 'init') timescale = item.init.timescale;
    else return item.fragment.baseDecodeTime / timescale;
  }
  throw new Error(`segment ${rendition}/${msn} holds no fragment`);
}

/** The segments a plain HLS playlist lists, with their wall-clock start: [msn, program date time]. */
function listed(playlist: string): [number, number][] {
  return [...playlist.matchAll(/#EXT-X-PROGRAM-DATE-TIME:(\S+)\n(?:#[^\n]*\n)*?(\d+)\.m4s/g)].map((m) => [
    Number(m[2]),
    Date.parse(m[1]!),
  ]);
}

/** The channel once it is on air (its publisher connected and accepted). */
const onAir = (handle: string) =>
  eventually(async () => {
    const answer = (await get(`/api/channels/${handle}/live`)).json<ChannelLive>();
    expect(answer.live).toBe(true);
    return answer;
  }, 15_000);

/** The `stream.ended` event of a session. */
const streamEnded = (sessionId: string) =>
  h.waitForEvent(
    (e) => e.type === 'stream.ended' && (e.payload as { sessionId: string }).sessionId === sessionId,
    20_000,
  );

describe('live ingest, end to end', () => {
  it('takes an RTMP publisher with its key, serves LL-HLS and DASH while live, and ends the session after', {
    timeout: 90_000,
  }, async () => {
    const creator = await register(h.rt);
    const setup = (await get('/api/live/me', creator)).json<LiveSetup>();
    expect(setup.ingest.rtmp).toMatch(/^rtmp:\/\/127\.0\.0\.1:\d+\/live$/);

    const wrong = publish(setup.ingest.rtmpUrl.replace(setup.streamKey, `live_${'x'.repeat(32)}`), 3);
    expect((await wrong.done).code).not.toBe(0);

    const publisher = publish(setup.ingest.rtmpUrl, 12);
    const live = await onAir(creator.handle);
    const sessionId = live.session!.id;
    expect(live.playback).toEqual({
      hls: `/media/live/${sessionId}/ll.m3u8`,
      dash: `/media/live/${sessionId}/manifest.mpd`,
    });

    // Health and audience, every 2 s: to the session, to viewers (`stream:`), to the creator (`user:`), to metrics.
    const ctx = h.rt.contexts.get('live')!;
    const pushed: { stream: StreamUpdate[]; user: UserNotice[] } = { stream: [], user: [] };
    const unsubscribe = await Promise.all([
      ctx.pubsub.subscribe(realtimeChannel(h.config.redisKeyPrefix, `stream:${sessionId}`), (m) => {
        pushed.stream.push(JSON.parse(m) as StreamUpdate);
      }),
      ctx.pubsub.subscribe(realtimeChannel(h.config.redisKeyPrefix, `user:${creator.result.user.id}`), (m) => {
        pushed.user.push(JSON.parse(m) as UserNotice);
      }),
    ]);
    const beat = await h.rt.app.inject({
      method: 'POST',
      url: `/api/live/sessions/${sessionId}/heartbeat`,
      payload: { viewer: '2f0c9a3e-6b1d-4e8f-9c2a-7d5e4f3b1a60' },
    });
    expect(beat.statusCode).toBe(204);
    const healthy = await eventually(async () => {
      const session = (await get(`/api/live/sessions/${sessionId}`)).json<StreamSession>();
      expect(session.viewers).toBe(1);
      expect(session.ingest?.bitrate).toBeGreaterThan(50_000);
      // The interval is known from the second keyframe on: a report may come before it.
      expect(session.ingest?.keyframeInterval).not.toBeNull();
      return session;
    }, 10_000);
    expect(healthy.ingest).toMatchObject({ width: 640, height: 360, keyframeInterval: 1 });
    expect(healthy.ingest?.fps).toBeCloseTo(30, 0);
    expect(healthy.ingest?.videoCodec).toMatch(/^avc1\./);
    expect(healthy.peakViewers).toBe(1);
    await eventually(async () => {
      expect(pushed.stream.at(-1)).toMatchObject({ live: true, viewers: 1, endedAt: null });
      expect(pushed.user.at(-1)).toMatchObject({ kind: 'stream', sessionId, live: true, viewers: 1 });
    }, 5_000);
    expect(await metricValue(h.rt, 'framecast_live_streams')).toBe(1);
    expect(await metricValue(h.rt, 'framecast_live_ingest_bits_per_second')).toBeGreaterThan(50_000);

    // A second publisher on the same key is refused while the first is on air.
    const second = publish(setup.ingest.rtmpUrl, 3);
    expect((await second.done).code).not.toBe(0);

    const multivariant = await eventually(async () => {
      const res = await get(live.playback!.hls);
      expect(res.statusCode).toBe(200);
      return res;
    }, 20_000);
    expect(multivariant.headers['content-type']).toContain('mpegurl');
    const variants = multivariant.body.split('\n').filter((line) => line.endsWith('ll.m3u8'));
    expect(variants).toEqual(['360p/ll.m3u8', '160p/ll.m3u8']);
    expect(multivariant.body).toContain('TYPE=AUDIO');

    const media = `/media/live/${sessionId}/360p/ll.m3u8`;
    const playlist = (await get(media)).body;
    expect(playlist).toContain('#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES');
    expect(playlist).toMatch(/#EXT-X-PART-INF:PART-TARGET=0\.2/);
    expect(playlist).toContain('#EXT-X-PRELOAD-HINT:TYPE=PART');
    const parts = [...playlist.matchAll(/#EXT-X-PART:DURATION=([\d.]+)/g)].map((m) => Number(m[1]));
    expect(parts.length).toBeGreaterThan(0);
    for (const duration of parts) expect(duration).toBeLessThanOrEqual(0.2);

    // Blocking reload: the next segment's first part is held until it exists, then the playlist lists it.
    const sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(playlist)?.[1]);
    const segments = [...playlist.matchAll(/^(\d+)\.m4s$/gm)].map((m) => Number(m[1]));
    const next = (segments.at(-1) ?? sequence) + 2;
    const asked = Date.now();
    const held = await get(`${media}?_HLS_msn=${next}&_HLS_part=0`);
    expect(held.statusCode).toBe(200);
    expect(Date.now() - asked).toBeGreaterThan(100);
    expect(held.body).toContain(`${next}.0.m4s`);
    expect((await get(`${media}?_HLS_msn=${next + 50}`)).statusCode).toBe(400);

    const part = await get(`/media/live/${sessionId}/360p/${next}.0.m4s`);
    expect(part.statusCode).toBe(200);
    expect(part.headers['content-type']).toBe('video/mp4');
    const dash = await get(live.playback!.dash);
    expect(dash.statusCode).toBe(200);
    expect(dash.body).toContain('type="dynamic"');
    // Low-latency DASH: segments may be asked for a part after they start, the clock is read from the time route.
    expect(dash.body).toContain('availabilityTimeOffset="0.8" availabilityTimeComplete="false"');
    expect(dash.body).toContain('<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="/api/live/time"/>');
    expect(dash.body).toMatch(/<ServiceDescription id="0">\s*<Latency target="1600"/);

    // The segment after the one being written, asked for over a real socket before it starts: held until it does,
    // then sent part by part as the packager cuts them, the first part well before the segment is complete.
    // (The preload hint names the next part: of the segment being written, or the first of the next one.)
    const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="(\d+)\.(\d+)\.m4s"/.exec((await get(media)).body)!;
    const upcoming = Number(hint[1]) + (Number(hint[2]) > 0 ? 1 : 0);
    const ahead = await readTimed(`${h.rt.url}/media/live/${sessionId}/360p/${upcoming}.m4s`);
    expect(ahead.status).toBe(200);
    expect(ahead.headers['transfer-encoding']).toBe('chunked');
    expect(ahead.endedAt).not.toBeNull();
    const firstPartAfter = ahead.chunks[0]!.at - ahead.askedAt;
    const completeAfter = ahead.endedAt! - ahead.askedAt;
    // The first part (200 ms of a 1 s segment) comes within the segment's span; the rest follows as it is written.
    expect(firstPartAfter).toBeLessThan(1_500);
    expect(completeAfter - firstPartAfter).toBeGreaterThan(500);
    expect(ahead.chunks.length).toBeGreaterThan(2);
    // The bytes are the segment's, the same as once finished: CMAF chunks, each a moof and its mdat.
    const whole = await get(`/media/live/${sessionId}/360p/${upcoming}.m4s`);
    expect(Buffer.from(ahead.body).equals(whole.rawPayload)).toBe(true);
    expect(new TextDecoder().decode(ahead.body.subarray(4, 8))).toBe('moof');
    // Further ahead than the next segment: not yet, and not held.
    const tooFar = await get(`/media/live/${sessionId}/360p/${upcoming + 50}.m4s`);
    expect(tooFar.statusCode).toBe(404);

    expect((await publisher.done).code).toBe(0);
    const ended = await streamEnded(sessionId);
    expect(ended.payload).toMatchObject({ reason: 'publisher_left' });
    const after = (await get(`/api/channels/${creator.handle}/live`)).json<ChannelLive>();
    expect(after).toMatchObject({ live: false, session: { id: sessionId, endReason: 'publisher_left' } });
    await eventually(async () => {
      expect(pushed.stream.at(-1)).toMatchObject({ live: false, viewers: 0 });
      expect(pushed.stream.at(-1)?.endedAt).not.toBeNull();
    }, 5_000);
    for (const stop of unsubscribe) await stop();
    const final = await get(media);
    expect(final.statusCode).toBe(200);
    expect(final.body).toContain('#EXT-X-ENDLIST');
  });

  it('takes a publisher over RTMPS, and ends the session when it vanishes mid-stream (killed, no unpublish)', {
    timeout: 60_000,
  }, async () => {
    const creator = await register(h.rt);
    const setup = (await get('/api/live/me', creator)).json<LiveSetup>();
    expect(setup.ingest.rtmps).toMatch(/^rtmps:\/\/127\.0\.0\.1:\d+\/live$/);
    expect(setup.ingest.rtmpsUrl).toBe(`${setup.ingest.rtmps}/${setup.streamKey}`);
    const publisher = publish(setup.ingest.rtmpsUrl!, 60);
    const live = await onAir(creator.handle);
    const sessionId = live.session!.id;
    await eventually(async () => expect((await get(live.playback!.hls)).statusCode).toBe(200), 20_000);

    // SIGKILL: the socket closes without FCUnpublish or deleteStream, as when OBS crashes or the network drops.
    process.kill(-publisher.child.pid!, 'SIGKILL');
    const ended = await streamEnded(sessionId);
    expect(ended.payload).toMatchObject({ reason: 'publisher_left' });
    expect((await get(`/api/channels/${creator.handle}/live`)).json<ChannelLive>().live).toBe(false);
    const final = await get(`/media/live/${sessionId}/360p/ll.m3u8`);
    expect(final.statusCode).toBe(200);
    expect(final.body).toContain('#EXT-X-ENDLIST');
  });

  it('starts the transcoder again when it dies mid-stream: the session stays live and the renditions go on in step', {
    timeout: 90_000,
  }, async () => {
    const creator = await register(h.rt);
    const setup = (await get('/api/live/me', creator)).json<LiveSetup>();
    const before = transcoders();
    const publisher = publish(setup.ingest.rtmpUrl, 25);
    const live = await onAir(creator.handle);
    const sessionId = live.session!.id;
    await eventually(async () => expect((await get(live.playback!.hls)).statusCode).toBe(200), 20_000);
    const [transcoder] = await eventually(async () => {
      const started = transcoders().filter((pid) => !before.includes(pid));
      expect(started).toHaveLength(1);
      return started;
    }, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const plain = `/media/live/${sessionId}/360p/index.m3u8`;
    const lastBefore = listed((await get(plain)).body).at(-1)![0];
    const restartsBefore = (await metricValue(h.rt, 'framecast_live_transcoder_restarts_total')) ?? 0;

    // As the kernel's OOM killer would: no warning, no flushed output.
    const killedAt = Date.now();
    process.kill(-transcoder!, 'SIGKILL');
    await eventually(async () => {
      expect(await metricValue(h.rt, 'framecast_live_transcoder_restarts_total')).toBe(restartsBefore + 1);
      expect(transcoders().filter((pid) => !before.includes(pid) && pid !== transcoder)).toHaveLength(1);
    }, 10_000);
    // Viewers carry on: new segments, a few seconds on, in every rendition, at the same times.
    const after = await eventually(async () => {
      const segments = listed((await get(plain)).body).filter(([msn]) => msn > lastBefore + 1);
      expect(segments.length).toBeGreaterThanOrEqual(3);
      return segments;
    }, 20_000);
    expect((await get(`/api/channels/${creator.handle}/live`)).json<ChannelLive>()).toMatchObject({
      live: true,
      session: { id: sessionId },
    });
    const resumed = after.find(([, at]) => at >= killedAt - 500)!;
    expect(resumed).toBeDefined();
    const twin = async (rendition: string) => {
      const segments = listed((await get(`/media/live/${sessionId}/${rendition}/index.m3u8`)).body);
      const found = segments.find(([, at]) => Math.abs(at - resumed[1]) < 100);
      expect(found, `${rendition} has a segment where 360p resumed`).toBeDefined();
      return segmentStart(sessionId, rendition, found![0]);
    };
    const start360 = await segmentStart(sessionId, '360p', resumed[0]);
    expect(Math.abs((await twin('160p')) - start360)).toBeLessThan(0.04);
    expect(Math.abs((await twin('audio')) - start360)).toBeLessThan(0.1);
    // The new segments sit where the publisher's clock says, past the old ones: not back at zero.
    expect(start360).toBeGreaterThan(3);

    expect((await publisher.done).code).toBe(0);
    const ended = await streamEnded(sessionId);
    expect(ended.payload).toMatchObject({ reason: 'publisher_left' });
  });

  it('takes an SRT caller named by its handle and proved by its key, and refuses a wrong key or channel', {
    timeout: 60_000,
  }, async () => {
    const creator = await register(h.rt);
    const setup = (await get('/api/live/me', creator)).json<LiveSetup>();
    const srt = setup.ingest.srt!;
    expect(srt).toMatch(
      new RegExp(`^srt://127\\.0\\.0\\.1:\\d+\\?streamid=${creator.handle}&passphrase=${setup.streamKey}$`),
    );
    const wrongKey = publish(srt.replace(setup.streamKey, `live_${'x'.repeat(32)}`), 3, 'mpegts');
    const wrongChannel = publish(srt.replace(`streamid=${creator.handle}`, 'streamid=nobody_here'), 3, 'mpegts');
    for (const refused of [wrongKey, wrongChannel]) expect((await refused.done).code).not.toBe(0);
    expect((await get(`/api/channels/${creator.handle}/live`)).json<ChannelLive>().live).toBe(false);

    const publisher = publish(srt, 10, 'mpegts');
    const live = await onAir(creator.handle);
    const sessionId = live.session!.id;
    await eventually(async () => expect((await get(live.playback!.hls)).statusCode).toBe(200), 20_000);
    const healthy = await eventually(async () => {
      const session = (await get(`/api/live/sessions/${sessionId}`)).json<StreamSession>();
      expect(session.ingest?.bitrate).toBeGreaterThan(50_000);
      return session;
    }, 10_000);
    expect(healthy.ingest).toMatchObject({ width: 640, height: 360, audioCodec: expect.stringMatching(/^mp4a/) });
    const playlist = (await get(`/media/live/${sessionId}/360p/ll.m3u8`)).body;
    expect(playlist).toContain('#EXT-X-PART:');

    expect((await publisher.done).code).toBe(0);
    const ended = await streamEnded(sessionId);
    expect(ended.payload).toMatchObject({ reason: 'publisher_left' });
  });
});
