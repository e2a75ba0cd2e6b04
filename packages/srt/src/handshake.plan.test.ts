import { describe, expect, it } from 'vitest';
import { type PlanContext, planHandshake } from './handshake.plan.js';
import { ExtensionType, encodeStreamId, type Handshake, parseHandshake } from './srt.handshake.js';
import { callerConclusion, callerInduction } from './testing/ffmpeg.capture.js';

const context: PlanContext = {
  limits: { maxHandshakes: 4, maxHandshakesPerAddress: 2, maxSessions: 3 },
  cookieValid: true,
  closing: false,
  handshakes: 0,
  handshakesFromAddress: 0,
  relays: 0,
};
const induction = parseHandshake(callerInduction);
const conclusion = parseHandshake(callerConclusion);
const withoutExtension = (hs: Handshake, type: number) => ({
  ...hs,
  extensions: hs.extensions.filter((e) => e.type !== type),
});

describe('planHandshake', () => {
  it('answers an induction to socket 0 with a cookie, whatever the state', () => {
    expect(planHandshake(induction, { ...context, closing: true, handshakes: 99 })).toEqual({ kind: 'induction' });
    expect(planHandshake({ ...induction, destination: 7 }, context).kind).toBe('ignore');
  });

  it('sends a good conclusion to authorize with its Stream ID and key length', () => {
    expect(planHandshake(conclusion, context)).toEqual({
      kind: 'authorize',
      request: { streamId: '#!::r=live/key1,m=publish', encrypted: true, keyLength: 16 },
    });
  });

  it('ignores a conclusion without our cookie: its source address may be forged', () => {
    expect(planHandshake(conclusion, { ...context, cookieValid: false })).toMatchObject({ kind: 'ignore' });
  });

  it('ignores other handshake types (rendezvous, agreement, a rejection sent to us)', () => {
    for (const type of [0, 0xfffffffe, 0xfffffffd, 1010]) {
      expect(planHandshake({ ...conclusion, type }, context).kind).toBe('ignore');
    }
  });

  it('refuses, in this order: HSv4, closing, too many handshakes (all or per address), too many sessions', () => {
    const reason = (hs: Handshake, c: Partial<PlanContext>) => {
      const action = planHandshake(hs, { ...context, ...c });
      return action.kind === 'reject' ? action.reason : action.kind;
    };
    expect(reason({ ...conclusion, version: 4 }, { closing: true })).toBe('version');
    expect(reason(conclusion, { closing: true, handshakes: 4 })).toBe('close');
    expect(reason(conclusion, { handshakes: 4 })).toBe('backlog');
    expect(reason(conclusion, { handshakes: 2, handshakesFromAddress: 2 })).toBe('backlog');
    expect(reason(conclusion, { handshakes: 3, handshakesFromAddress: 1 })).toBe('authorize');
    expect(reason(conclusion, { relays: 3 })).toBe('overload');
    expect(reason(conclusion, { relays: 2 })).toBe('authorize');
  });

  it('refuses a caller without a passphrase (no KMREQ) as unsecure, and a broken Stream ID as a bad request', () => {
    expect(planHandshake(withoutExtension(conclusion, ExtensionType.kmreq), context)).toMatchObject({
      kind: 'reject',
      reason: 'unsecure',
    });
    const sid = { type: ExtensionType.sid, body: encodeStreamId('x'.repeat(600)) };
    const long = { ...conclusion, extensions: [...withoutExtension(conclusion, ExtensionType.sid).extensions, sid] };
    expect(planHandshake(long, context)).toMatchObject({ kind: 'reject', reason: 'badRequest' });
  });
});
