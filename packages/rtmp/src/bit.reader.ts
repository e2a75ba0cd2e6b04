import { ensure } from './rtmp.error.js';

/** MSB-first bit reader with Exp-Golomb codes, bounded: reading past the end throws `RtmpError`. */
export class BitReader {
  private bit = 0;

  constructor(private readonly buf: Buffer) {}

  get bitsLeft(): number {
    return this.buf.length * 8 - this.bit;
  }

  /** Up to 32 bits as an unsigned number. */
  bits(n: number): number {
    ensure(n <= this.bitsLeft, 'bitstream_overrun', 'Codec configuration ends early.');
    let value = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.buf[this.bit >> 3]!;
      value = value * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit += 1;
    }
    return value;
  }

  flag(): boolean {
    return this.bits(1) === 1;
  }

  skip(n: number): void {
    ensure(n <= this.bitsLeft, 'bitstream_overrun', 'Codec configuration ends early.');
    this.bit += n;
  }

  /** ue(v): unsigned Exp-Golomb, at most 32 leading zeros. */
  ue(): number {
    let zeros = 0;
    while (!this.flag()) {
      zeros += 1;
      ensure(zeros <= 32, 'bitstream_overrun', 'Exp-Golomb code too long.');
    }
    return 2 ** zeros - 1 + this.bits(zeros);
  }

  /** se(v): signed Exp-Golomb. */
  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }

  /** AV1's uvlc(): leading zeros, then that many bits; 32 or more zeros mean 2^32 - 1. */
  uvlc(): number {
    let zeros = 0;
    while (!this.flag()) {
      zeros += 1;
      ensure(zeros <= 40, 'bitstream_overrun', 'uvlc code too long.');
    }
    if (zeros >= 32) return 0xffffffff;
    return this.bits(zeros) + 2 ** zeros - 1;
  }
}

/** The RBSP of a NAL unit: emulation-prevention bytes (00 00 03) removed. */
export function unescapeRbsp(nal: Buffer): Buffer {
  const out = Buffer.alloc(nal.length);
  let n = 0;
  let zeros = 0;
  for (const byte of nal) {
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    out[n++] = byte;
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, n);
}
