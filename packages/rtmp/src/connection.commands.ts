import { type Amf0Limits, type AmfValue, ownValue } from './amf0.types.js';
import type { RtmpMessage } from './chunk.types.js';
import {
  commandError,
  commandResult,
  connectResult,
  onFcCall,
  onStatus,
  parseCommand,
  type RtmpCommand,
} from './command.messages.js';
import {
  BandwidthLimit,
  setPeerBandwidthMessage,
  UserControl,
  userControlMessage,
  windowAckSizeMessage,
} from './control.messages.js';

/** A publish to authorize: what the publisher asked for and said about itself. */
export interface PublishRequest {
  /** The application from `connect` (`live` in rtmp://host/live/KEY), query string and slashes removed. */
  app: string;
  /** The publish name: the stream key, as sent (a query string, if any, included). */
  key: string;
  /** `live`, `record` or `append`, as the publisher asked. */
  publishType: string;
  /** The message stream the publish runs on. */
  streamId: number;
  tcUrl?: string;
  /** The encoder's `flashVer` (FFmpeg: `FMLE/3.0 (compatible; Lavf...)`, OBS: `FMLE/3.0 (compatible; FMSc/1.0)`). */
  flashVer?: string;
}

/** What command handling needs from its connection. */
export interface CommandContext {
  connected: boolean;
  app: string;
  tcUrl?: string;
  flashVer?: string;
  streams: Set<number>;
  nextStreamId: number;
  limits: Amf0Limits & { windowAckSize: number };
  send(message: RtmpMessage): void;
  /** Announces and applies our outgoing chunk size. */
  startConnection(): void;
  publishing(): { streamId: number; state: string } | undefined;
  requestPublish(request: PublishRequest): void;
  unpublish(streamId: number): void;
  end(reason: string): void;
}

const MAX_STREAMS = 8;

function text(value: AmfValue): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `live` from `live`, `/live/`, `live?token=x`. */
export function normalizeApp(app: string): string {
  return app.split('?')[0]!.replace(/^\/+|\/+$/g, '');
}

function connect(ctx: CommandContext, cmd: RtmpCommand): void {
  if (ctx.connected) {
    ctx.send(commandError(cmd.transactionId, 'NetConnection.Call.Failed', 'Already connected.'));
    return;
  }
  ctx.connected = true;
  ctx.app = normalizeApp(text(ownValue(cmd.object, 'app')) ?? '');
  const tcUrl = text(ownValue(cmd.object, 'tcUrl'));
  const flashVer = text(ownValue(cmd.object, 'flashVer'));
  if (tcUrl !== undefined) ctx.tcUrl = tcUrl;
  if (flashVer !== undefined) ctx.flashVer = flashVer;
  ctx.send(windowAckSizeMessage(ctx.limits.windowAckSize));
  ctx.send(setPeerBandwidthMessage(ctx.limits.windowAckSize, BandwidthLimit.dynamic));
  ctx.startConnection();
  ctx.send(userControlMessage(UserControl.streamBegin, 0));
  ctx.send(connectResult(cmd.transactionId));
}

function publish(ctx: CommandContext, cmd: RtmpCommand, streamId: number): void {
  const key = text(cmd.args[0]) ?? '';
  const problem = !ctx.connected
    ? 'Connect before publishing.'
    : !ctx.streams.has(streamId)
      ? `Stream ${streamId} was not created.`
      : ctx.publishing() !== undefined
        ? 'This connection already publishes a stream.'
        : key === ''
          ? 'A stream key is required.'
          : undefined;
  if (problem !== undefined) {
    ctx.send(onStatus(streamId, 'error', 'NetStream.Publish.BadName', problem));
    ctx.end(`publish refused: ${problem}`);
    return;
  }
  const request: PublishRequest = { app: ctx.app, key, publishType: text(cmd.args[1]) ?? 'live', streamId };
  if (ctx.tcUrl !== undefined) request.tcUrl = ctx.tcUrl;
  if (ctx.flashVer !== undefined) request.flashVer = ctx.flashVer;
  ctx.requestPublish(request);
}

/**
 * Answers one command of a publisher. Unknown calls get `_error` when they expect an answer (transaction id other
 * than 0) and are otherwise ignored; the connection stays open. Play requests are refused: this server is ingest
 * only.
 */
export function handleCommand(ctx: CommandContext, message: RtmpMessage): void {
  const cmd = parseCommand(message, ctx.limits);
  const txn = cmd.transactionId;
  const answer = (value: AmfValue) => {
    if (txn !== 0) ctx.send(commandResult(txn, value));
  };
  switch (cmd.name) {
    case 'connect':
      connect(ctx, cmd);
      break;
    case 'createStream':
      if (ctx.streams.size >= MAX_STREAMS) {
        ctx.send(commandError(txn, 'NetConnection.Call.Failed', `At most ${MAX_STREAMS} streams per connection.`));
      } else {
        const id = ctx.nextStreamId++;
        ctx.streams.add(id);
        answer(id);
      }
      break;
    case 'releaseStream':
      answer(undefined);
      break;
    case 'FCPublish':
      ctx.send(onFcCall('onFCPublish', text(cmd.args[0]) ?? ''));
      answer(undefined);
      break;
    case 'publish':
      publish(ctx, cmd, message.streamId);
      break;
    case 'FCUnpublish': {
      ctx.send(onFcCall('onFCUnpublish', text(cmd.args[0]) ?? ''));
      const live = ctx.publishing();
      if (live !== undefined) ctx.unpublish(live.streamId);
      answer(undefined);
      break;
    }
    case 'closeStream':
      ctx.unpublish(message.streamId);
      break;
    case 'deleteStream': {
      const id = typeof cmd.args[0] === 'number' ? cmd.args[0] : message.streamId;
      ctx.unpublish(id);
      ctx.streams.delete(id);
      break;
    }
    case 'getStreamLength':
      answer(0);
      break;
    case 'play':
    case 'play2':
      ctx.send(onStatus(message.streamId, 'error', 'NetStream.Play.Failed', 'This server only takes publishers.'));
      ctx.end('play refused');
      break;
    case '_result':
    case '_error':
    case 'onStatus':
      break; // answers to calls we never make
    default:
      if (txn !== 0)
        ctx.send(commandError(txn, 'NetConnection.Call.Failed', `Unknown command: ${cmd.name.slice(0, 64)}.`));
  }
}
