import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Fmp4Reader } from './fmp4.reader.js';
import { LivePackagerError, type PartEvent, startLivePackager } from './live.packager.js';
import type { LiveResponse } from './live.response.js';
import { SegmentCutOffError } from './live.server.js';
import { concat } from './mp4.boxes.js';
import { MemorySink } from './sink.memory.js';
import type { LiveSink } from './sink.queue.js';
import { Channel, settle } from './testing/channel.js';
import { buildStream } from './testing/fmp4.build.js';

const T0 = Date.UTC(2025, 0, 1, 12);
// 30 fps video in 200 ms fragments with a keyframe each second; AAC in 192 ms fragments (9 frames of 1024).
const video = (seconds: number) =>
  buildStream(
    { kind: 'video', timescale: 15360, width: 640, height: 360 },
    { fragments: seconds * 5, perFragment: 6, sampleDuration: 512, gop: 30 },
  );
const audio = (seconds: number) =>
  buildStream(
    { kind: 'audio', timescale: 48000 },
    { fragments: Math.ceil((seconds * 48000) / 9216), perFragment: 9, sampleDuration: 1024, gop: 1 },
  );

function setup(opts: { sink?: LiveSink; maxPendingBytes?: number; config?: object } = {}) {
  const sink = opts.sink ?? new MemorySink();
  const inputs = { '360p': new Channel(), audio: new Channel() };
  let clock = T0;
  const packager = startLivePackager({
    inputs: Object.entries(inputs).map(([name, stream]) => ({ name, stream })),
    sink,
    now: () => clock,
    ...(opts.maxPendingBytes ? { maxPendingBytes: opts.maxPendingBytes } : {}),
    ...(opts.config ? { config: opts.config } : {}),
  });
  const parts: PartEvent[] = [];
  packager.on('part', (e) => parts.push(e));
  return { packager, sink, inputs, parts, tick: (ms: number) => (clock += ms) };
}

const body = (r: LiveResponse) => {
  if (r.status !== 200) throw new Error(`${r.status} ${r.code}: ${r.message}`);
  if (typeof r.body !== 'string' && !(r.body instanceof Uint8Array)) throw new Error('a chunked body');
  return typeof r.body === 'string' ? r.body : new TextDecoder().decode(r.body);
};

/** The chunked body of a segment being written, read as it comes: each chunk when it arrives, and how it ended. */
function readChunks(r: LiveResponse) {
  if (r.status !== 200 || typeof r.body === 'string' || r.body instanceof Uint8Array) {
    throw new Error(`not a chunked answer: ${JSON.stringify(r).slice(0, 200)}`);
  }
  const chunks: Uint8Array[] = [];
  let outcome: 'reading' | 'complete' | Error = 'reading';
  const done = (async () => {
    try {
      for await (const chunk of r.body as AsyncIterable<Uint8Array>) chunks.push(chunk);
      outcome = 'complete';
    } catch (error) {
      outcome = error as Error;
    }
  })();
  return { chunks, outcome: () => outcome, done };
}

