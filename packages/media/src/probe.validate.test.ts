import { describe, expect, it } from 'vitest';
import { type ProbeResult, type ProbeStream, parseProbeJson, parseRate, sniffContainer } from './probe.js';
import { validateProbe } from './probe.validate.js';

const video = (over: Partial<ProbeStream> = {}): ProbeStream => ({
  index: 0,
  kind: 'video',
  codec: 'h264',
  width: 1920,
  height: 1080,
  frameRate: 30,
  rotation: 0,
  attachedPicture: false,
  ...over,
});
const audio: ProbeStream = { ...video(), index: 1, kind: 'audio', codec: 'aac', width: null, height: null };
const probe = (over: Partial<ProbeResult> = {}): ProbeResult => ({
  readable: true,
  error: null,
  formatName: 'mov,mp4',
  duration: 60,
  size: 1_000_000,
  streams: [video(), audio],
  signature: 'mp4',
  ...over,
});

describe('validateProbe', () => {
  it.each([
    ['an empty file', probe({ size: 0, readable: false }), 'The video is empty.'],
    [
      'text named .mp4',
      probe({ readable: false, signature: null, streams: [] }),
      'This file is not a video we can read.',
    ],
    [
      'an mp4 cut off before its index',
      probe({ readable: false, streams: [] }),
      'The video file is incomplete or damaged; please upload it again.',
    ],
    ['audio only', probe({ streams: [audio] }), 'The video has no picture (audio only).'],
    [
      'audio with cover art',
      probe({ streams: [audio, video({ attachedPicture: true })] }),
      'The video has no picture (audio only).',
    ],
    ['no streams at all', probe({ streams: [] }), 'This file is not a video we can read.'],
    ['zero duration', probe({ duration: 0 }), 'The video is empty.'],
    ['unknown duration', probe({ duration: null }), 'The video is empty.'],
    ['over 6 hours', probe({ duration: 6 * 3600 + 1 }), 'The video is longer than 6 hours.'],
    ['wider than 8K', probe({ streams: [video({ width: 8192, height: 4320 })] }), 'The picture is larger than 8K.'],
    ['taller than 8K', probe({ streams: [video({ width: 4321, height: 7680 })] }), 'The picture is larger than 8K.'],
    [
      'a picture without size',
      probe({ streams: [video({ width: null })] }),
      'The video file is incomplete or damaged; please upload it again.',
    ],
  ])('rejects %s', (_name, input, reason) => {
    expect(validateProbe(input)).toEqual({ ok: false, reason });
  });

  it('accepts 8K exactly and a portrait 8K', () => {
    expect(validateProbe(probe({ streams: [video({ width: 7680, height: 4320 })] })).ok).toBe(true);
    expect(validateProbe(probe({ streams: [video({ width: 4320, height: 7680 })] })).ok).toBe(true);
  });

  it('describes the source as displayed: rotation swaps width and height', () => {
    const result = validateProbe(probe({ streams: [video({ rotation: 90 }), audio] }));
    expect(result).toEqual({
      ok: true,
      source: { width: 1080, height: 1920, duration: 60, frameRate: 30, hasAudio: true, videoCodec: 'h264' },
    });
  });

  it('falls back to 30 fps when the rate is unknown or absurd', () => {
    for (const frameRate of [null, 1000]) {
      const result = validateProbe(probe({ streams: [video({ frameRate })] }));
      expect(result.ok && result.source.frameRate).toBe(30);
    }
  });

  it('honours custom limits', () => {
    expect(
      validateProbe(probe({ duration: 3601 }), { maxDuration: 3600, maxLongSide: 7680, maxShortSide: 4320 }),
    ).toEqual({ ok: false, reason: 'The video is longer than 1 hour.' });
  });
});

describe('parseProbeJson', () => {
  it('reads streams, rates, rotation and cover art', () => {
    const result = parseProbeJson({
      format: { format_name: 'mov,mp4,m4a', duration: '12.5', size: '2048' },
      streams: [
        { index: 0, codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '30000/1001' },
        { index: 1, codec_type: 'audio', codec_name: 'aac', avg_frame_rate: '0/0' },
        {
          index: 2,
          codec_type: 'video',
          codec_name: 'mjpeg',
          width: 600,
          height: 600,
          disposition: { attached_pic: 1 },
        },
        { index: 3, codec_type: 'video', width: 1080, height: 1920, side_data_list: [{ rotation: -90 }] },
      ],
    });
    expect(result.readable).toBe(true);
    expect(result.duration).toBe(12.5);
    expect(result.size).toBe(2048);
    expect(result.streams[0]!.frameRate).toBeCloseTo(29.97, 2);
    expect(result.streams[1]!.frameRate).toBeNull();
    expect(result.streams[2]!.attachedPicture).toBe(true);
    expect(result.streams[3]!.rotation).toBe(270);
  });

  it('is unreadable without a format', () => {
    expect(parseProbeJson({}).readable).toBe(false);
  });

  it.each([
    ['25/1', 25],
    ['0/0', null],
    ['24', 24],
    ['x', null],
    [undefined, null],
  ])('parseRate(%s) = %s', (rate, fps) => {
    expect(parseRate(rate)).toBe(fps);
  });
});

describe('sniffContainer', () => {
  const bytes = (text: string, at = 0) => {
    const b = new Uint8Array(192);
    b.set(new TextEncoder().encode(text), at);
    return b;
  };
  it.each([
    [bytes('ftypisom', 4), 'mp4'],
    [Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3]), 'matroska'],
    [bytes('RIFF\0\0\0\0AVI '), 'avi'],
    [bytes('FLV'), 'flv'],
    [bytes('OggS'), 'ogg'],
    [bytes('Good morning, this is a text file'), null],
    [new Uint8Array(0), null],
  ])('%#', (head, expected) => {
    expect(sniffContainer(head)).toBe(expected);
  });

  it('recognises MPEG-TS by two sync bytes 188 apart', () => {
    const ts = new Uint8Array(192);
    ts[0] = 0x47;
    ts[188] = 0x47;
    expect(sniffContainer(ts)).toBe('mpegts');
  });
});
