import { ClientFrame, type ServerFrame } from '@framecast/contracts';
import Compile from 'typebox/compile';

const clientFrame = Compile(ClientFrame);

export type Parsed = { ok: true; frame: ClientFrame } | { ok: false; problem: string };

/** A client's text frame, or what is wrong with it in words (for the close reason). Pure. */
export function parseClientFrame(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  if (clientFrame.Check(value)) return { ok: true, frame: value };
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  const known = ['auth', 'subscribe', 'unsubscribe', 'ping'];
  if (typeof type !== 'string' || !known.includes(type)) return { ok: false, problem: 'unknown frame type' };
  return { ok: false, problem: `malformed ${type} frame` };
}

/** A control frame as the text sent on the socket. */
export function encodeFrame(frame: ServerFrame): string {
  return JSON.stringify(frame);
}

/** A `message` frame around data already serialised as JSON, built once and written to every socket. */
export function messageFrame(topic: string, seq: number, data: string): Buffer {
  return Buffer.from(`{"type":"message","topic":${JSON.stringify(topic)},"seq":${seq},"data":${data}}`);
}
