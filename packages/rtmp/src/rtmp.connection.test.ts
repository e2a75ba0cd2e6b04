import { describe, expect, it } from 'vitest';
import { encodeAmf0 } from './amf0.encode.js';
import type { AmfObject } from './amf0.types.js';
import { MessageType } from './chunk.types.js';
import type { AudioCodecInfo, VideoCodecInfo } from './codec.info.js';
import type { PublishRequest } from './connection.commands.js';
import { UserControl, userControlMessage, windowAckSizeMessage } from './control.messages.js';
import { flvTag } from './flv.writer.js';
import type { MediaTag } from './media.tag.js';
import { type ConnectionLimits, RtmpConnection } from './rtmp.connection.js';
import { RtmpError } from './rtmp.error.js';
import { PublisherScript } from './testing/publisher.script.js';
import { AAC_SEQUENCE_HEADER, AVC_SEQUENCE_HEADER, aacFrame, avcFrame } from './testing/sample.media.js';

const limits: ConnectionLimits = {
  maxMessageSize: 1 << 20,
  maxChunkStreams: 16,
  maxBufferedBytes: 4 << 20,
  maxDepth: 16,
  maxItems: 1000,
  outChunkSize: 4096,
  windowAckSize: 2_500_000,
};

function setup(connectionLimits = limits, script = new PublisherScript()) {
  const events = {
    publish: [] as PublishRequest[],
    codecs: [] as (VideoCodecInfo | AudioCodecInfo)[],
    metadata: [] as AmfObject[],
    media: [] as MediaTag[],
    unpublished: 0,
    ended: [] as string[],
  };
  let onCodec: ((info: VideoCodecInfo | AudioCodecInfo) => void) | undefined;
  const conn = new RtmpConnection(connectionLimits, {
    send: (bytes) => {
      const c2 = script.receive(bytes);
      if (c2) conn.receive(c2);
    },
    publish: (r) => events.publish.push(r),
    codec: (info) => {
      events.codecs.push(info);
      onCodec?.(info);
    },
    metadata: (m) => events.metadata.push(m),
    media: (t) => events.media.push(t),
    unpublished: () => {
      events.unpublished += 1;
    },
    end: (reason) => events.ended.push(reason),
  });
  conn.receive(script.start('digest'));
  return { conn, script, events, onCodec: (fn: typeof onCodec) => (onCodec = fn) };
}

/** Handshake, connect, createStream, publish, accepted. */
function live() {
  const s = setup();
  s.conn.receive(Buffer.concat([s.script.connect('live', 'abc'), s.script.publish('abc')]));
  s.conn.accept();
  return s;
}

