import { AMF0, type AmfObject, type AmfValue, EcmaArray } from './amf0.types.js';

const MAX_ENCODE_DEPTH = 64;

/**
 * Encodes values as AMF0, one after the other (a command is its name, transaction id, object and arguments).
 * Strings longer than 65535 bytes become long strings; arrays become strict arrays.
 */
export function encodeAmf0(...values: AmfValue[]): Buffer {
  const parts: Buffer[] = [];
  for (const value of values) write(parts, value, 0);
  return Buffer.concat(parts);
}

function byte(n: number): Buffer {
  return Buffer.from([n]);
}

function shortString(s: string): Buffer {
  const body = Buffer.from(s, 'utf8');
  if (body.length > 0xffff) throw new RangeError('AMF0 property names are at most 65535 bytes.');
  const head = Buffer.alloc(2);
  head.writeUInt16BE(body.length);
  return Buffer.concat([head, body]);
}

function write(parts: Buffer[], value: AmfValue, depth: number): void {
  if (depth > MAX_ENCODE_DEPTH) throw new RangeError(`AMF0 values nest deeper than ${MAX_ENCODE_DEPTH}.`);
  if (value === null) {
    parts.push(byte(AMF0.null));
  } else if (value === undefined) {
    parts.push(byte(AMF0.undefined));
  } else if (typeof value === 'number') {
    const b = Buffer.alloc(9);
    b[0] = AMF0.number;
    b.writeDoubleBE(value, 1);
    parts.push(b);
  } else if (typeof value === 'boolean') {
    parts.push(Buffer.from([AMF0.boolean, value ? 1 : 0]));
  } else if (typeof value === 'string') {
    const body = Buffer.from(value, 'utf8');
    if (body.length <= 0xffff) {
      const head = Buffer.alloc(3);
      head[0] = AMF0.string;
      head.writeUInt16BE(body.length, 1);
      parts.push(head, body);
    } else {
      const head = Buffer.alloc(5);
      head[0] = AMF0.longString;
      head.writeUInt32BE(body.length, 1);
      parts.push(head, body);
    }
  } else if (value instanceof Date) {
    const b = Buffer.alloc(11);
    b[0] = AMF0.date;
    b.writeDoubleBE(value.getTime(), 1);
    parts.push(b);
  } else if (Array.isArray(value)) {
    const head = Buffer.alloc(5);
    head[0] = AMF0.strictArray;
    head.writeUInt32BE(value.length, 1);
    parts.push(head);
    for (const item of value) write(parts, item, depth + 1);
  } else if (value instanceof EcmaArray) {
    const head = Buffer.alloc(5);
    head[0] = AMF0.ecmaArray;
    head.writeUInt32BE(Object.keys(value.properties).length, 1);
    parts.push(head);
    writeProperties(parts, value.properties, depth + 1);
  } else {
    parts.push(byte(AMF0.object));
    writeProperties(parts, value, depth + 1);
  }
}

function writeProperties(parts: Buffer[], object: AmfObject, depth: number): void {
  for (const [key, item] of Object.entries(object)) {
    parts.push(shortString(key));
    write(parts, item, depth);
  }
  parts.push(Buffer.from([0x00, 0x00, AMF0.objectEnd]));
}
