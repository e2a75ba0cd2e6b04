import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { AmfObject } from '../amf0.types.js';
import { PublisherScript, type ServerCommand } from './publisher.script.js';

export interface TestPublisherOptions {
  host?: string;
  /** Connect with TLS (RTMPS); certificates are not checked. */
  tls?: boolean;
  handshake?: 'simple' | 'digest';
}

/**
 * A scripted publisher over a real socket, for tests of the server without an encoder: handshake, connect,
 * createStream, publish, then whatever tags the test sends.
 */
export class TestPublisher {
  readonly script = new PublisherScript();
  readonly closed: Promise<void>;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      const reply = this.script.receive(chunk);
      if (reply) socket.write(reply);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => {
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(port: number, options: TestPublisherOptions = {}): Promise<TestPublisher> {
    const host = options.host ?? '127.0.0.1';
    const socket = options.tls ? tlsConnect({ port, host, rejectUnauthorized: false }) : netConnect({ port, host });
    await new Promise<void>((resolve, reject) => {
      socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    const publisher = new TestPublisher(socket);
    socket.write(publisher.script.start(options.handshake ?? 'digest'));
    await publisher.until(() => publisher.script.handshaken, 5000);
    return publisher;
  }

  get isClosed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded;
  }

  send(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Waits until `predicate` holds on what the server sent (or the socket closes: then it throws). */
  async waitFor(predicate: (commands: ServerCommand[]) => boolean, timeoutMs = 5000): Promise<void> {
    await this.until(() => predicate(this.script.commands), timeoutMs);
  }

  private async until(condition: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.isClosed) throw new Error(`Closed while waiting; status codes: ${this.script.statusCodes().join(', ')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('Timed out waiting for the server.');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Connects and publishes `key` on `app`; resolves with the first status code of the publish (Start or BadName). */
  async publish(app: string, key: string): Promise<string> {
    this.send(this.script.connect(app, key));
    await this.waitFor((cs) => cs.some((c) => c.name === '_result' && typeof c.values[1] === 'number'));
    this.send(this.script.publish(key));
    try {
      await this.waitFor((cs) => cs.some((c) => c.name === 'onStatus'));
    } catch (err) {
      if (this.script.statusCodes().length === 0) throw err;
    }
    return this.script.statusCodes()[0]!;
  }

  metadata(metadata: AmfObject): void {
    this.send(this.script.metadata(metadata));
  }

  media(typeId: 8 | 9, timestamp: number, body: Buffer): void {
    this.send(this.script.media(typeId, timestamp, body));
  }

  unpublish(key: string): void {
    this.send(this.script.command('FCUnpublish', null, key));
    this.send(this.script.command('deleteStream', null, 1));
  }

  destroy(): void {
    this.socket.destroy();
  }
}
