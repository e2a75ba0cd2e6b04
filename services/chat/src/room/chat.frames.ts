import { ChatClientFrame, type ChatServerFrame } from '@framecast/contracts';
import Compile from 'typebox/compile';
import { wireFrame } from './socket.writer.js';

const clientFrame = Compile(ChatClientFrame);

export type Parsed = { ok: true; frame: ChatClientFrame } | { ok: false; problem: string };

/** A client's text frame, or what is wrong with it in words (for the error and the close reason). Pure. */
export function parseClientFrame(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  if (clientFrame.Check(value)) return { ok: true, frame: value };
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !['auth', 'send', 'ping'].includes(type)) {
    return { ok: false, problem: 'unknown frame type' };
  }
  return { ok: false, problem: `malformed ${type} frame` };
}

/** A frame for one socket, ready to write. */
export const personalFrame = (frame: ChatServerFrame) => wireFrame(JSON.stringify(frame));