describe('connection and publish', () => {
  it('answers connect with window, bandwidth, chunk size and Connect.Success, then createStream with stream 1', () => {
    const { conn, script } = setup();
    conn.receive(script.connect());
    expect(script.received.slice(0, 4).map((m) => m.typeId)).toEqual([5, 6, 1, 4]);
    const result = script.commands.find((c) => c.name === '_result' && c.transactionId === 1);
    expect((result?.values[1] as AmfObject | undefined)?.code).toBe('NetConnection.Connect.Success');
    const created = script.commands.find((c) => c.name === '_result' && c.transactionId === 4);
    expect(created?.values[1]).toBe(1);
    expect(script.commands.some((c) => c.name === 'onFCPublish')).toBe(true);
  });

  it('asks for a decision at publish and holds media until it comes', () => {
    const { conn, script, events } = setup();
    conn.receive(Buffer.concat([script.connect('live?x=1', 'abc'), script.publish('abc')]));
    expect(events.publish).toEqual([
      {
        app: 'live',
        key: 'abc',
        publishType: 'live',
        streamId: 1,
        tcUrl: 'rtmp://localhost/live?x=1',
        flashVer: 'FMLE/3.0 (compatible; test)',
      },
    ]);
    conn.receive(script.media(9, 0, AVC_SEQUENCE_HEADER));
    expect(events.codecs).toHaveLength(0);
    conn.accept();
    expect(script.statusCodes()).toEqual(['NetStream.Publish.Start']);
    // Stream Begin for stream 1 came first.
    const begin = script.received.find((m) => m.typeId === 4 && m.payload.readUInt32BE(2) === 1);
    expect(begin).toBeDefined();
    expect(events.codecs).toMatchObject([{ codec: 'h264', width: 640, height: 360 }]);
    expect(events.media).toHaveLength(1);
  });

  it('refuses with NetStream.Publish.BadName and ends', () => {
    const { conn, script, events } = setup();
    conn.receive(Buffer.concat([script.connect(), script.publish('nope')]));
    conn.refuse('Unknown stream key.');
    expect(script.statusCodes()).toEqual(['NetStream.Publish.BadName']);
    expect(events.ended).toEqual(['publish refused: Unknown stream key.']);
    conn.receive(script.media(9, 0, AVC_SEQUENCE_HEADER));
    expect(events.media).toHaveLength(0);
  });

  it('refuses a publish without a key, or on a stream never created', () => {
    const a = setup();
    a.conn.receive(Buffer.concat([a.script.connect(), a.script.publish('')]));
    expect(a.events.ended).toEqual(['publish refused: A stream key is required.']);
    const b = setup();
    b.conn.receive(Buffer.concat([b.script.connect(), b.script.publish('k', 7)]));
    expect(b.events.ended[0]).toMatch(/not created/);
    expect(b.events.publish).toHaveLength(0);
  });

  it('reports metadata, codecs once each, and media in order', () => {
    const { conn, script, events } = live();
    conn.receive(
      Buffer.concat([
        script.setChunkSize(4096),
        script.metadata({ width: 640, height: 360, framerate: 30, encoder: 'test' }),
        script.media(9, 0, AVC_SEQUENCE_HEADER),
        script.media(8, 0, AAC_SEQUENCE_HEADER),
        script.media(9, 0, avcFrame(true, 5000)),
        script.media(8, 23, aacFrame()),
        script.media(9, 33, avcFrame(false)),
        script.media(9, 66, AVC_SEQUENCE_HEADER), // the same configuration again: no new codec event
      ]),
    );
    expect(events.metadata).toEqual([{ width: 640, height: 360, framerate: 30, encoder: 'test' }]);
    expect(events.codecs.map((c) => c.codec)).toEqual(['h264', 'aac']);
    expect(events.media.map((t) => [t.kind, t.timestamp])).toEqual([
      ['data', 0],
      ['video', 0],
      ['audio', 0],
      ['video', 0],
      ['audio', 23],
      ['video', 33],
      ['video', 66],
    ]);
    const data = events.media[0]!;
    expect(data.kind === 'data' && data.name).toBe('onMetaData');
    // @setDataFrame is gone from the script tag body.
    expect(data.body.subarray(0, 13).toString('latin1')).toContain('onMetaData');
  });

  it('ends a publish on FCUnpublish with NetStream.Unpublish.Success', () => {
    const { conn, script, events } = live();
    conn.receive(script.command('FCUnpublish', null, 'abc'));
    expect(events.unpublished).toBe(1);
    expect(script.statusCodes()).toEqual(['NetStream.Publish.Start', 'NetStream.Unpublish.Success']);
    conn.receive(script.command('deleteStream', null, 1));
    expect(events.unpublished).toBe(1);
    conn.receive(script.media(9, 0, AVC_SEQUENCE_HEADER));
    expect(events.media).toHaveLength(0);
  });

  it('rejects a live publish from our side: NetStream.Publish.Rejected, then nothing more is taken', () => {
    const { conn, script, events } = live();
    conn.reject('Stream key rotated.');
    expect(script.statusCodes()).toEqual(['NetStream.Publish.Start', 'NetStream.Publish.Rejected']);
    expect(events.ended).toEqual(['Stream key rotated.']);
    conn.receive(script.media(9, 0, AVC_SEQUENCE_HEADER));
    expect(events.media).toHaveLength(0);
  });

  it('lets a codec listener refuse before the sequence header is delivered', () => {
    const s = live();
    s.onCodec(() => s.conn.reject('HEVC is not accepted here.'));
    s.conn.receive(Buffer.concat([s.script.media(9, 0, AVC_SEQUENCE_HEADER), s.script.media(9, 0, avcFrame(true))]));
    expect(s.events.codecs).toHaveLength(1);
    expect(s.events.media).toHaveLength(0);
  });
});

