import fc from 'fast-check';

/** Runs `fn`; only a parse error of `type` (the parser's own, said to the peer) may escape it. */
export function onlyErrorsOf(type: new (...args: never[]) => Error, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof type)) throw err;
  }
}

/**
 * A valid input broken in a few places: bytes flipped, set to a telling value (0, 0xff, a sign bit, 1, 3), inserted,
 * removed, or the end cut off. What a fuzz target feeds a parser besides plain random bytes.
 */
export function mutated(base: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0, 0xff, 0x7f, 0x80, 1, 3) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  );
  return fc.tuple(base, fc.array(edit, { minLength: 1, maxLength: 6 })).map(([buf, edits]) => {
    let out = Buffer.from(buf);
    for (const e of edits) {
      if (out.length === 0) break;
      const at = e.at % out.length;
      if (e.kind === 'flip') out[at]! ^= 1 << e.bit;
      else if (e.kind === 'set') out[at] = e.value;
      else if (e.kind === 'insert') out = Buffer.concat([out.subarray(0, at), Buffer.from(e.bytes), out.subarray(at)]);
      else if (e.kind === 'remove') out = Buffer.concat([out.subarray(0, at), out.subarray(at + e.length)]);
      else out = out.subarray(0, at);
    }
    return out;
  });
}
