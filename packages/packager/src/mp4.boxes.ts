/** ISO BMFF boxes: reading their headers and fields, and writing new ones. Pure, no I/O. */

/** A box found in a byte range: where it starts, its header size and its total size. */
export interface BoxHeader {
  type: string;
  /** Offset of the box's first byte in the bytes it was read from. */
  start: number;
  /** 8, or 16 with a 64-bit size. */
  headerSize: number;
  size: number;
}

/** Malformed or unsupported MP4 input: what is wrong, and where. */
export class Mp4FormatError extends Error {
  override name = 'Mp4FormatError';
}

/** `moov` → `moov`; bytes that are not printable ASCII are shown as hex, so error messages stay readable. */
export function fourcc(bytes: Uint8Array, at: number): string {
  let text = '';
  for (let i = at; i < at + 4; i++) {
    const c = bytes[i] ?? 0;
    if (c < 0x20 || c > 0x7e) return `0x${Buffer.from(bytes.subarray(at, at + 4)).toString('hex')}`;
    text += String.fromCharCode(c);
  }
  return text;
}

/**
 * The header of the box at `at`, or null when fewer bytes than its header are available. Throws on sizes no box can
 * have (smaller than its header) and on size 0 ("to the end of the file"), which a live stream cannot use.
 */
export function readBoxHeader(bytes: Uint8Array, at: number, end = bytes.length): BoxHeader | null {
  if (end - at < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size32 = view.getUint32(at);
  const type = fourcc(bytes, at + 4);
  if (size32 === 1) {
    if (end - at < 16) return null;
    const size = Number(view.getBigUint64(at + 8));
    if (size < 16 || !Number.isSafeInteger(size)) throw new Mp4FormatError(`box ${type} declares a size of ${size}`);
    return { type, start: at, headerSize: 16, size };
  }
  if (size32 === 0) throw new Mp4FormatError(`box ${type} runs to the end of the stream (size 0): not supported`);
  if (size32 < 8) throw new Mp4FormatError(`box ${type} declares a size of ${size32}`);
  return { type, start: at, headerSize: 8, size: size32 };
}

/** The boxes that exactly tile `bytes[start, end)`; throws if one runs past `end`. */
export function childBoxes(bytes: Uint8Array, start: number, end: number): BoxHeader[] {
  const boxes: BoxHeader[] = [];
  let at = start;
  while (at < end) {
    const box = readBoxHeader(bytes, at, end);
    if (!box || at + box.size > end) {
      throw new Mp4FormatError(`box ${box?.type ?? fourcc(bytes, at)} at ${at} runs past the end of its parent`);
    }
    boxes.push(box);
    at += box.size;
  }
  return boxes;
}

/** The first child of `type`, or undefined. */
export function findChild(bytes: Uint8Array, parent: BoxHeader, type: string, skip = 0): BoxHeader | undefined {
  return childBoxes(bytes, parent.start + parent.headerSize + skip, parent.start + parent.size).find(
    (b) => b.type === type,
  );
}

/** The first child of `type`; throws naming the path when it is missing. */
export function requireChild(bytes: Uint8Array, parent: BoxHeader, type: string, skip = 0): BoxHeader {
  const box = findChild(bytes, parent, type, skip);
  if (!box) throw new Mp4FormatError(`${parent.type} has no ${type} box`);
  return box;
}

/** A bounds-checked reader over one box's payload: reading past its end throws instead of returning garbage. */
export class Fields {
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
    private readonly end: number,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Reads the box's payload after its header. */
  static of(bytes: Uint8Array, box: BoxHeader): Fields {
    return new Fields(bytes, box.start + box.headerSize, box.start + box.size, box.type);
  }

  remaining(): number {
    return this.end - this.at;
  }

  private take(n: number): number {
    if (this.at + n > this.end) throw new Mp4FormatError(`box ${this.what} is too short`);
    const at = this.at;
    this.at += n;
    return at;
  }

  skip(n: number): this {
    this.take(n);
    return this;
  }
  u8(): number {
    return this.view.getUint8(this.take(1));
  }
  u16(): number {
    return this.view.getUint16(this.take(2));
  }
  u24(): number {
    const at = this.take(3);
    return (this.view.getUint8(at) << 16) | this.view.getUint16(at + 1);
  }
  u32(): number {
    return this.view.getUint32(this.take(4));
  }
  i32(): number {
    return this.view.getInt32(this.take(4));
  }
  u64(): number {
    const value = this.view.getBigUint64(this.take(8));
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Mp4FormatError(`box ${this.what} holds a value too large`);
    return Number(value);
  }
  bytesOf(n: number): Uint8Array {
    const at = this.take(n);
    return this.bytes.subarray(at, at + n);
  }
  /** Version and flags of a full box. */
  full(): { version: number; flags: number } {
    const word = this.u32();
    return { version: word >>> 24, flags: word & 0xffffff };
  }
}

/** Builds a box: 32-bit size, type, payload. */
export function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const size = 8 + payload.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, size);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  let at = 8;
  for (const p of payload) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Builds a full box (version and flags before the payload). */
export function fullBox(type: string, version: number, flags: number, ...payload: Uint8Array[]): Uint8Array {
  return box(type, u32((version << 24) | flags), ...payload);
}

/** An 8-bit field (the writers below build box payloads, big-endian). */
export function u8(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff);
}
/** Big-endian 16-bit field. */
export function u16(value: number): Uint8Array {
  const out = new Uint8Array(2);
  new DataView(out.buffer).setUint16(0, value);
  return out;
}
/** Big-endian 32-bit field. */
export function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0);
  return out;
}
/** Big-endian signed 32-bit field. */
export function i32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value);
  return out;
}
/** Big-endian 64-bit field. */
export function u64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

/** Concatenates byte arrays into one. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
