import { SrtError } from './srt.error.js';
import { ackRoundTrip, ControlType, HEADER_SIZE, lossCount, parseHeader } from './srt.packet.js';

/** What a session's relay has seen, read from the SRT headers it passes on (the payload is encrypted). */
export interface SrtStats {
  /** UDP payload bytes from the caller, SRT headers included. */
  bytesIn: number;
  /** Data packets from the caller, first sends and retransmissions. */
  packetsIn: number;
  /** Data packets from the caller with the retransmitted flag: what the loss cost. */
  retransmittedPackets: number;
  /** Loss reports (NAKs) FFmpeg's libsrt sent the caller. */
  lossReports: number;
  /** Sequence numbers those reports named; periodic NAK reports may name a packet more than once. */
  lostPackets: number;
  /** Round-trip time from FFmpeg's last ACK that carried one, in milliseconds. */
  rttMs: number | undefined;
  /** Bits per second from the caller over the last few seconds. */
  bitrate: number;
  /** FLV bytes FFmpeg wrote so far. */
  flvBytes: number;
}

/** Seconds of history the bitrate is averaged over. */
const WINDOW_SECONDS = 5;

/** Counts what passes through a relay; `now` is milliseconds, from any monotonic clock. */
export class RelayMeter {
  private bytesIn = 0;
  private packetsIn = 0;
  private retransmitted = 0;
  private lossReports = 0;
  private lost = 0;
  private rttMs: number | undefined;
  private flvBytes = 0;
  /** Bytes per whole second, newest last, and the second being filled. */
  private readonly seconds: number[] = [];
  private current = 0;
  private currentStart: number;

  constructor(now: number) {
    this.currentStart = now;
  }

  fromCaller(datagram: Buffer, now: number): void {
    this.roll(now);
    this.bytesIn += datagram.length;
    this.current += datagram.length;
    const packet = read(datagram);
    if (packet?.kind !== 'data') return;
    this.packetsIn++;
    if (packet.retransmitted) this.retransmitted++;
  }

  fromListener(datagram: Buffer): void {
    const packet = read(datagram);
    if (packet?.kind !== 'control') return;
    if (packet.type === ControlType.nak) {
      this.lossReports++;
      this.lost += lossCount(datagram.subarray(HEADER_SIZE));
    } else if (packet.type === ControlType.ack) {
      const rtt = ackRoundTrip(datagram.subarray(HEADER_SIZE));
      if (rtt !== undefined) this.rttMs = rtt / 1000;
    }
  }

  flv(bytes: number): void {
    this.flvBytes += bytes;
  }

  snapshot(now: number): SrtStats {
    this.roll(now);
    const full = this.seconds.reduce((sum, n) => sum + n, 0);
    const elapsed = this.seconds.length * 1000 + (now - this.currentStart);
    return {
      bytesIn: this.bytesIn,
      packetsIn: this.packetsIn,
      retransmittedPackets: this.retransmitted,
      lossReports: this.lossReports,
      lostPackets: this.lost,
      rttMs: this.rttMs,
      // Under a second in, a few packets are no rate: count the first second as a whole one.
      bitrate: Math.round(((full + this.current) * 8 * 1000) / Math.max(elapsed, 1000)),
      flvBytes: this.flvBytes,
    };
  }

  private roll(now: number): void {
    while (now - this.currentStart >= 1000) {
      this.seconds.push(this.current);
      if (this.seconds.length > WINDOW_SECONDS) this.seconds.shift();
      this.current = 0;
      this.currentStart += 1000;
      // A long silence: the whole window is empty seconds, no need to walk them one by one.
      if (now - this.currentStart > WINDOW_SECONDS * 1000) {
        this.seconds.splice(0, this.seconds.length, ...new Array<number>(WINDOW_SECONDS).fill(0));
        this.currentStart = now - ((now - this.currentStart) % 1000);
      }
    }
  }
}

function read(datagram: Buffer) {
  try {
    return parseHeader(datagram);
  } catch (err) {
    if (err instanceof SrtError) return undefined;
    throw err;
  }
}
