// A small client of the video API for benchmarks: streaming uploads (multipart and tus) over node:http, so the
// client reads the file from disk and writes it to the socket without holding it in memory, and the playback check
// (HLS master → lowest rendition → its init and first segment).
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const TUS = { 'tus-resumable': '1.0.0' };

/**
 * One HTTP request; `body` is a Buffer, a function `(req) => void` that writes and ends the request itself, or
 * nothing. Resolves with the status, headers and text of the answer (the answer is read whole: they are small).
 */
export function send(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (typeof body === 'function') body(req);
    else req.end(body);
  });
}

/** Fails with the answer when its status is not `expected`. */
function check(res, expected, what) {
  if (res.status !== expected) throw new Error(`${what} answered ${res.status}, expected ${expected}: ${res.body}`);
  return res;
}

/** Streams `[start, end)` of a file into the request, then ends it. */
const fileRange = (path, start, end) => (req) => {
  const stream = createReadStream(path, { start, end: end - 1 });
  stream.on('error', (error) => req.destroy(error));
  stream.pipe(req);
};

/** Registers an account (`session: "token"`) and returns its access token. */
export async function registerCreator(base, { handle, email, password }) {
  const body = Buffer.from(JSON.stringify({ email, handle, password, session: 'token' }));
  const res = check(
    await send(`${base}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': body.length },
      body,
    }),
    201,
    'POST /api/auth/register',
  );
  return JSON.parse(res.body).accessToken;
}

/** The framing around a multipart/form-data file part that follows the given text fields. Pure. */
export function multipartFraming(boundary, fields, file) {
  const fieldParts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const head = Buffer.from(
    `${fieldParts.join('')}--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\n` +
      `content-type: ${file.type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { head, tail, length: head.length + file.size + tail.length };
}

/** `POST /api/videos` with the file streamed as one multipart body. Resolves with the new video's id. */
export async function uploadMultipart(base, token, { path, size, title }) {
  const boundary = `----framecast-bench-${randomBytes(8).toString('hex')}`;
  const { head, tail, length } = multipartFraming(boundary, { title }, { name: 'source.mp4', type: 'video/mp4', size });
  const res = await send(`${base}/api/videos`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': length,
    },
    body: (req) => {
      req.write(head);
      const stream = createReadStream(path);
      stream.on('error', (error) => req.destroy(error));
      stream.on('end', () => req.end(tail));
      stream.pipe(req, { end: false });
    },
  });
  return JSON.parse(check(res, 201, 'POST /api/videos').body).id;
}

/** tus `Upload-Metadata`: comma-separated `key base64(value)` pairs. Pure. */
export function tusMetadata(fields) {
  return Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
    .join(',');
}

/** The `[start, end)` byte ranges of an upload of `size` bytes sent `chunkBytes` at a time. Pure. */
export function chunkRanges(size, chunkBytes) {
  const ranges = [];
  for (let start = 0; start < size; start += chunkBytes) ranges.push([start, Math.min(size, start + chunkBytes)]);
  return ranges;
}

/**
 * A tus upload: `POST /api/uploads`, then one `PATCH` per chunk (`chunkBytes` = the size for a single PATCH).
 * `onCreated(id)` runs once the video exists. Resolves with the video id when the last PATCH has been answered.
 */
export async function uploadTus(base, token, { path, size, title, chunkBytes, onCreated }) {
  const auth = { authorization: `Bearer ${token}` };
  const created = check(
    await send(`${base}/api/uploads`, {
      method: 'POST',
      headers: {
        ...TUS,
        ...auth,
        'upload-length': size,
        'upload-metadata': tusMetadata({ filename: 'source.mp4', filetype: 'video/mp4', title }),
      },
    }),
    201,
    'POST /api/uploads',
  );
  const location = new URL(created.headers.location, `${base}/`).href;
  const id = location.slice(location.lastIndexOf('/') + 1);
  onCreated?.(id);
  for (const [start, end] of chunkRanges(size, chunkBytes)) {
    const res = check(
      await send(location, {
        method: 'PATCH',
        headers: {
          ...TUS,
          ...auth,
          'content-type': 'application/offset+octet-stream',
          'upload-offset': start,
          'content-length': end - start,
        },
        body: fileRange(path, start, end),
      }),
      204,
      `PATCH ${location} at ${start}`,
    );
    if (Number(res.headers['upload-offset']) !== end) {
      throw new Error(`tus took the upload to ${res.headers['upload-offset']}, expected ${end}.`);
    }
  }
  return id;
}

/** The URI of the variant with the lowest BANDWIDTH in an HLS master playlist. Pure. */
export function lowestVariant(master) {
  const lines = master.split('\n').map((l) => l.trim());
  let best = null;
  lines.forEach((line, i) => {
    const bandwidth = /^#EXT-X-STREAM-INF:.*\bBANDWIDTH=(\d+)/.exec(line)?.[1];
    if (bandwidth === undefined) return;
    const uri = lines.slice(i + 1).find((l) => l !== '' && !l.startsWith('#'));
    if (uri && (!best || Number(bandwidth) < best.bandwidth)) best = { bandwidth: Number(bandwidth), uri };
  });
  if (!best) throw new Error(`The master playlist lists no variant:\n${master}`);
  return best.uri;
}

/** The init section (`EXT-X-MAP`) and first media segment of an HLS media playlist. Pure. */
export function firstSegment(playlist) {
  const lines = playlist.split('\n').map((l) => l.trim());
  const init = /^#EXT-X-MAP:.*URI="([^"]+)"/.exec(lines.find((l) => l.startsWith('#EXT-X-MAP:')) ?? '')?.[1] ?? null;
  const segment = lines.find((l) => l !== '' && !l.startsWith('#'));
  if (!segment) throw new Error(`The media playlist lists no segment:\n${playlist}`);
  return { init, segment };
}

async function fetchOk(url, what) {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`${what} ${url} answered ${res.status}: ${bytes.toString('utf8', 0, 300)}`);
  return bytes;
}

