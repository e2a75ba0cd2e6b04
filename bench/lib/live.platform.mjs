// Our platform for the live capacity benchmark: the all-in-one process on the embedded database, one account and
// channel per publisher (as `live.bench.mjs` makes its one), each stream's transcoder speed as the creator's studio
// hears it (the `user:<id>` real-time topic).
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { benchEnv, requestJson, startFramecast } from './framecast.mjs';
import { parseMultivariant } from './live.hls.mjs';
import { freePort } from './processes.mjs';

/** Waits for `url` to answer 200 and returns its body (a stream's playlists appear once its first segments exist). */
export async function waitForText(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
    if (res?.ok) return res.text();
    await res?.arrayBuffer();
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** `framecast start --target all` on the embedded database, RTMP on a free port, under `dir`, with `extra` env. */
export async function startLivePlatform(scope, dir, extra = {}) {
  const [port, rtmpPort] = [await freePort(), await freePort()];
  const env = benchEnv({
    dataDir: join(dir, `framecast-${port}`),
    port,
    extra: { RTMP_PORT: String(rtmpPort), PUBLIC_URL: `http://127.0.0.1:${port}`, ...extra },
  });
  delete env.DATABASE_URL;
  const app = await startFramecast(scope, { name: 'framecast', targets: 'all', env });
  return {
    app,
    /** A new account and its channel: its stream key, ingest URL and the token its studio uses. */
    async addChannel(handle) {
      const auth = await requestJson(`${app.url}/api/auth/register`, {
        method: 'POST',
        body: { email: `${handle}@example.com`, handle, password: 'correct horse battery staple', session: 'token' },
        expected: 201,
      });
      const res = await fetch(`${app.url}/api/live/me`, { headers: { authorization: `Bearer ${auth.accessToken}` } });
      if (!res.ok) throw new Error(`GET /api/live/me answered ${res.status}: ${await res.text()}`);
      const setup = await res.json();
      return {
        handle,
        userId: auth.user.id,
        token: auth.accessToken,
        ingestUrl: `rtmp://127.0.0.1:${rtmpPort}/live/${setup.streamKey}`,
      };
    },
    /**
     * Waits until the channel is on air and its multivariant playlist answers: the session id and its variants
     * (absolute LL-HLS playlist URLs, highest first).
     */
    async waitLive(handle, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const live = await requestJson(`${app.url}/api/channels/${handle}/live`);
        if (live.live && live.playback) {
          const url = `${app.url}${live.playback.hls}`;
          const text = await waitForText(url, Math.max(1000, deadline - Date.now()));
          const variants = parseMultivariant(text, url).sort((a, b) => b.height - a.height);
          return { sessionId: live.session.id, multivariant: url, variants };
        }
        if (Date.now() > deadline) throw new Error(`${handle} did not go live within ${timeoutMs} ms`);
        await sleep(200);
      }
    },
  };
}

/**
 * Follows a channel's stream health over the real-time socket, as its studio does: `samples` gets
 * `[wall-clock ms, transcodeSpeed, droppedFrames]` for each notice of a stream on air (every 2 s). The scope closes it.
 */
export async function followHealth(scope, appUrl, { token, userId }) {
  const socket = new WebSocket(`${appUrl.replace(/^http/, 'ws')}/api/realtime`);
  const samples = [];
  const subscribed = new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw));
      if (frame.type === 'hello') socket.send(JSON.stringify({ type: 'auth', token }));
      else if (frame.type === 'authenticated')
        socket.send(JSON.stringify({ type: 'subscribe', topic: `user:${userId}` }));
      else if (frame.type === 'subscribed') resolve();
      else if (frame.type === 'error') reject(new Error(`real-time: ${frame.code} ${frame.message}`));
      else if (frame.type === 'message' && frame.data?.kind === 'stream' && frame.data.live) {
        samples.push([Date.now(), frame.data.transcodeSpeed, frame.data.ingest?.droppedFrames ?? null]);
      }
    });
  });
  scope.defer(`close the real-time socket of ${userId}`, () => socket.terminate());
  await subscribed;
  return { samples };
}
