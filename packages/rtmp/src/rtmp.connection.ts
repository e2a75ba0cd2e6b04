import { splitAggregate } from './aggregate.split.js';
import type { Amf0Limits, AmfObject } from './amf0.types.js';
import { ChunkReader, type ChunkReaderLimits } from './chunk.reader.js';
import { MessageType, type RtmpMessage } from './chunk.types.js';
import { ChunkWriter } from './chunk.writer.js';
import type { AudioCodecInfo, VideoCodecInfo } from './codec.info.js';
import { onStatus } from './command.messages.js';
import { type CommandContext, handleCommand, type PublishRequest } from './connection.commands.js';
import {
  acknowledgementMessage,
  decodeControl,
  setChunkSizeMessage,
  UserControl,
  userControlMessage,
} from './control.messages.js';
import { type HandshakeDeps, type HandshakeReply, ServerHandshake } from './handshake.server.js';
import { MediaClassifier } from './media.classify.js';
import type { MediaTag } from './media.tag.js';

/** Limits of one connection's protocol handling. */
export interface ConnectionLimits extends ChunkReaderLimits, Amf0Limits {
  /** Chunk size announced to the peer and used for what we send. */
  outChunkSize: number;
  /** Window Acknowledgement Size and Set Peer Bandwidth announced to the peer. */
  windowAckSize: number;
}

/** What the protocol asks of its surroundings: the socket layer implements these. */
export interface ConnectionHooks {
  send(bytes: Buffer): void;
  /** The handshake finished (the handshake timeout can stop); `form` says which one the client used. */
  handshakeDone?(form: HandshakeReply['form']): void;
  /** A publish to decide: answer with `accept()` or `refuse()`. Input waits until then. */
  publish(request: PublishRequest): void;
  codec(info: VideoCodecInfo | AudioCodecInfo): void;
  metadata(metadata: AmfObject): void;
  media(tag: MediaTag): void;
  /** The publisher ended its stream (FCUnpublish, deleteStream, closeStream). */
  unpublished(): void;
  /** Output is final: end the socket once what was sent is flushed. */
  end(reason: string): void;
}

type PublishState = { streamId: number; key: string; state: 'pending' | 'live' | 'ended' };

/**
 * One RTMP connection without its socket: bytes in, bytes and events out. It answers the handshake, reassembles
 * chunks, answers control and command messages, and reports what a publisher sends once its publish is accepted.
 * Throws `RtmpError` from `receive` on input it cannot accept; the caller closes the socket then.
 */
export class RtmpConnection {
  private readonly handshake: ServerHandshake;
  private readonly reader: ChunkReader;
  private readonly writer = new ChunkWriter();
  private readonly classifier: MediaClassifier;
  private bytesIn = 0;
  private lastAck = 0;
  private peerWindow = 0;
  private publishing: PublishState | undefined;
  private finished = false;
  private handshakeForm: HandshakeReply['form'] | undefined;
  private readonly ctx: CommandContext;
  /** Media messages not taken: before the publish was accepted, or on another message stream. */
  droppedMessages = 0;

  constructor(
    private readonly limits: ConnectionLimits,
    private readonly hooks: ConnectionHooks,
    handshakeDeps?: HandshakeDeps,
  ) {
    this.handshake = new ServerHandshake(handshakeDeps);
    this.reader = new ChunkReader(limits);
    this.classifier = new MediaClassifier(limits);
    this.ctx = {
      connected: false,
      app: '',
      streams: new Set(),
      nextStreamId: 1,
      limits,
      send: (m) => this.send(m),
      startConnection: () => this.startConnection(),
      publishing: () => this.publishing,
      requestPublish: (request) => this.requestPublish(request),
      unpublish: (streamId) => this.unpublish(streamId),
      end: (reason) => this.end(reason),
    };
  }

  /** Bytes received so far, handshake included. */
  get bytesReceived(): number {
    return this.bytesIn;
  }

  get chunkCounters() {
    return this.reader.counters;
  }

  get bufferedBytes(): number {
    return this.reader.bufferedBytes;
  }

  get codecs(): { video?: VideoCodecInfo; audio?: AudioCodecInfo; metadata?: AmfObject } {
    const { video, audio, metadata } = this.classifier;
    return { ...(video && { video }), ...(audio && { audio }), ...(metadata && { metadata }) };
  }

  /** Whether this connection will take no more input (refused, ended, closed by the caller). */
  get ended(): boolean {
    return this.finished;
  }

  receive(bytes: Buffer): void {
    if (this.finished) return;
    this.bytesIn += bytes.length;
    let rest: Buffer | undefined = bytes;
    if (!this.handshake.done) {
      const step = this.handshake.push(bytes);
      if (step.reply) {
        this.handshakeForm = step.reply.form;
        this.hooks.send(step.reply.bytes);
      }
      rest = step.rest;
      if (rest === undefined) return;
      this.hooks.handshakeDone?.(this.handshakeForm ?? 'simple');
    }
    this.reader.push(rest);
    this.acknowledge();
    this.pump();
  }