describe('LivePackager', () => {
  it('writes init, parts, segments and the final playlists, and records the segments', async () => {
    const { packager, sink, inputs, parts } = setup();
    const v = video(3);
    const a = audio(3);
    inputs['360p'].push(v.init, ...v.fragments);
    inputs.audio.push(a.init, ...a.fragments);
    inputs['360p'].end();
    inputs.audio.end();
    const ended = new Promise((resolve) => packager.on('ended', resolve));
    const recording = await packager.done;
    expect(await ended).toMatchObject({ recording, stats: { '360p': { parts: 15, segments: 3 } } });
    const files = (sink as MemorySink).files;
    expect(files.get('360p/init.mp4')?.bytes).toEqual(v.init);
    expect(files.get('360p/init.mp4')?.contentType).toBe('video/mp4');
    expect(files.get('audio/0.m4s')?.contentType).toBe('audio/mp4');
    // Each segment is its parts, back to back.
    const segment1 = files.get('360p/1.m4s')!.bytes;
    expect(segment1).toEqual(concat([0, 1, 2, 3, 4].map((i) => files.get(`360p/1.${i}.m4s`)!.bytes)));
    for (const key of [
      'll.m3u8',
      'index.m3u8',
      'manifest.mpd',
      '360p/ll.m3u8',
      '360p/index.m3u8',
      'audio/index.m3u8',
    ]) {
      expect(files.has(key), key).toBe(true);
    }
    const plain = new TextDecoder().decode(files.get('360p/index.m3u8')!.bytes);
    expect(plain.match(/^\d+\.m4s$/gm)).toEqual(['0.m4s', '1.m4s', '2.m4s']);
    expect(plain.endsWith('#EXT-X-ENDLIST\n')).toBe(true);
    expect(new TextDecoder().decode(files.get('manifest.mpd')!.bytes)).toContain('type="static"');
    expect(recording.map((r) => [r.name, r.kind, r.initKey, r.segments.length])).toEqual([
      ['360p', 'video', '360p/init.mp4', 3],
      ['audio', 'audio', 'audio/init.mp4', 4],
    ]);
    expect(recording[0]!.segments[1]).toEqual({
      msn: 1,
      key: '360p/1.m4s',
      start: 1,
      duration: 1,
      programDateTime: T0 + 800,
      bytes: segment1.length,
      deleted: false,
    });
    expect(parts.filter((p) => p.rendition === '360p')).toHaveLength(15);
    expect(packager.statistics()['360p']).toMatchObject({ parts: 15, segments: 3 });
  });

  it('writes segments that read back as one fragment after another, renumbered in order', async () => {
    const { packager, sink, inputs } = setup();
    const a = audio(2);
    inputs.audio.push(a.init, ...a.fragments);
    inputs.audio.end();
    const v = video(2);
    inputs['360p'].push(v.init, ...v.fragments);
    inputs['360p'].end();
    const recording = await packager.done;
    const files = (sink as MemorySink).files;
    const reader = new Fmp4Reader();
    const segments = recording[1]!.segments.map((segment) => files.get(segment.key)!.bytes);
    const items = reader.push(concat([files.get('audio/init.mp4')!.bytes, ...segments]));
    reader.end();
    const fragments = items.flatMap((i) => (i.type === 'fragment' ? [i.fragment] : []));
    expect(fragments.map((f) => f.sequence)).toEqual(fragments.map((_, i) => i + 1));
    // The samples are all there, in order, and contiguous.
    let t = 0;
    for (const f of fragments) {
      expect(f.baseDecodeTime).toBe(t);
      t += f.duration;
    }
    expect(t).toBe(a.fragments.length * 9216);
  });

  it('carries on over a restarted input: segments go on, moved to where the new stream starts, init kept', async () => {
    const sink = new MemorySink();
    const [v1, v2, a1, a2] = [video(2), video(2), audio(2), audio(2)];
    async function* input(first: typeof v1, second: typeof v1) {
      yield first.init;
      yield* first.fragments;
      // The transcoder died in the middle of its next fragment.
      yield second.fragments[3]!.subarray(0, 40);
      yield { restart: true as const, mediaTime: 3 };
      yield second.init;
      yield* second.fragments;
    }
    const packager = startLivePackager({
      inputs: [
        { name: '360p', stream: input(v1, v2) },
        { name: 'audio', stream: input(a1, a2) },
      ],
      sink,
      now: () => T0,
    });
    const recording = await packager.done;
    const [videoRecording, audioRecording] = recording;
    expect(videoRecording!.segments.map((s) => [s.msn, s.start, s.duration])).toEqual([
      [0, 0, 1],
      [1, 1, 1],
      [2, 3, 1],
      [3, 4, 1],
    ]);
    expect(audioRecording!.segments[0]!.start).toBe(0);
    expect(audioRecording!.segments.find((s) => s.start >= 3)?.start).toBeCloseTo(3, 6);
    expect(sink.files.get('360p/init.mp4')?.bytes).toEqual(v1.init);
    // The bytes viewers get carry the moved decode times.
    const reader = new Fmp4Reader();
    const [moved] = reader
      .push(concat([v1.init, sink.files.get('360p/2.m4s')!.bytes]))
      .flatMap((i) => (i.type === 'fragment' ? [i.fragment] : []));
    expect(moved!.baseDecodeTime).toBe(3 * 15360);
    expect(moved!.startsWithSync).toBe(true);
    const playlist = new TextDecoder().decode(sink.files.get('360p/index.m3u8')!.bytes);
    expect(playlist.match(/^\d+\.m4s$/gm)).toEqual(['0.m4s', '1.m4s', '2.m4s', '3.m4s']);
  });

  it('fails the stream when a restarted input brings another init segment', async () => {
    const before = video(1);
    const after = buildStream(
      { kind: 'video', timescale: 15360, width: 1280, height: 720 },
      { fragments: 5, perFragment: 6, sampleDuration: 512, gop: 30 },
    );
    async function* input() {
      yield before.init;
      yield* before.fragments;
      yield { restart: true as const, mediaTime: 2 };
      yield after.init;
      yield* after.fragments;
    }
    const packager = startLivePackager({ inputs: [{ name: '360p', stream: input() }], sink: new MemorySink() });
    await expect(packager.done).rejects.toThrow(/another init segment/);
  });

  it('holds a blocking reload until the part lands, and refuses one too far ahead at once', async () => {
    const { packager, inputs, tick } = setup();
    const v = video(2);
    const a = audio(2);
    inputs['360p'].push(v.init, ...v.fragments.slice(0, 6));
    inputs.audio.push(a.init, ...a.fragments.slice(0, 6));
    await settle();
    // 1.2 s of video: segment 0 finished, part 1.0 listed; 1.1 is next.
    const now = body(await packager.playlist('360p', { _HLS_msn: '1', _HLS_part: '0' }));
    expect(now).toContain(
      '#EXT-X-PART:DURATION=0.20000,URI="1.0.m4s",INDEPENDENT=YES\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="1.1.m4s"',
    );
    // Audio: segment 1 started at 1.0027 s, in the sixth fragment; the rest of that fragment is its part 0.
    expect(now).toMatch(/#EXT-X-RENDITION-REPORT:URI="..\/audio\/ll.m3u8",LAST-MSN=1,LAST-PART=0\n$/);
    let answered: LiveResponse | null = null;
    const held = packager.playlist('360p', new URLSearchParams('_HLS_msn=1&_HLS_part=1')).then((r) => {
      answered = r;
      return r;
    });
    const hinted = packager.part('360p', 1, 1);
    await settle();
    expect(answered).toBeNull();
    tick(200);
    inputs['360p'].push(v.fragments[6]!);
    const playlist = body(await held);
    expect(playlist).toContain('URI="1.1.m4s"\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="1.2.m4s"');
    expect((await hinted).status).toBe(200);
    expect(await packager.playlist('360p', { _HLS_msn: '4' })).toMatchObject({ status: 400, code: 'bad_request' });
    expect(await packager.playlist('360p', { _HLS_part: '1' })).toMatchObject({ status: 400 });
    expect(await packager.playlist('360p', { _HLS_msn: '1', _HLS_part: '30' })).toMatchObject({ status: 400 });
    expect(await packager.part('360p', 9, 0)).toMatchObject({ status: 404 });
    expect(await packager.playlist('1080p')).toMatchObject({ status: 404 });
    const controller = new AbortController();
    const gone = packager.playlist('360p', { _HLS_msn: '1', _HLS_part: '3' }, { signal: controller.signal });
    controller.abort();
    expect(await gone).toMatchObject({ status: 503, code: 'aborted' });
    await packager.end();
  });

  it('serves the multivariant playlist and the MPD once every rendition has a segment, and media by path', async () => {
    const { packager, inputs } = setup();
    const v = video(3);
    const a = audio(3);
    const multivariant = packager.multivariant();
    inputs['360p'].push(v.init, ...v.fragments.slice(0, 8));
    await settle();
    inputs.audio.push(a.init, ...a.fragments.slice(0, 8));
    const text = body(await multivariant);
    expect(text).toMatch(
      /#EXT-X-STREAM-INF:BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=640x360,FRAME-RATE=30.000,AUDIO="audio"\n360p\/ll.m3u8/,
    );
    expect(body(await packager.get('index.m3u8'))).toContain('\n360p/index.m3u8\n');
    const mpd = body(await packager.mpd());
    // The clock stood still: 1.6 s of parts landed as the first 200 ms did, 1.4 s sooner than the epoch says, and
    // the MPD's availability goes by when they landed.
    expect(mpd).toContain('type="dynamic" availabilityStartTime="2025-01-01T11:59:58.400Z"');
    expect(body(await packager.playlist('360p'))).toContain('#EXT-X-PROGRAM-DATE-TIME:2025-01-01T11:59:59.800Z');
    expect((await packager.get('360p/init.mp4')).status).toBe(200);
    expect((await packager.get('360p/0.m4s')).status).toBe(200);
    expect((await packager.get('360p/1.0.m4s')).status).toBe(200);
    expect(body(await packager.get('audio/index.m3u8'))).toContain('#EXTINF:');
    expect(await packager.get('nope.txt')).toMatchObject({ status: 404 });
    await packager.end();
  });

  it('closes the open segments when ended early, stops reading and ends playlists with ENDLIST', async () => {
    const { packager, inputs, sink } = setup();
    const v = video(2);
    const a = audio(2);
    inputs['360p'].push(v.init, ...v.fragments.slice(0, 7));
    inputs.audio.push(a.init, ...a.fragments.slice(0, 7));
    await settle();
    const held = packager.playlist('360p', { _HLS_msn: '2' });
    const recording = await packager.end();
    expect(inputs['360p'].returned && inputs.audio.returned).toBe(true);
    expect(recording[0]!.segments.map((s) => s.duration)).toEqual([1, 0.4]);
    expect(body(await held)).toContain('#EXT-X-ENDLIST');
    expect(body(await packager.playlist('360p'))).toContain('1.m4s\n#EXT-X-RENDITION-REPORT');
    expect((sink as MemorySink).files.has('360p/1.m4s')).toBe(true);
  });

  it('ends over Node streams that are still open, destroying them', async () => {
    const streams = [new PassThrough(), new PassThrough()];
    const packager = startLivePackager({
      inputs: [
        { name: 'v', stream: streams[0]! },
        { name: 'a', stream: streams[1]! },
      ],
      sink: new MemorySink(),
    });
    const v = video(2);
    const a = audio(2);
    streams[0]!.write(concat([v.init, ...v.fragments.slice(0, 6)]));
    streams[1]!.write(concat([a.init, ...a.fragments.slice(0, 6)]));
    await settle();
    const recording = await packager.end();
    expect(recording.map((r) => r.segments.length)).toEqual([2, 2]);
    expect(streams.every((s) => s.destroyed)).toBe(true);
  });

  it('fails the stream, not the process, when a rendition sends malformed bytes', async () => {
    const { packager, inputs } = setup();
    const failures: LivePackagerError[] = [];
    packager.on('failed', (e) => failures.push(e));
    const v = video(1);
    inputs['360p'].push(v.init, v.fragments[0]!);
    inputs.audio.push(Uint8Array.of(0, 0, 0, 3, 1, 2, 3, 4));
    await expect(packager.done).rejects.toThrow(/Rendition audio failed: box 0x01020304 declares a size of 3/);
    expect(failures[0]).toBeInstanceOf(LivePackagerError);
    expect(failures[0]?.rendition).toBe('audio');
    expect(inputs['360p'].returned).toBe(true);
    expect(await packager.playlist('audio')).toMatchObject({ status: 503 });
  });

  it('fails the stream when an input errors or the sink fails', async () => {
    const broken = setup();
    broken.inputs['360p'].fail(new Error('EPIPE'));
    await expect(broken.packager.done).rejects.toThrow('Rendition 360p failed: EPIPE');
    const sink: LiveSink = { put: async () => Promise.reject(new Error('disk full')), delete: async () => {} };
    const { packager, inputs } = setup({ sink });
    inputs['360p'].push(video(1).init);
    await expect(packager.done).rejects.toThrow(
      'The live stream failed: the sink failed to put 360p/init.mp4: disk full',
    );
  });

  it('stops reading while the sink is behind, and goes on once it catches up', async () => {
    const releases: (() => void)[] = [];
    const sink: LiveSink = { put: () => new Promise((resolve) => releases.push(resolve)), delete: async () => {} };
    const { packager, inputs } = setup({ sink, maxPendingBytes: 10_000 });
    const v = video(4);
    const a = audio(4);
    inputs['360p'].push(v.init, ...v.fragments);
    inputs.audio.push(a.init, ...a.fragments);
    inputs['360p'].end();
    inputs.audio.end();
    await settle();
    // Each 200 ms fragment is ~700 bytes as a part plus its share of a segment: reading stops past 10 kB in flight.
    const stuck = inputs['360p'].pulled;
    expect(stuck).toBeLessThan(v.fragments.length);
    await settle();
    expect(inputs['360p'].pulled).toBe(stuck);
    let finished = false;
    void packager.done.then(() => {
      finished = true;
    });
    while (!finished) {
      for (const release of releases.splice(0)) release();
      await settle(2);
    }
    const recording = await packager.done;
    expect(recording[0]!.segments).toHaveLength(4);
  });

  it('answers the segment being written at once, part by part as each lands, ending when it closes', async () => {
    const { packager, inputs, sink } = setup();
    const v = video(3);
    inputs['360p'].push(v.init, ...v.fragments.slice(0, 6));
    await settle();
    // 1.2 s in: segment 1 is being written, its first part (1.0) is there.
    const reading = readChunks(await packager.segment('360p', 1));
    await settle();
    expect(reading.chunks).toEqual([(sink as MemorySink).files.get('360p/1.0.m4s')!.bytes]);
    expect(reading.outcome()).toBe('reading');
    inputs['360p'].push(v.fragments[6]!, v.fragments[7]!);
    await settle();
    expect(reading.chunks).toHaveLength(3);
    expect(reading.outcome()).toBe('reading');
    // The keyframe at 2 s closes segment 1: its last parts go out and the body ends.
    inputs['360p'].push(v.fragments[8]!, v.fragments[9]!, v.fragments[10]!);
    await reading.done;
    expect(reading.outcome()).toBe('complete');
    expect(concat(reading.chunks)).toEqual((sink as MemorySink).files.get('360p/1.m4s')!.bytes);
    // Finished, it is whole bytes from memory.
    const whole = await packager.segment('360p', 1);
    expect(whole.status === 200 && whole.body).toEqual((sink as MemorySink).files.get('360p/1.m4s')!.bytes);
    await packager.end();
  });

  it('holds a request for the next segment until it starts, and refuses one further ahead at once', async () => {
    const { packager, inputs, sink } = setup();
    const v = video(3);
    inputs['360p'].push(v.init, ...v.fragments.slice(0, 3));
    await settle();
    // Segment 0 is being written: 1 is next (held), 2 is too far ahead.
    expect(await packager.segment('360p', 2)).toMatchObject({ status: 404, code: 'not_found' });
    expect(await packager.get('360p/7.m4s')).toMatchObject({ status: 404 });
    let answered: LiveResponse | null = null;
    const next = packager.get('360p/1.m4s').then((r) => {
      answered = r;
      return r;
    });
    inputs['360p'].push(...v.fragments.slice(3, 5));
    await settle();
    expect(answered).toBeNull();
    // The keyframe at 1 s starts segment 1 (its first part lands with the fragment that starts it).
    inputs['360p'].push(v.fragments[5]!);
    const reading = readChunks(await next);
    await settle();
    expect(reading.chunks).toEqual([(sink as MemorySink).files.get('360p/1.0.m4s')!.bytes]);
    // A stream that ends closes the segment being written, and its body ends with it.
    await packager.end();
    await reading.done;
    expect(reading.outcome()).toBe('complete');
    expect(concat(reading.chunks)).toEqual((sink as MemorySink).files.get('360p/1.m4s')!.bytes);
    expect(await packager.segment('360p', 2)).toMatchObject({ status: 404 });
  });

  it('cuts a chunked body off when the stream fails, and stops holding when the reader goes away', async () => {
    const { packager, inputs } = setup();
    const v = video(2);
    inputs['360p'].push(v.init, ...v.fragments.slice(0, 6));
    await settle();
    const controller = new AbortController();
    const left = readChunks(await packager.segment('360p', 1, { signal: controller.signal }));
    const failing = readChunks(await packager.segment('360p', 1));
    await settle();
    expect([left.chunks.length, failing.chunks.length]).toEqual([1, 1]);
    controller.abort();
    await left.done;
    // The reader went away: the body just ends, and nothing is held for it.
    expect(left.outcome()).toBe('complete');
    inputs.audio.push(Uint8Array.of(0, 0, 0, 3, 1, 2, 3, 4));
    await failing.done;
    expect(failing.outcome()).toBeInstanceOf(SegmentCutOffError);
    await expect(packager.done).rejects.toThrow(/Rendition audio failed/);
  });

  it('announces the segment being written in the MPD, and makes the MPD once per segment when the clock is read', async () => {
    const sink = new MemorySink();
    const inputs = { '360p': new Channel(), audio: new Channel() };
    let clock = T0;
    const packager = startLivePackager({
      inputs: Object.entries(inputs).map(([name, stream]) => ({ name, stream })),
      sink,
      now: () => clock,
      clockUrl: '/api/live/time',
    });
    const v = video(3);
    const a = audio(3);
    inputs['360p'].push(v.init, ...v.fragments.slice(0, 6));
    inputs.audio.push(a.init, ...a.fragments.slice(0, 7));
    await settle();
    const first = body(await packager.mpd());
    // Video: segment 0 finished, 1 being written and 2 to come, a second each (the first announced a frame longer).
    expect(first).toContain('<S t="0" d="15360"/>\n            <S d="15872"/>\n            <S d="15360"/>');
    expect(first).toContain('<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="/api/live/time"/>');
    clock += 200;
    inputs['360p'].push(v.fragments[6]!);
    await settle();
    // A part more changes nothing the MPD says: the same MPD, made at the same time.
    expect(body(await packager.mpd())).toBe(first);
    clock += 1000;
    inputs['360p'].push(...v.fragments.slice(7, 11));
    inputs.audio.push(...a.fragments.slice(7, 12));
    await settle();
    const later = body(await packager.mpd());
    expect(later).not.toBe(first);
    expect(later).toContain('<S t="0" d="15360" r="1"/>\n            <S d="15872"/>');
    expect(later).toContain(`publishTime="${new Date(clock).toISOString()}"`);
    await packager.end();
  });

  it('keeps recent parts in memory and tells where older segments are stored', async () => {
    const { packager, inputs, sink } = setup();
    const v = video(10);
    inputs['360p'].push(v.init, ...v.fragments);
    await settle();
    // 10 s in: parts are kept for 6 s, so segment 2 (2–3 s) is only in storage; its parts are deleted.
    expect(await packager.segment('360p', 2)).toMatchObject({ status: 404, code: 'in_storage', key: '360p/2.m4s' });
    expect((await packager.segment('360p', 5)).status).toBe(200);
    expect(await packager.part('360p', 2, 0)).toMatchObject({ status: 404, code: 'not_found' });
    expect((sink as MemorySink).deleted).toContain('360p/2.4.m4s');
    expect((sink as MemorySink).files.has('360p/2.m4s')).toBe(true);
    await packager.end();
  });
});
