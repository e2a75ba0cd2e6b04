import { ClientFrame, type ServerFrame } from '@framecast/contracts';
import { clientFrameParser } from '../websocket.js';

/** A client's text frame, or what is wrong with it in words (for the close reason). Pure. */
export const parseClientFrame = clientFrameParser<ClientFrame>(ClientFrame, [
  'auth',
  'subscribe',
  'unsubscribe',
  'ping',
]);

/** A control frame as the text sent on the socket. */
export function encodeFrame(frame: ServerFrame): string {
  return JSON.stringify(frame);
}

/** A `message` frame around data already serialised as JSON, built once and written to every socket. */
export function messageFrame(topic: string, seq: number, data: string): Buffer {
  return Buffer.from(`{"type":"message","topic":${JSON.stringify(topic)},"seq":${seq},"data":${data}}`);
}
