import { ChatClientFrame, type ChatServerFrame } from '@framecast/contracts';
import { clientFrameParser } from '@framecast/kit';
import { wireFrame } from './socket.writer.js';

/** A client's text frame, or what is wrong with it in words (for the error and the close reason). Pure. */
export const parseClientFrame = clientFrameParser<ChatClientFrame>(ChatClientFrame, ['auth', 'send', 'ping']);

/** A frame for one socket, ready to write. */
export const personalFrame = (frame: ChatServerFrame) => wireFrame(JSON.stringify(frame));
