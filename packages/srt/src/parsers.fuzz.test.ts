import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PlanContext, planHandshake } from './handshake.plan.js';
import { SrtError } from './srt.error.js';
import { conclusionRequest, decodeStreamId, encodeStreamId, HANDSHAKE_SIZE, parseHandshake } from './srt.handshake.js';
import { lossCount, parseHeader } from './srt.packet.js';
import { RelayMeter } from './srt.stats.js';
import {
  callerConclusion,
  callerConclusionAes256,
  callerInduction,
  listenerBadSecret,
  listenerConclusion,
} from './testing/ffmpeg.capture.js';

/** Each target runs a fixed number of cases, and stops early past a few seconds on a busy machine. */
const budget = { numRuns: 3000, interruptAfterTimeLimit: 4000 };

/** Runs `fn`; only our parse error may escape it. */
function onlyOurError(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof SrtError)) throw err;
  }
}

/** A valid datagram broken in a few places: bytes flipped, set, inserted, removed, or the end cut off. */
function mutated(base: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0, 0xff, 0x7f, 0x80, 1) }),
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

const captured = fc.constantFrom(
  callerInduction,
  callerConclusion,
  callerConclusionAes256,
  listenerConclusion,
  listenerBadSecret,
);
const datagrams = fc.oneof(
  fc.uint8Array({ maxLength: 1500 }).map((a) => Buffer.from(a)),
  mutated(captured),
);
const context: PlanContext = {
  limits: { maxHandshakes: 8, maxHandshakesPerAddress: 2, maxSessions: 8 },
  cookieValid: true,
  closing: false,
  handshakes: 0,
  handshakesFromAddress: 0,
  relays: 0,
};

describe('fuzz: the datagram parsers', () => {
  it('take any datagram: a packet or our error, and a handshake whose extensions lie inside it', () => {
    fc.assert(
      fc.property(datagrams, (datagram) => {
        onlyOurError(() => {
          const header = parseHeader(datagram);
          expect(['data', 'control']).toContain(header.kind);
          const hs = parseHandshake(datagram);
          const extensionBytes = hs.extensions.reduce((sum, e) => sum + 4 + e.body.length, 0);
          expect(HANDSHAKE_SIZE + extensionBytes).toBe(datagram.length);
          const request = conclusionRequest(hs);
          expect(Buffer.byteLength(request.streamId)).toBeLessThanOrEqual(512);
          expect([undefined, 16, 24, 32]).toContain(request.keyLength);
        });
      }),
      budget,
    );
  });

  it('plan any handshake without throwing: every broken one is ignored or refused, never authorized unencrypted', () => {
    fc.assert(
      fc.property(mutated(captured), fc.boolean(), (datagram, cookieValid) => {
        let hs: ReturnType<typeof parseHandshake>;
        try {
          hs = parseHandshake(datagram);
        } catch (err) {
          if (err instanceof SrtError) return;
          throw err;
        }
        const action = planHandshake(hs, { ...context, cookieValid });
        if (action.kind === 'authorize') {
          expect(cookieValid).toBe(true);
          expect(action.request.encrypted).toBe(true);
        }
      }),
      budget,
    );
  });

  it('count loss reports and relay any datagram in the meter without throwing', () => {
    fc.assert(
      fc.property(fc.array(datagrams, { maxLength: 20 }), (list) => {
        const meter = new RelayMeter(0);
        list.forEach((d, i) => {
          meter.fromCaller(d, i * 10);
          meter.fromListener(d);
          expect(lossCount(d)).toBeGreaterThanOrEqual(0);
        });
        const stats = meter.snapshot(list.length * 10);
        expect(stats.bytesIn).toBe(list.reduce((sum, d) => sum + d.length, 0));
        expect(stats.retransmittedPackets).toBeLessThanOrEqual(stats.packetsIn);
        expect(Number.isFinite(stats.bitrate)).toBe(true);
      }),
      budget,
    );
  });

  it('decode every Stream ID they encode, and only our error from any bytes', () => {
    const text = fc
      .string({ unit: 'binary', maxLength: 128 })
      .filter((s) => !s.includes('\0') && !s.includes('\uFFFD'));
    fc.assert(
      fc.property(text, (s) => {
        expect(decodeStreamId(encodeStreamId(s))).toBe(s);
      }),
      budget,
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => onlyOurError(() => decodeStreamId(Buffer.from(bytes)))),
      budget,
    );
  });
});
