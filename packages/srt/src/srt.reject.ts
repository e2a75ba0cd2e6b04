/**
 * Why a connection is refused, by name. libsrt's own reasons (SRT_REJ_*, below 1000) and the access-control ones
 * applications use (SRT_REJX_*, 1000 + an HTTP-like status); the handshake carries 1000 + the number, and the caller
 * only learns the number: libsrt 1.5 prints its own sentence for the first kind and "Application-defined rejection
 * reason" for the second, so the human reason goes to our logs.
 */
export const rejectReasons = {
  system: 1,
  rogue: 4,
  backlog: 5,
  close: 7,
  version: 8,
  badSecret: 10,
  unsecure: 11,
  badRequest: 1400,
  unauthorized: 1401,
  overload: 1402,
  forbidden: 1403,
  notFound: 1404,
  badMode: 1405,
  conflict: 1409,
  locked: 1423,
  internalError: 1500,
  unavailable: 1503,
} as const satisfies Record<string, number>;

export type SrtRejectReason = keyof typeof rejectReasons;

/** Reasons an `authorize` callback may give: the access-control range, whose meaning is the application's. */
export type SrtRefusalCode = Extract<
  SrtRejectReason,
  'badRequest' | 'unauthorized' | 'forbidden' | 'notFound' | 'badMode' | 'conflict' | 'locked' | 'unavailable'
>;

const byNumber = new Map<number, SrtRejectReason>(
  Object.entries(rejectReasons).map(([name, value]) => [value, name as SrtRejectReason]),
);

/** The name of a reject reason number (as read from a handshake type minus 1000), or the number as text. */
export function rejectReasonName(reason: number): string {
  return byNumber.get(reason) ?? String(reason);
}
