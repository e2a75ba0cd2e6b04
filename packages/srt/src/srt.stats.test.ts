import { describe, expect, it } from 'vitest';
import { ControlType, controlPacket } from './srt.packet.js';
import { RelayMeter } from './srt.stats.js';

function data(sequence: number, retransmitted: boolean, size = 1316): Buffer {
  const packet = Buffer.alloc(16 + size);
  packet.writeUInt32BE(sequence, 0);
  packet.writeUInt32BE((0xc0000000 | (retransmitted ? 0x04000000 : 0)) >>> 0, 4);
  return packet;
}

const words = (...values: number[]) => {
  const buf = Buffer.alloc(values.length * 4);
  for (const [i, v] of values.entries()) buf.writeUInt32BE(v >>> 0, i * 4);
  return buf;
};

describe('RelayMeter', () => {
  it('counts bytes, data packets and retransmissions from the caller, NAKs and RTT from the listener', () => {
    const meter = new RelayMeter(0);
    meter.fromCaller(data(1, false), 10);
    meter.fromCaller(data(2, true), 20);
    meter.fromCaller(controlPacket(ControlType.ackack, 5, 0), 30);
    meter.fromCaller(Buffer.from('garbage'), 40);
    meter.fromListener(controlPacket(ControlType.nak, 0, 0, words(0x80000005, 9, 12)));
    meter.fromListener(controlPacket(ControlType.ack, 0, 0, words(13, 42_500, 1000, 8000)));
    meter.fromListener(controlPacket(ControlType.ack, 0, 0, words(14))); // light ACK: no RTT in it
    meter.flv(1000);
    meter.flv(24);
    expect(meter.snapshot(50)).toEqual({
      bytesIn: 2 * 1332 + 16 + 7,
      packetsIn: 2,
      retransmittedPackets: 1,
      lossReports: 1,
      lostPackets: 6,
      rttMs: 42.5,
      bitrate: Math.round(((2 * 1332 + 23) * 8 * 1000) / 1000),
      flvBytes: 1024,
    });
  });

  it('averages the bitrate over the last five seconds and forgets a long silence', () => {
    const meter = new RelayMeter(0);
    // 125 000 bytes a second = 1 Mbit/s, for ten seconds.
    for (let t = 0; t < 10_000; t += 100) meter.fromCaller(Buffer.alloc(12_500), t);
    expect(meter.snapshot(10_000).bitrate).toBe(1_000_000);
    // 2.5 s later: three full seconds of the last five, and half an empty one.
    expect(meter.snapshot(12_500).bitrate).toBe(Math.round((375_000 * 8 * 1000) / 5500));
    expect(meter.snapshot(60_000).bitrate).toBe(0);
    meter.fromCaller(Buffer.alloc(1000), 60_100);
    expect(meter.snapshot(60_200).bitrate).toBeLessThan(10_000);
  });
});