  /** Accepts the pending publish: tells the publisher, then takes its media. */
  accept(): void {
    const p = this.publishing;
    if (this.finished || p?.state !== 'pending') return;
    p.state = 'live';
    this.send(userControlMessage(UserControl.streamBegin, p.streamId));
    this.send(
      onStatus(p.streamId, 'status', 'NetStream.Publish.Start', `${p.key} is now published.`, { details: p.key }),
    );
    this.pump();
  }

  /** Refuses the pending publish with NetStream.Publish.BadName, then ends the connection. */
  refuse(reason: string): void {
    const p = this.publishing;
    if (this.finished || p?.state !== 'pending') return;
    p.state = 'ended';
    this.send(onStatus(p.streamId, 'error', 'NetStream.Publish.BadName', reason));
    this.end(`publish refused: ${reason}`);
  }

  /** Ends a live publish from our side (NetStream.Publish.Rejected with `reason`), then the connection. */
  reject(reason: string): void {
    if (this.finished) return;
    const p = this.publishing;
    if (p !== undefined && p.state !== 'ended') {
      p.state = 'ended';
      this.send(onStatus(p.streamId, 'error', 'NetStream.Publish.Rejected', reason));
    }
    this.end(reason);
  }

  private send(message: RtmpMessage): void {
    this.hooks.send(this.writer.write(message));
  }

  private end(reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.hooks.end(reason);
  }

  private startConnection(): void {
    this.send(setChunkSizeMessage(this.limits.outChunkSize));
    this.writer.chunkSize = this.limits.outChunkSize;
  }

  private requestPublish(request: PublishRequest): void {
    this.publishing = { streamId: request.streamId, key: request.key, state: 'pending' };
    this.hooks.publish(request);
  }

  private unpublish(streamId: number): void {
    const p = this.publishing;
    if (p?.state !== 'live' || p.streamId !== streamId) return;
    p.state = 'ended';
    this.send(onStatus(streamId, 'status', 'NetStream.Unpublish.Success', `${p.key} is now unpublished.`));
    this.hooks.unpublished();
  }

  /** Acknowledges what was received, every window the peer asked for (or the one we announced). */
  private acknowledge(): void {
    const window = this.peerWindow > 0 ? this.peerWindow : this.limits.windowAckSize;
    if (window <= 0 || this.bytesIn - this.lastAck < window) return;
    this.lastAck = this.bytesIn;
    this.send(acknowledgementMessage(this.bytesIn % 2 ** 32));
  }

  private pump(): void {
    while (!this.finished && this.publishing?.state !== 'pending') {
      const message = this.reader.next();
      if (message === undefined) return;
      this.dispatch(message);
    }
  }

  private dispatch(message: RtmpMessage): void {
    switch (message.typeId) {
      case MessageType.setChunkSize:
      case MessageType.abort:
      case MessageType.acknowledgement:
      case MessageType.setPeerBandwidth:
        decodeControl(message); // applied by the reader, or nothing to do; still validated
        return;
      case MessageType.windowAckSize: {
        const control = decodeControl(message);
        if (control?.kind === 'windowAckSize') this.peerWindow = control.size;
        return;
      }
      case MessageType.userControl: {
        const control = decodeControl(message);
        if (control?.kind === 'userControl' && control.event === UserControl.pingRequest) {
          this.send(userControlMessage(UserControl.pingResponse, control.value));
        }
        return;
      }
      case MessageType.amf0Command:
      case MessageType.amf3Command:
        handleCommand(this.ctx, message);
        return;
      case MessageType.audio:
      case MessageType.video:
      case MessageType.amf0Data:
      case MessageType.amf3Data:
        this.media(message);
        return;
      case MessageType.aggregate:
        if (!this.live(message)) return;
        for (const part of splitAggregate(message)) {
          if (this.finished) return;
          this.media(part);
        }
        return;
      default:
        return; // shared objects and unknown types: nothing a publisher needs from us
    }
  }

  private live(message: RtmpMessage): boolean {
    const p = this.publishing;
    if (p?.state === 'live' && p.streamId === message.streamId) return true;
    this.droppedMessages += 1;
    return false;
  }

  private media(message: RtmpMessage): void {
    if (!this.live(message)) return;
    const { tag, codec, metadata } = this.classifier.classify(message);
    if (codec) this.hooks.codec(codec);
    if (metadata) this.hooks.metadata(metadata);
    // A listener may have ended the publish (a codec refused): what follows is not taken.
    if (tag && !this.finished && this.publishing?.state === 'live') this.hooks.media(tag);
  }
}
