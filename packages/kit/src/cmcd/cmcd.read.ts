import { decodeCmcd } from '@svta/cml-cmcd';

/** CMCD object types (`ot`): manifest, audio, video, muxed, init, caption, timed text, key, other. */
export const CMCD_OBJECT_TYPES = ['m', 'a', 'v', 'av', 'i', 'c', 'tt', 'k', 'o'] as const;
/** CMCD streaming formats (`sf`): DASH, HLS, Smooth, other. */
export const CMCD_FORMATS = ['d', 'h', 's', 'o'] as const;
/** CMCD stream types (`st`): video on demand, live, low-latency live. */
export const CMCD_STREAM_TYPES = ['v', 'l', 'll'] as const;

export type CmcdObjectType = (typeof CMCD_OBJECT_TYPES)[number];
export type CmcdFormat = (typeof CMCD_FORMATS)[number];
export type CmcdStreamType = (typeof CMCD_STREAM_TYPES)[number];

/** What one request's CMCD says that the server uses; a key that is missing or not of its type is null. */
export interface CmcdReading {
  ot: CmcdObjectType | null;
  sf: CmcdFormat | null;
  st: CmcdStreamType | null;
  /** Buffer starvation: the buffer ran empty since the previous request. */
  bs: boolean;
  /** Startup: the object is needed urgently (starting, seeking, recovering from starvation). */
  su: boolean;
  /** Buffer length, milliseconds. */
  bl: number | null;
  /** Encoded bitrate of the object, kbps. */
  br: number | null;
  /** Measured throughput, kbps. */
  mtp: number | null;
  /** Object duration, milliseconds. */
  d: number | null;
  /** Session id (the player's: the same as its beacons'). */
  sid: string | null;
  /** Content id (the video id or the live session id). */
  cid: string | null;
}

/** The query argument CMCD travels in (CTA-5004 §2.2). */
export const CMCD_PARAM = 'CMCD';

/** No value above this is believable for a millisecond or kbps key (about 11 days; 1 Tbit/s). */
const MAX_NUMBER = 1e9;
/** The spec's limit for `sid` and `cid`. */
const MAX_STRING = 64;

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | null =>
  typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : null;

/** A number key: an integer or decimal in range; CMCD v2's inner lists give their first member. */
function numberOf(value: unknown): number | null {
  const first = Array.isArray(value) ? value[0] : value;
  const n = typeof first === 'object' && first !== null && 'value' in first ? first.value : first;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= MAX_NUMBER ? n : null;
}

const stringOf = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_STRING ? value : null;

/** Splits a dictionary at the commas outside quoted strings. Pure. */
export function splitMembers(payload: string): string[] {
  const members: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < payload.length; i++) {
    const c = payload[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      members.push(payload.slice(start, i).trim());
      start = i + 1;
    }
  }
  members.push(payload.slice(start).trim());
  return members.filter((m) => m.length > 0);
}

/**
 * The payload as a dictionary; when the whole does not parse (a player's custom key in capitals, as in the spec's own
 * examples, or one damaged member), each member on its own, so one bad member costs only itself. Null for nothing.
 */
function decode(payload: string): Record<string, unknown> | null {
  try {
    return decodeCmcd(payload) as Record<string, unknown>;
  } catch {
    const data: Record<string, unknown> = {};
    for (const member of splitMembers(payload)) {
      try {
        Object.assign(data, decodeCmcd(member));
      } catch {
        // Not CMCD: ignored.
      }
    }
    return Object.keys(data).length > 0 ? data : null;
  }
}

/**
 * Reads the CMCD of a request from its query string (`?…&CMCD=<url-encoded payload>`), decoded by the SVTA's
 * common-media-library (a structured-field dictionary: quoted strings, bare keys as true, tokens, numbers). Unknown
 * keys and members that do not parse are ignored, a key of the wrong type is null, and a query without CMCD or
 * with a payload that holds none of these keys gives null: never an error, since it only informs metrics. Pure.
 */
export function readCmcd(query: string | URLSearchParams): CmcdReading | null {
  const payload = (typeof query === 'string' ? new URLSearchParams(query) : query).get(CMCD_PARAM);
  if (!payload) return null;
  const data = decode(payload);
  if (!data) return null;
  const reading: CmcdReading = {
    ot: oneOf(CMCD_OBJECT_TYPES, data.ot),
    sf: oneOf(CMCD_FORMATS, data.sf),
    st: oneOf(CMCD_STREAM_TYPES, data.st),
    bs: data.bs === true,
    su: data.su === true,
    bl: numberOf(data.bl),
    br: numberOf(data.br),
    mtp: numberOf(data.mtp),
    d: numberOf(data.d),
    sid: stringOf(data.sid),
    cid: stringOf(data.cid),
  };
  return Object.values(reading).some((v) => v !== null && v !== false) ? reading : null;
}

/** The query string of a request URL (`/path?a=1` → `a=1`), without parsing the path. Pure. */
export function queryOf(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at + 1);
}
