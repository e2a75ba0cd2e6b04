import { describe, expect, it } from 'vitest';
import { Amf0Reader, decodeAmf0 } from './amf0.decode.js';
import { encodeAmf0 } from './amf0.encode.js';
import { EcmaArray, ownValue } from './amf0.types.js';
import { RtmpError } from './rtmp.error.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof RtmpError) return err.code;
    throw err;
  }
  return undefined;
}

describe('AMF0 decoding of hand-built bytes', () => {
  it('reads numbers, booleans, strings, null and undefined', () => {
    const bytes = hex('00 3ff0000000000000  01 01  01 00  02 0003 616263  05  06');
    expect(decodeAmf0(bytes)).toEqual([1, true, false, 'abc', null, undefined]);
  });

  it('reads a long string and an XML document as strings', () => {
    expect(decodeAmf0(hex('0c 00000002 6869  0f 00000001 78'))).toEqual(['hi', 'x']);
  });

  it('reads an object up to its end marker, and a typed object without its class name', () => {
    const object = hex('03 0001 61 00 4000000000000000  0001 62 02 0001 7a  000009');
    expect(decodeAmf0(object)).toEqual([{ a: 2, b: 'z' }]);
    const typed = hex('10 0003 466f6f 0001 61 05 000009');
    expect(decodeAmf0(typed)).toEqual([{ a: null }]);
  });

  it('reads an ECMA array whatever its count says, with or without its end marker', () => {
    // Count says 5, holds one property: the end marker ends it.
    expect(decodeAmf0(hex('08 00000005 0005 7769647468 00 4084000000000000 000009'))).toEqual([{ width: 640 }]);
    // Some writers stop at the end of the payload.
    expect(decodeAmf0(hex('08 00000001 0001 78 01 01'))).toEqual([{ x: true }]);
  });

  it('reads a strict array, nested values included', () => {
    const bytes = hex('0a 00000003  02 0004 61766331  02 0004 68766331  0a 00000001 05');
    expect(decodeAmf0(bytes)).toEqual([['avc1', 'hvc1', [null]]]);
  });

  it('reads a date and ignores its time-zone field', () => {
    const bytes = hex('0b 4271f71fb0450000 ffc4');
    const [date] = decodeAmf0(bytes);
    expect(date).toBeInstanceOf(Date);
    expect((date as Date).getTime()).toBe(1_234_567_890_000);
  });

  it('keeps a __proto__ key as an own property, never as a prototype', () => {
    const [object] = decodeAmf0(hex('03 0009 5f5f70726f746f5f5f 03 0001 78 01 01 000009 000009'));
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(ownValue(object, '__proto__')).toEqual({ x: true });
    expect(ownValue(object, 'constructor')).toBeUndefined();
  });

  it('tells where the next value starts', () => {
    const reader = new Amf0Reader(hex('02 0002 6869 05'));
    expect(reader.read()).toBe('hi');
    expect(reader.offset).toBe(5);
  });
});

describe('AMF0 refusals', () => {
  it('refuses references, AMF3 and reserved markers with our error', () => {
    expect(codeOf(() => decodeAmf0(hex('07 0000')))).toBe('amf_reference');
    expect(codeOf(() => decodeAmf0(hex('11 02')))).toBe('amf3_unsupported');
    expect(codeOf(() => decodeAmf0(hex('04')))).toBe('amf_unknown_marker');
    expect(codeOf(() => decodeAmf0(hex('0e')))).toBe('amf_unknown_marker');
    expect(codeOf(() => decodeAmf0(hex('99')))).toBe('amf_unknown_marker');
  });

  it('refuses truncated values', () => {
    expect(codeOf(() => decodeAmf0(hex('00 3ff0')))).toBe('amf_truncated');
    expect(codeOf(() => decodeAmf0(hex('02 0010 61')))).toBe('amf_truncated');
    expect(codeOf(() => decodeAmf0(hex('03 0001 61')))).toBe('amf_truncated');
    expect(codeOf(() => decodeAmf0(hex('0b 4271f71fb0450000 ff')))).toBe('amf_truncated');
  });

  it('refuses a strict array whose count cannot fit in what is left, before allocating', () => {
    expect(codeOf(() => decodeAmf0(hex('0a ffffffff 05')))).toBe('amf_truncated');
  });

  it('bounds nesting depth and item count', () => {
    // 20 strict arrays of one element nested in each other.
    const deep = Buffer.concat([...Array.from({ length: 20 }, () => hex('0a 00000001')), hex('05')]);
    expect(codeOf(() => decodeAmf0(deep, { maxDepth: 8, maxItems: 1000 }))).toBe('amf_too_deep');
    const many = Buffer.alloc(200, 0x05); // 200 nulls
    expect(codeOf(() => decodeAmf0(many, { maxDepth: 8, maxItems: 100 }))).toBe('amf_too_many_items');
  });
});

describe('AMF0 encoding', () => {
  it('round-trips commands as a server sends them', () => {
    const values = [
      '_result',
      1,
      { fmsVer: 'FMS/3,0,1,123', capabilities: 31 },
      { level: 'status', code: 'NetConnection.Connect.Success', objectEncoding: 0, nested: [1, 'two', null] },
    ];
    expect(decodeAmf0(encodeAmf0(...values))).toEqual(values);
  });

  it('writes the exact bytes of a string, a boolean, null and undefined', () => {
    expect(encodeAmf0('ab', true, null, undefined).toString('hex')).toBe('0200026162010105' + '06');
  });

  it('writes long strings past 65535 bytes and ECMA arrays when asked', () => {
    const long = 'x'.repeat(70_000);
    const bytes = encodeAmf0(long);
    expect(bytes[0]).toBe(0x0c);
    expect(decodeAmf0(bytes)).toEqual([long]);
    const ecma = encodeAmf0(new EcmaArray({ duration: 0 }));
    expect(ecma.subarray(0, 5).toString('hex')).toBe('0800000001');
    expect(decodeAmf0(ecma)).toEqual([{ duration: 0 }]);
  });

  it('writes dates', () => {
    const date = new Date(1_700_000_000_000);
    expect(decodeAmf0(encodeAmf0(date))).toEqual([date]);
  });
});
