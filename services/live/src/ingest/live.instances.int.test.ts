import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireServer, testUrls } from '@framecast/adapters/testing';
import type { ChannelLive, LiveSetup } from '@framecast/contracts';
import { eventually } from '@framecast/kit/testing';
import { FFMPEG, ProcessGroup, publisherArgs } from '@framecast/rtmp/testing';
import { register } from '@framecast/user/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTimed } from '../testing/chunked.read.js';
import { type LiveHarness, startLiveModule } from '../testing/live.harness.js';

// Two live instances on one PostgreSQL and one storage, as in microservices mode with the live target scaled out:
// a stream on air in one is watched through the other.
let dataDir: string;
let holder: LiveHarness;
let other: LiveHarness;
const processes = new ProcessGroup();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  await requireServer('postgres');
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-live-instances-'));
  const start = async () =>
    startLiveModule({
      DATABASE_URL: testUrls.postgres,
      LIVE_INGEST_HOST: '127.0.0.1',
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
    });
  holder = await start();
  other = await start();
}, 60_000);

afterAll(async () => {
  processes.stopAll();
  await holder?.close();
  await other?.close();
  // The last files of the stream may still be landing as the instances stop.
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe('a stream on air in another live instance', () => {
  it('is served through this one: playlists, held reloads and parts forwarded to the instance holding it', {
    timeout: 60_000,
  }, async () => {
    const creator = await register(holder.rt);
    const setup = (await holder.rt.app.inject({ url: '/api/live/me', headers: creator.auth })).json<LiveSetup>();
    const publisher = processes.run(FFMPEG, publisherArgs(setup.ingest.rtmpUrl, 12), 40_000);
    const via = (url: string) => other.rt.app.inject({ url });
    const live = await eventually(async () => {
      const answer = (await via(`/api/channels/${creator.handle}/live`)).json<ChannelLive>();
      expect(answer.live).toBe(true);
      return answer;
    }, 15_000);
    const multivariant = await eventually(async () => {
      const res = await via(live.playback!.hls);
      expect(res.statusCode).toBe(200);
      return res;
    }, 20_000);
    expect(multivariant.headers['content-type']).toContain('mpegurl');
    expect(multivariant.headers['cache-control']).toBe('no-cache');
    const media = `/media/live/${live.session!.id}/360p/ll.m3u8`;
    const playlist = (await via(media)).body;
    const last = Math.max(...[...playlist.matchAll(/^(\d+)\.m4s$/gm)].map((m) => Number(m[1])));
    // A blocking reload through this instance is held by the other one until the part exists.
    const held = await via(`${media}?_HLS_msn=${last + 2}&_HLS_part=0`);
    expect(held.statusCode).toBe(200);
    expect(held.body).toContain(`${last + 2}.0.m4s`);
    const part = await via(`/media/live/${live.session!.id}/360p/${last + 2}.0.m4s`);
    expect(part.statusCode).toBe(200);
    expect(part.headers['content-type']).toBe('video/mp4');
    expect(part.rawPayload.length).toBeGreaterThan(100);
    expect((await via(`${media}?_HLS_msn=${last + 500}`)).statusCode).toBe(400);
    // A segment being written, asked for through this instance: forwarded, and passed on part by part as the other
    // one sends it, not once it is complete.
    const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="(\d+)\.(\d+)\.m4s"/.exec((await via(media)).body)!;
    const upcoming = Number(hint[1]) + (Number(hint[2]) > 0 ? 1 : 0);
    const segment = `/media/live/${live.session!.id}/360p/${upcoming}.m4s`;
    const forwarded = await readTimed(`${other.rt.url}${segment}`);
    expect(forwarded.status).toBe(200);
    expect(forwarded.headers['transfer-encoding']).toBe('chunked');
    expect(forwarded.headers['content-type']).toBe('video/mp4');
    expect(forwarded.endedAt).not.toBeNull();
    expect(forwarded.endedAt! - forwarded.chunks[0]!.at).toBeGreaterThan(500);
    const whole = await holder.rt.app.inject({ url: segment });
    expect(Buffer.from(forwarded.body).equals(whole.rawPayload)).toBe(true);
    await publisher.done;
  });
});
