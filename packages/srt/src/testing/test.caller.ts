import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { type Handshake, HandshakeType, parseHandshake, REJECTION_BASE } from '../srt.handshake.js';
import { ControlType, parseHeader } from '../srt.packet.js';
import { type CallerHandshake, callerConclusionPacket, callerInductionPacket } from './caller.packets.js';

/** How a scripted conclusion was answered: accepted, refused with a reason (the number past 1000), or not at all. */
export type ConclusionAnswer =
  | { kind: 'accepted'; handshake: Handshake; ms: number }
  | { kind: 'rejected'; reason: number; handshake: Handshake; ms: number }
  | { kind: 'silence'; ms: number };

/**
 * A caller that speaks only the handshake, over a real UDP socket: for tests of the front (cookies, refusals, limits)
 * without an encoder. Bind it to another loopback address (127.0.0.2…) to be another host.
 */
export class TestCaller {
  readonly socketId = (randomBytes(4).readUInt32BE(0) | 1) >>> 0;
  private readonly received: Buffer[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly socket: Socket,
    private readonly port: number,
    private readonly host: string,
  ) {
    socket.on('message', (datagram) => {
      this.received.push(datagram);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(port: number, options: { host?: string; bindAddress?: string } = {}): Promise<TestCaller> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, options.bindAddress ?? '127.0.0.1', resolve));
    return new TestCaller(socket, port, options.host ?? '127.0.0.1');
  }

  send(datagram: Buffer): void {
    this.socket.send(datagram, this.port, this.host);
  }

  /** Sends an induction and resolves with the answer (throws after `timeoutMs` without one). */
  async induction(timeoutMs = 2000): Promise<Handshake> {
    this.send(callerInductionPacket({ socketId: this.socketId }));
    const answer = await this.handshake((h) => h.type === HandshakeType.induction, timeoutMs);
    if (answer === undefined) throw new Error('no answer to the induction');
    return answer.handshake;
  }

  /** Sends a conclusion (the cookie from an induction unless given) and waits up to `timeoutMs` for the answer. */
  async conclude(fields: Omit<CallerHandshake, 'socketId'>, timeoutMs = 2000): Promise<ConclusionAnswer> {
    const cookie = fields.cookie ?? (await this.induction()).cookie;
    return this.concludeWith(callerConclusionPacket({ ...fields, socketId: this.socketId, cookie }), timeoutMs);
  }

  /**
   * Sends a conclusion as it is (say, one captured from a real caller, given a fresh cookie with `withCookie`): its
   * key material is then real, and a libsrt listener with that passphrase accepts it.
   */
  async concludeWith(conclusion: Buffer, timeoutMs = 2000): Promise<ConclusionAnswer> {
    const started = performance.now();
    this.send(conclusion);
    const answer = await this.handshake((h) => h.type !== HandshakeType.induction, timeoutMs);
    const ms = performance.now() - started;
    if (answer === undefined) return { kind: 'silence', ms };
    const { handshake } = answer;
    if (handshake.type >= REJECTION_BASE && handshake.type !== HandshakeType.conclusion) {
      return { kind: 'rejected', reason: handshake.type - REJECTION_BASE, handshake, ms };
    }
    return { kind: 'accepted', handshake, ms };
  }

  /** The next handshake received that `accept` takes (earlier ones are dropped), or undefined after `timeoutMs`. */
  private async handshake(accept: (h: Handshake) => boolean, timeoutMs: number) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      while (this.received.length > 0) {
        const datagram = this.received.shift()!;
        const header = parseHeader(datagram);
        if (header.kind !== 'control' || header.type !== ControlType.handshake) continue;
        const handshake = parseHandshake(datagram);
        if (accept(handshake)) return { handshake };
      }
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
