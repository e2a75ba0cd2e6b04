/**
 * AMF0 values as this package sees them. Objects and typed objects decode to plain objects; ECMA arrays decode to
 * plain objects too (their count is a hint nobody relies on), and encode as ECMA arrays when wrapped in `EcmaArray`.
 * Strict arrays are JavaScript arrays, dates are `Date`s (their time-zone field is ignored, as the format says).
 */
export type AmfValue = number | boolean | string | null | undefined | Date | AmfValue[] | AmfObject | EcmaArray;

/** An anonymous AMF0 object. Keys are own properties, `__proto__` included, so input cannot reach a prototype. */
export interface AmfObject {
  [key: string]: AmfValue;
}

/** Marks an object to be encoded as an AMF0 ECMA array (what `onMetaData` usually carries). */
export class EcmaArray {
  constructor(readonly properties: AmfObject) {}
}

/** Bounds that keep a hostile payload from exhausting the stack or the heap while decoding. */
export interface Amf0Limits {
  /** Nesting of objects and arrays. */
  maxDepth: number;
  /** Values decoded from one payload, nested ones included. */
  maxItems: number;
}

/** Generous for commands and metadata, small enough that no payload costs much. */
export const defaultAmf0Limits: Amf0Limits = { maxDepth: 32, maxItems: 10_000 };

/** AMF0 type markers. */
export const AMF0 = {
  number: 0x00,
  boolean: 0x01,
  string: 0x02,
  object: 0x03,
  movieClip: 0x04,
  null: 0x05,
  undefined: 0x06,
  reference: 0x07,
  ecmaArray: 0x08,
  objectEnd: 0x09,
  strictArray: 0x0a,
  date: 0x0b,
  longString: 0x0c,
  unsupported: 0x0d,
  recordSet: 0x0e,
  xmlDocument: 0x0f,
  typedObject: 0x10,
  avmPlusObject: 0x11,
} as const;

/** Sets `key` as an own enumerable property, even `__proto__`, without ever invoking a setter. */
export function defineOwn(target: AmfObject, key: string, value: AmfValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The value of an own property of an AMF object, or undefined: inherited names (`constructor`) never match. */
export function ownValue(value: AmfValue, key: string): AmfValue {
  if (!isAmfObject(value)) return undefined;
  return Object.hasOwn(value, key) ? value[key] : undefined;
}

/** Whether a value is a plain AMF object (not an array, date, ECMA array wrapper or scalar). */
export function isAmfObject(value: AmfValue): value is AmfObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof EcmaArray)
  );
}
