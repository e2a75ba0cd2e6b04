import { decodeAmf0 } from '../amf0.decode.js';
import { encodeAmf0 } from '../amf0.encode.js';
import { type AmfObject, type AmfValue, EcmaArray } from '../amf0.types.js';
import { ChunkReader } from '../chunk.reader.js';
import { ChunkStream, MessageType, type RtmpMessage } from '../chunk.types.js';
import { ChunkWriter } from '../chunk.writer.js';
import { setChunkSizeMessage } from '../control.messages.js';
import { type ClientHello, clientAck, clientHello } from '../handshake.client.js';
import { HANDSHAKE_SIZE } from '../handshake.digest.js';

/** A command the server sent, decoded. */
export interface ServerCommand {
  name: string;
  transactionId: number;
  values: AmfValue[];
  streamId: number;
}

/**
 * The client side of a publish, without a socket: builds the bytes a publisher sends (with every chunk header form,
 * as FFmpeg compresses them) and reads what the server answers. Tests drive `RtmpConnection` or a real socket with it.
 */
export class PublisherScript {
  readonly writer: ChunkWriter;
  private readonly reader = new ChunkReader({
    maxMessageSize: 1 << 24,
    maxChunkStreams: 64,
    maxBufferedBytes: 1 << 26,
  });
  private hello: ClientHello | undefined;
  private handshakeBytes = Buffer.alloc(0);
  private handshakeDone = false;
  private txn = 0;
  /** Every message the server sent, in order. */
  readonly received: RtmpMessage[] = [];
  /** The commands among them, decoded. */
  readonly commands: ServerCommand[] = [];

  /**
   * `librtmp` writes as OBS's librtmp does: audio and video on one chunk stream, and no extended timestamp on
   * continuation chunks.
   */
  constructor(private readonly options: { librtmp?: boolean } = {}) {
    this.writer = new ChunkWriter({ compress: true, librtmp: options.librtmp === true });
  }

  /** Whether S0+S1+S2 arrived and C2 was produced: chunks may follow. */
  get handshaken(): boolean {
    return this.handshakeDone;
  }

  /** C0+C1 (simple or digest form). */
  start(form: 'simple' | 'digest' = 'digest'): Buffer {
    this.hello = clientHello(form);
    return this.hello.bytes;
  }

  /**
   * Takes server bytes. During the handshake returns C2 once S0+S1+S2 are in; afterwards returns nothing and records
   * messages.
   */
  receive(bytes: Buffer): Buffer | undefined {
    if (!this.handshakeDone) {
      this.handshakeBytes = Buffer.concat([this.handshakeBytes, bytes]);
      if (this.handshakeBytes.length < 1 + 2 * HANDSHAKE_SIZE) return undefined;
      const s1 = this.handshakeBytes.subarray(1, 1 + HANDSHAKE_SIZE);
      const s2 = this.handshakeBytes.subarray(1 + HANDSHAKE_SIZE, 1 + 2 * HANDSHAKE_SIZE);
      const rest = this.handshakeBytes.subarray(1 + 2 * HANDSHAKE_SIZE);
      this.handshakeDone = true;
      const c2 = clientAck(this.hello ?? clientHello('simple'), s1, s2);
      if (rest.length > 0) this.receive(rest);
      return c2;
    }
    this.reader.push(bytes);
    for (let m = this.reader.next(); m !== undefined; m = this.reader.next()) {
      this.received.push(m);
      if (m.typeId === MessageType.amf0Command) {
        const values = decodeAmf0(m.payload);
        this.commands.push({
          name: String(values[0]),
          transactionId: Number(values[1]),
          values: values.slice(2),
          streamId: m.streamId,
        });
      }
    }
    return undefined;
  }

  /** The `code` of every onStatus the server sent. */
  statusCodes(): string[] {
    return this.commands
      .filter((c) => c.name === 'onStatus')
      .map((c) => String((c.values[1] as AmfObject | undefined)?.code));
  }

  command(name: string, object: AmfValue, ...args: AmfValue[]): Buffer {
    return this.commandOn(0, name, object, ...args);
  }

  commandOn(streamId: number, name: string, object: AmfValue, ...args: AmfValue[]): Buffer {
    this.txn += 1;
    const payload = encodeAmf0(name, name === 'publish' ? 0 : this.txn, object, ...args);
    return this.writer.write({
      csid: ChunkStream.command,
      typeId: MessageType.amf0Command,
      streamId,
      timestamp: 0,
      payload,
    });
  }

  /** What FFmpeg sends after the handshake up to its publish: connect, releaseStream, FCPublish, createStream. */
  connect(app = 'live', key = 'key'): Buffer {
    return Buffer.concat([
      this.command('connect', {
        app,
        type: 'nonprivate',
        flashVer: 'FMLE/3.0 (compatible; test)',
        tcUrl: `rtmp://localhost/${app}`,
      }),
      this.command('releaseStream', null, key),
      this.command('FCPublish', null, key),
      this.command('createStream', null),
    ]);
  }

  publish(key = 'key', streamId = 1): Buffer {
    return this.commandOn(streamId, 'publish', null, key, 'live');
  }

  /** Sets the chunk size the publisher sends with (FFmpeg uses 4096 for media). */
  setChunkSize(size: number): Buffer {
    const bytes = this.writer.write(setChunkSizeMessage(size));
    this.writer.chunkSize = size;
    return bytes;
  }

  media(typeId: 8 | 9 | 18, timestamp: number, body: Buffer, streamId = 1): Buffer {
    const csid = typeId === 9 && !this.options.librtmp ? 6 : 4;
    return this.writer.write({ csid, typeId, streamId, timestamp, payload: body });
  }

  metadata(metadata: AmfObject, streamId = 1): Buffer {
    return this.media(18, 0, encodeAmf0('@setDataFrame', 'onMetaData', new EcmaArray(metadata)), streamId);
  }
}