describe('control and other commands', () => {
  it('answers a ping request', () => {
    const { conn, script } = live();
    conn.receive(script.writer.write(userControlMessage(UserControl.pingRequest, 777)));
    const pong = script.received.at(-1)!;
    expect(pong.typeId).toBe(4);
    expect(pong.payload.readUInt16BE(0)).toBe(UserControl.pingResponse);
    expect(pong.payload.readUInt32BE(2)).toBe(777);
  });

  it('acknowledges every window the peer announced', () => {
    const { conn, script } = live();
    conn.receive(script.writer.write(windowAckSizeMessage(10_000)));
    conn.receive(script.setChunkSize(4096));
    for (let i = 0; i < 5; i++) conn.receive(script.media(9, i * 33, avcFrame(i === 0, 3000)));
    const acks = script.received.filter((m) => m.typeId === MessageType.acknowledgement);
    expect(acks.length).toBeGreaterThanOrEqual(1);
    expect(acks[0]!.payload.readUInt32BE(0)).toBeGreaterThanOrEqual(10_000);
  });

  it('answers unknown calls with _error and stays open; ignores unknown notifications', () => {
    const { conn, script, events } = live();
    conn.receive(Buffer.concat([script.command('_checkbw', null), script.commandOn(0, 'whatever', null)]));
    expect(script.commands.filter((c) => c.name === '_error')).toHaveLength(2);
    expect(events.ended).toHaveLength(0);
    expect(conn.ended).toBe(false);
  });

  it('answers getStreamLength, and refuses play', () => {
    const { conn, script, events } = setup();
    conn.receive(Buffer.concat([script.connect(), script.command('getStreamLength', null, 'x')]));
    expect(script.commands.at(-1)).toMatchObject({ name: '_result', values: [null, 0] });
    conn.receive(script.commandOn(1, 'play', null, 'x'));
    expect(script.statusCodes()).toEqual(['NetStream.Play.Failed']);
    expect(events.ended).toEqual(['play refused']);
  });

  it('takes AMF3 command messages (a format byte, then AMF0)', () => {
    const { conn, script } = setup();
    const payload = Buffer.concat([Buffer.from([0]), encodeAmf0('connect', 1, { app: 'live' })]);
    conn.receive(script.writer.write({ csid: 3, typeId: 17, streamId: 0, timestamp: 0, payload }));
    expect(script.commands.at(-1)?.name).toBe('_result');
  });

  it('throws our error on a command that is not AMF0', () => {
    const { conn, script } = setup();
    const payload = Buffer.from([0x11, 0x02]);
    expect(() =>
      conn.receive(script.writer.write({ csid: 3, typeId: 20, streamId: 0, timestamp: 0, payload })),
    ).toThrow(RtmpError);
  });
});

describe('media forms', () => {
  it('splits aggregate messages into tags rebased on the aggregate timestamp', () => {
    const { conn, script, events } = live();
    const payload = Buffer.concat([
      flvTag({ type: 9, timestamp: 100, body: AVC_SEQUENCE_HEADER }),
      flvTag({ type: 8, timestamp: 100, body: AAC_SEQUENCE_HEADER }),
      flvTag({ type: 9, timestamp: 133, body: avcFrame(true) }),
    ]);
    conn.receive(script.writer.write({ csid: 6, typeId: 22, streamId: 1, timestamp: 5000, payload }));
    expect(events.media.map((t) => [t.kind, t.timestamp])).toEqual([
      ['video', 5000],
      ['audio', 5000],
      ['video', 5033],
    ]);
    expect(events.codecs).toHaveLength(2);
  });

  it('keeps timestamps across 0xFFFFFF and 2^32, whatever header forms carry them', () => {
    const { conn, script, events } = live();
    conn.receive(script.setChunkSize(128));
    const stamps = [0xfffe00, 0xffff00, 0xffffff, 0x1000000, 0x1000021, 0xffffffe0, 0x5];
    for (const ts of stamps) conn.receive(script.media(9, ts, avcFrame(false, 400)));
    expect(events.media.map((t) => t.timestamp)).toEqual(stamps);
    expect(conn.chunkCounters.extendedTimestampHeaders).toBeGreaterThan(0);
  });

  it('takes an OBS-like publisher: one chunk stream, a step back, continuations without the extended field', () => {
    const s = setup(limits, new PublisherScript({ librtmp: true }));
    s.conn.receive(Buffer.concat([s.script.connect('live', 'abc'), s.script.publish('abc')]));
    s.conn.accept();
    s.conn.receive(s.script.setChunkSize(256));
    const sent: [8 | 9, number, Buffer][] = [
      [9, 0, AVC_SEQUENCE_HEADER],
      [8, 0, AAC_SEQUENCE_HEADER],
      [8, 1023, aacFrame(300)],
      [9, 1000, avcFrame(true, 3000)], // 23 ms behind the audio: a delta of 2^32 - 23
      [8, 1046, aacFrame(300)],
      [9, 1033, avcFrame(false, 1500)],
    ];
    for (const [type, ts, body] of sent) s.conn.receive(s.script.media(type, ts, body));
    expect(s.events.media.map((t) => t.timestamp)).toEqual(sent.map(([, ts]) => ts));
    expect(s.events.media.every((t, i) => t.body.equals(sent[i]![2]))).toBe(true);
    expect(s.conn.chunkCounters.extendedTimestampOmitted).toBeGreaterThan(0);
  });

  it('drops media sent on another message stream', () => {
    const { conn, script, events } = live();
    conn.receive(script.media(9, 0, AVC_SEQUENCE_HEADER, 2));
    expect(events.media).toHaveLength(0);
    expect(conn.droppedMessages).toBe(1);
  });
});
