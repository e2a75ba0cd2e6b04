import { describe, expect, it, vi } from 'vitest';
import { advancePartLimit, decideReload, parseReloadQuery, type ReloadState } from './blocking.reload.js';
import { RequestWaiter } from './blocking.waiter.js';

const request = (query: string) => {
  const parsed = parseReloadQuery(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.request;
};

// Segments 0–9 finished, segment 10 open with parts 0–2 listed.
const live: ReloadState = { lastSegment: 9, lastPart: { msn: 10, index: 2 }, ended: false, partTarget: 0.2 };

describe('parseReloadQuery', () => {
  it('reads the directives from a URL query or a parsed query object', () => {
    expect(parseReloadQuery(new URLSearchParams('_HLS_msn=10&_HLS_part=3&_HLS_skip=YES'))).toEqual({
      ok: true,
      request: { msn: 10, part: 3, skip: true },
    });
    expect(parseReloadQuery({ _HLS_msn: '4', _HLS_skip: 'v2' })).toEqual({
      ok: true,
      request: { msn: 4, part: null, skip: true },
    });
    expect(parseReloadQuery({ _HLS_msn: ['7', '8'] })).toEqual({
      ok: true,
      request: { msn: 7, part: null, skip: false },
    });
    expect(parseReloadQuery({})).toEqual({ ok: true, request: { msn: null, part: null, skip: false } });
  });

  it('reads past other arguments, such as the CMCD players send, wherever they stand', () => {
    const cmcd = `CMCD=${encodeURIComponent('bl=1200,ot=m,sf=h,sid="6e2fb550-c457-11e9-bb97-0800200c9a66",st=ll')}`;
    for (const query of [
      `${cmcd}&_HLS_msn=10&_HLS_part=3`,
      `_HLS_msn=10&${cmcd}&_HLS_part=3`,
      `_HLS_msn=10&_HLS_part=3&${cmcd}`,
    ]) {
      expect(parseReloadQuery(new URLSearchParams(query)), query).toEqual({
        ok: true,
        request: { msn: 10, part: 3, skip: false },
      });
    }
    expect(parseReloadQuery(new URLSearchParams(`${cmcd}&_HLS_part=3`)).ok).toBe(false);
  });

  it('refuses _HLS_part without _HLS_msn, and numbers that are not whole', () => {
    expect(parseReloadQuery({ _HLS_part: '1' })).toEqual({ ok: false, message: '_HLS_part needs _HLS_msn' });
    for (const msn of ['-1', '1.5', '', 'x', '01', '1e3', '9999999999999999']) {
      expect(parseReloadQuery({ _HLS_msn: msn }).ok, msn).toBe(false);
    }
    expect(parseReloadQuery({ _HLS_msn: '1', _HLS_part: ' 2' }).ok).toBe(false);
  });
});

describe('decideReload', () => {
  it('answers at once what the playlist already holds', () => {
    expect(decideReload(request(''), live)).toEqual({ type: 'ready' });
    expect(decideReload(request('_HLS_msn=9'), live)).toEqual({ type: 'ready' });
    expect(decideReload(request('_HLS_msn=10&_HLS_part=2'), live)).toEqual({ type: 'ready' });
    expect(decideReload(request('_HLS_msn=9&_HLS_part=7'), live)).toEqual({ type: 'ready' });
  });

  it('holds a request for the next part, the next segment or the one after', () => {
    expect(decideReload(request('_HLS_msn=10&_HLS_part=3'), live)).toEqual({ type: 'wait' });
    expect(decideReload(request('_HLS_msn=10'), live)).toEqual({ type: 'wait' });
    expect(decideReload(request('_HLS_msn=11&_HLS_part=0'), live)).toEqual({ type: 'wait' });
    expect(decideReload(request('_HLS_msn=12'), live)).toEqual({ type: 'wait' });
  });

  it('refuses an msn past the last + 2 and a part past the advance part limit', () => {
    expect(decideReload(request('_HLS_msn=13'), live)).toMatchObject({ type: 'invalid' });
    expect(advancePartLimit(0.2)).toBe(15);
    expect(advancePartLimit(1.5)).toBe(3);
    expect(decideReload(request('_HLS_msn=10&_HLS_part=17'), live)).toEqual({ type: 'wait' });
    expect(decideReload(request('_HLS_msn=10&_HLS_part=18'), live)).toEqual({
      type: 'invalid',
      message: '_HLS_part 18 is more than 15 parts past the last one',
    });
    expect(decideReload(request('_HLS_msn=11&_HLS_part=15'), live)).toMatchObject({ type: 'invalid' });
  });

  it('answers anything once the stream ended, and waits for the first part of a stream that has none', () => {
    expect(decideReload(request('_HLS_msn=12&_HLS_part=1'), { ...live, ended: true })).toEqual({ type: 'ready' });
    const empty: ReloadState = { lastSegment: null, lastPart: null, ended: false, partTarget: 0.2 };
    expect(decideReload(request('_HLS_msn=0&_HLS_part=0'), empty)).toEqual({ type: 'wait' });
    expect(decideReload(request('_HLS_msn=2'), empty)).toMatchObject({ type: 'invalid' });
  });
});

describe('RequestWaiter', () => {
  it('resolves a held request when a notify finds it ready, and at once when it already is', async () => {
    const waiter = new RequestWaiter(10);
    let value: string | undefined;
    const held = waiter.hold(() => value, { timeoutMs: 1000 });
    expect(waiter.size).toBe(1);
    waiter.notify();
    expect(waiter.size).toBe(1);
    value = 'playlist';
    waiter.notify();
    await expect(held).resolves.toEqual({ outcome: 'ready', value: 'playlist' });
    expect(waiter.size).toBe(0);
    await expect(waiter.hold(() => 1, { timeoutMs: 1000 })).resolves.toEqual({ outcome: 'ready', value: 1 });
  });

  it('times out, lets the client go, refuses past its bound and closes', async () => {
    vi.useFakeTimers();
    try {
      const waiter = new RequestWaiter(2);
      const timedOut = waiter.hold(() => undefined, { timeoutMs: 3000 });
      const controller = new AbortController();
      const aborted = waiter.hold(() => undefined, { timeoutMs: 3000, signal: controller.signal });
      await expect(waiter.hold(() => undefined, { timeoutMs: 3000 })).resolves.toEqual({ outcome: 'full' });
      controller.abort();
      await expect(aborted).resolves.toEqual({ outcome: 'aborted' });
      vi.advanceTimersByTime(3000);
      await expect(timedOut).resolves.toEqual({ outcome: 'timeout' });
      const closed = waiter.hold(() => undefined, { timeoutMs: 3000 });
      waiter.close();
      await expect(closed).resolves.toEqual({ outcome: 'closed' });
      expect(waiter.size).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
      await expect(waiter.hold(() => undefined, { timeoutMs: 1, signal: AbortSignal.abort() })).resolves.toEqual({
        outcome: 'aborted',
      });
    } finally {
      vi.useRealTimers();
    }
  });
});
