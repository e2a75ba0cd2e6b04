import { describe, expect, it } from 'vitest';
import { messageFrame, parseClientFrame } from './frame.codec.js';

describe('client frames', () => {
  it('accepts the frames of the protocol', () => {
    for (const frame of [
      { type: 'auth', token: 'a.b.c' },
      { type: 'auth', token: null },
      { type: 'subscribe', topic: 'video:1f0e7c1a-0000-4000-8000-000000000000' },
      { type: 'subscribe', topic: 'user:x', since: { epoch: 'e', seq: 3 } },
      { type: 'unsubscribe', topic: 'video:x' },
      { type: 'ping' },
    ]) {
      expect(parseClientFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
    }
  });

  it('names what is wrong with anything else', () => {
    expect(parseClientFrame('{not json')).toEqual({ ok: false, problem: 'not JSON' });
    expect(parseClientFrame('[]')).toEqual({ ok: false, problem: 'unknown frame type' });
    expect(parseClientFrame('{"type":"shout"}')).toEqual({ ok: false, problem: 'unknown frame type' });
    expect(parseClientFrame('{"type":"subscribe"}')).toEqual({ ok: false, problem: 'malformed subscribe frame' });
    expect(parseClientFrame('{"type":"ping","extra":1}')).toEqual({ ok: false, problem: 'malformed ping frame' });
    expect(parseClientFrame('{"type":"subscribe","topic":"video:a b"}')).toMatchObject({ ok: false });
    expect(parseClientFrame('{"type":"subscribe","topic":"v:1","since":{"epoch":"e","seq":-1}}')).toMatchObject({
      ok: false,
    });
  });
});

describe('message frames', () => {
  it('wrap serialised data without parsing it again', () => {
    const frame = messageFrame('video:"1"', 7, '{"status":"ready"}');
    expect(JSON.parse(frame.toString())).toEqual({
      type: 'message',
      topic: 'video:"1"',
      seq: 7,
      data: { status: 'ready' },
    });
  });
});
