import { mutated, onlyErrorsOf } from '@framecast/rtmp/testing';
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
const onlyOurError = (fn: () => void) => onlyErrorsOf(SrtError, fn);

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
