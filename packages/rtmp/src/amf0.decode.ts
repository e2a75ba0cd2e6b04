import { AMF0, type Amf0Limits, type AmfObject, type AmfValue, defaultAmf0Limits, defineOwn } from './amf0.types.js';
import { ensure, RtmpError } from './rtmp.error.js';

/**
 * Reads AMF0 values one after the other from a payload, within `limits`. `offset` says where the next value starts,
 * so a caller can keep the raw bytes after a value (the FLV writer keeps `onMetaData` as it was sent).
 */
export class Amf0Reader {
  offset = 0;
  private items = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly limits: Amf0Limits = defaultAmf0Limits,
  ) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  /** The next value; throws `RtmpError` on truncated, unknown or unsupported input. */
  read(): AmfValue {
    return this.value(0);
  }

  private need(n: number): void {
    ensure(this.remaining >= n, 'amf_truncated', `AMF0 value truncated: ${n} bytes needed, ${this.remaining} left.`);
  }

  private u8(): number {
    this.need(1);
    return this.buf[this.offset++]!;
  }

  private u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  private u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  private double(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.offset);
    this.offset += 8;
    return v;
  }

  private utf8(length: number): string {
    this.need(length);
    const s = this.buf.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return s;
  }

  private value(depth: number): AmfValue {
    this.items += 1;
    ensure(
      this.items <= this.limits.maxItems,
      'amf_too_many_items',
      `AMF0 payload has over ${this.limits.maxItems} values.`,
    );
    const marker = this.u8();
    switch (marker) {
      case AMF0.number:
        return this.double();
      case AMF0.boolean:
        return this.u8() !== 0;
      case AMF0.string:
        return this.utf8(this.u16());
      case AMF0.longString:
      case AMF0.xmlDocument:
        return this.utf8(this.u32());
      case AMF0.null:
        return null;
      case AMF0.undefined:
      case AMF0.unsupported:
        return undefined;
      case AMF0.object:
        return this.properties(this.nested(depth), false);
      case AMF0.typedObject:
        this.utf8(this.u16()); // the class name: nothing here depends on it
        return this.properties(this.nested(depth), false);
      case AMF0.ecmaArray:
        this.u32(); // the count is a hint; the end marker is what ends it
        return this.properties(this.nested(depth), true);
      case AMF0.strictArray:
        return this.strictArray(this.nested(depth));
      case AMF0.date: {
        const time = this.double();
        this.need(2);
        this.offset += 2; // time zone: reserved, should be zero
        return new Date(time);
      }
      case AMF0.reference:
        throw new RtmpError('amf_reference', 'AMF0 references are not supported.');
      case AMF0.avmPlusObject:
        throw new RtmpError('amf3_unsupported', 'AMF3 values are not supported: use objectEncoding 0 (AMF0).');
      default:
        throw new RtmpError('amf_unknown_marker', `Unknown or unsupported AMF0 marker 0x${marker.toString(16)}.`);
    }
  }

  private nested(depth: number): number {
    ensure(depth < this.limits.maxDepth, 'amf_too_deep', `AMF0 values nest deeper than ${this.limits.maxDepth}.`);
    return depth + 1;
  }

  /** Name/value pairs up to the empty name and object-end marker; an ECMA array may also just end with the input. */
  private properties(depth: number, mayEndWithInput: boolean): AmfObject {
    const out: AmfObject = {};
    for (;;) {
      if (mayEndWithInput && this.remaining === 0) return out;
      const key = this.utf8(this.u16());
      if (key === '' && this.remaining > 0 && this.buf[this.offset] === AMF0.objectEnd) {
        this.offset += 1;
        return out;
      }
      defineOwn(out, key, this.value(depth));
    }
  }

  private strictArray(depth: number): AmfValue[] {
    const count = this.u32();
    // Every value takes at least its marker byte: a larger count is a lie, refused before any allocation.
    ensure(
      count <= this.remaining,
      'amf_truncated',
      `AMF0 strict array claims ${count} values in ${this.remaining} bytes.`,
    );
    const out: AmfValue[] = [];
    for (let i = 0; i < count; i++) out.push(this.value(depth));
    return out;
  }
}

/** Every AMF0 value in `buf`, in order. */
export function decodeAmf0(buf: Buffer, limits: Amf0Limits = defaultAmf0Limits): AmfValue[] {
  const reader = new Amf0Reader(buf, limits);
  const values: AmfValue[] = [];
  while (reader.remaining > 0) values.push(reader.read());
  return values;
}