/**
 * Plays the start of a ready video as a player would: the HLS master playlist, the lowest rendition's playlist,
 * its init section and first segment, all of which must answer 200. Resolves with the bytes of that segment.
 */
export async function fetchFirstPlayable(base, hls) {
  const masterUrl = new URL(hls, `${base}/`);
  const master = (await fetchOk(masterUrl, 'master playlist')).toString('utf8');
  const playlistUrl = new URL(lowestVariant(master), masterUrl);
  const { init, segment } = firstSegment((await fetchOk(playlistUrl, 'media playlist')).toString('utf8'));
  if (init) await fetchOk(new URL(init, playlistUrl), 'init section');
  return (await fetchOk(new URL(segment, playlistUrl), 'first segment')).length;
}

/**
 * Polls `GET /api/videos/:id` every `intervalMs` until the video is `ready` with playback URLs (or, with
 * `playable`, as soon as it has playback URLs, while still processing); fails when it fails or after `timeoutMs`.
 * Resolves with the video.
 */
export async function waitUntilReady(base, token, id, { intervalMs = 50, timeoutMs = 600_000, playable = false } = {}) {
  const deadline = performance.now() + timeoutMs;
  let last = 'no answer yet';
  while (performance.now() < deadline) {
    const res = await send(`${base}/api/videos/${id}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status === 200) {
      const video = JSON.parse(res.body);
      if ((playable || video.status === 'ready') && video.playback?.hls) return video;
      if (video.status === 'failed') throw new Error(`Video ${id} failed: ${video.failureReason}`);
      last = `${video.status} ${video.progress ?? ''}`;
    } else {
      last = `HTTP ${res.status}`;
    }
    await sleep(intervalMs);
  }
  throw new Error(`Video ${id} was not ready after ${timeoutMs} ms (${last}).`);
}

/** `DELETE /api/videos/:id`: the video and every stored file. */
export async function deleteVideo(base, token, id) {
  check(
    await send(`${base}/api/videos/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }),
    204,
    `DELETE /api/videos/${id}`,
  );
}
