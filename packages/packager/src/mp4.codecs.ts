import { type BoxHeader, Fields, Mp4FormatError } from './mp4.boxes.js';

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** `avc1.64001f`: profile, constraint flags and level from `avcC`. */
function avc(type: string, bytes: Uint8Array, avcC: BoxHeader): string {
  const f = Fields.of(bytes, avcC);
  f.u8(); // configuration version
  return `${type}.${hex2(f.u8())}${hex2(f.u8())}${hex2(f.u8())}`;
}

function reverseBits32(n: number): number {
  let out = 0;
  for (let i = 0; i < 32; i++) out = (out << 1) | ((n >>> i) & 1);
  return out >>> 0;
}

/** `hvc1.1.6.L93.B0` (ISO/IEC 14496-15 annex E) from `hvcC`. */
function hevc(type: string, bytes: Uint8Array, hvcC: BoxHeader): string {
  const f = Fields.of(bytes, hvcC);
  f.u8();
  const b = f.u8();
  const space = ['', 'A', 'B', 'C'][b >> 6] ?? '';
  const tier = b & 0x20 ? 'H' : 'L';
  const profile = b & 0x1f;
  const compat = reverseBits32(f.u32()).toString(16);
  const constraints = Array.from(f.bytesOf(6));
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const level = f.u8();
  const tail = constraints.map((c) => c.toString(16).toUpperCase()).join('.');
  return `${type}.${space}${profile}.${compat}.${tier}${level}${tail ? `.${tail}` : ''}`;
}

/** `av01.0.08M.08` from `av1C`. */
function av1(bytes: Uint8Array, av1C: BoxHeader): string {
  const f = Fields.of(bytes, av1C);
  f.u8();
  const a = f.u8();
  const b = f.u8();
  const depth = b & 0x40 ? (a >> 5 === 2 && b & 0x20 ? 12 : 10) : 8;
  return `av01.${a >> 5}.${String(a & 0x1f).padStart(2, '0')}${b & 0x80 ? 'H' : 'M'}.${String(depth).padStart(2, '0')}`;
}

/** An MPEG-4 descriptor's tag and payload length (the length is 1 to 4 bytes of 7 bits). */
function descriptor(f: Fields): { tag: number; length: number } {
  const tag = f.u8();
  let length = 0;
  for (let i = 0; i < 4; i++) {
    const b = f.u8();
    length = (length << 7) | (b & 0x7f);
    if (!(b & 0x80)) break;
  }
  return { tag, length };
}

/** `mp4a.40.2`: the object type from `esds`, and for MPEG-4 audio the audio object type of its AudioSpecificConfig. */
function mp4a(bytes: Uint8Array, esds: BoxHeader): string {
  const f = Fields.of(bytes, esds);
  f.full();
  const es = descriptor(f);
  if (es.tag !== 0x03) throw new Mp4FormatError('esds does not start with an ES descriptor');
  f.u16(); // ES id
  const flags = f.u8();
  if (flags & 0x80) f.skip(2);
  if (flags & 0x40) f.skip(f.u8());
  if (flags & 0x20) f.skip(2);
  const config = descriptor(f);
  if (config.tag !== 0x04) throw new Mp4FormatError('esds has no decoder config descriptor');
  const objectType = f.u8();
  f.skip(12); // stream type, buffer size, max and average bit rates
  if (objectType !== 0x40) return `mp4a.${hex2(objectType).toUpperCase()}`;
  if (f.remaining() < 2 || descriptor(f).tag !== 0x05) return 'mp4a.40.2';
  const first = f.u8();
  let aot = first >> 3;
  if (aot === 31) aot = 32 + (((first & 0x07) << 3) | (f.u8() >> 5));
  return `mp4a.40.${aot}`;
}

/** Codec strings of sample entries that need no configuration box. */
const PLAIN: Record<string, string> = { Opus: 'opus', fLaC: 'flac', 'ac-3': 'ac-3', 'ec-3': 'ec-3' };

/**
 * The RFC 6381 codec string of a sample entry, from its configuration box (`avcC`, `hvcC`, `av1C`, `esds`); other
 * entries are named by their four-character code. Pure.
 */
export function codecString(bytes: Uint8Array, entryType: string, children: ReadonlyMap<string, BoxHeader>): string {
  const need = (type: string) => {
    const box = children.get(type);
    if (!box) throw new Mp4FormatError(`sample entry ${entryType} has no ${type} box`);
    return box;
  };
  switch (entryType) {
    case 'avc1':
    case 'avc3':
      return avc(entryType, bytes, need('avcC'));
    case 'hvc1':
    case 'hev1':
      return hevc(entryType, bytes, need('hvcC'));
    case 'av01':
      return av1(bytes, need('av1C'));
    case 'mp4a':
      return mp4a(bytes, need('esds'));
    default:
      return PLAIN[entryType] ?? entryType;
  }
}
