/** A playlist request's delivery directives (RFC 8216bis §6.2.5): `_HLS_msn`, `_HLS_part`, `_HLS_skip`. */
export interface ReloadRequest {
  msn: number | null;
  part: number | null;
  /** `_HLS_skip=YES` or `v2`: the client accepts a delta update. */
  skip: boolean;
}

/** The directives, or why the query is a 400. */
export type ParsedReload = { ok: true; request: ReloadRequest } | { ok: false; message: string };

type Query = URLSearchParams | Readonly<Record<string, string | readonly string[] | undefined>>;

function param(query: Query, name: string): string | undefined {
  if (query instanceof URLSearchParams) return query.get(name) ?? undefined;
  const value = query[name];
  return typeof value === 'string' ? value : value?.[0];
}

const INDEX = /^(0|[1-9]\d{0,14})$/;

/** Reads the directives from a query; a malformed number, or `_HLS_part` without `_HLS_msn`, is a 400. Pure. */
export function parseReloadQuery(query: Query): ParsedReload {
  const msn = param(query, '_HLS_msn');
  const part = param(query, '_HLS_part');
  const skip = param(query, '_HLS_skip');
  if (msn !== undefined && !INDEX.test(msn)) return { ok: false, message: '_HLS_msn must be a whole number' };
  if (part !== undefined && !INDEX.test(part)) return { ok: false, message: '_HLS_part must be a whole number' };
  if (part !== undefined && msn === undefined) return { ok: false, message: '_HLS_part needs _HLS_msn' };
  return {
    ok: true,
    request: {
      msn: msn === undefined ? null : Number(msn),
      part: part === undefined ? null : Number(part),
      skip: skip === 'YES' || skip === 'v2',
    },
  };
}

/** What a rendition's playlist holds now, as far as blocking reload is concerned. */
export interface ReloadState {
  /** The last finished segment (with its `EXTINF`), if any. */
  lastSegment: number | null;
  /** The last part listed, if any. */
  lastPart: { msn: number; index: number } | null;
  ended: boolean;
  /** `PART-TARGET`, seconds. */
  partTarget: number;
}

/** Answer now, hold the request, or refuse it with a 400. */
export type ReloadDecision = { type: 'ready' } | { type: 'wait' } | { type: 'invalid'; message: string };

/** RFC 8216bis: how many parts ahead of the last one a request may ask for. */
export function advancePartLimit(partTarget: number): number {
  return partTarget < 1 ? Math.floor(3 / partTarget) : 3;
}

/**
 * Whether a playlist request can be answered now, must be held until the playlist holds what it asks for (part
 * `part` of segment `msn`, or a later one; without `_HLS_part`, segment `msn` finished), or asks too far ahead
 * (an msn past the last + 2, or a part past the advance part limit): a 400 at once. An ended playlist is always
 * ready. Pure.
 */
export function decideReload(request: ReloadRequest, state: ReloadState): ReloadDecision {
  const { msn, part } = request;
  if (msn === null || state.ended) return { type: 'ready' };
  const lastMsn = Math.max(state.lastSegment ?? -1, state.lastPart?.msn ?? -1);
  if (msn > lastMsn + 2) {
    return { type: 'invalid', message: `_HLS_msn ${msn} is more than two segments past the last one (${lastMsn})` };
  }
  if (part !== null) {
    const ahead = state.lastPart && msn === state.lastPart.msn ? part - state.lastPart.index : part + 1;
    const limit = advancePartLimit(state.partTarget);
    if (msn >= lastMsn && ahead > limit) {
      return { type: 'invalid', message: `_HLS_part ${part} is more than ${limit} parts past the last one` };
    }
  }
  if (state.lastSegment !== null && state.lastSegment >= msn) return { type: 'ready' };
  const last = state.lastPart;
  if (part !== null && last && (last.msn > msn || (last.msn === msn && last.index >= part))) return { type: 'ready' };
  return { type: 'wait' };
}
