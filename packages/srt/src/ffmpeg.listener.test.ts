import { describe, expect, it } from 'vitest';
import { listenerArgs } from './ffmpeg.listener.js';

const plan = {
  port: 40_001,
  passphrase: 'a pass&phrase?',
  keyLength: 32 as const,
  analyzeDurationMs: 800,
  listenTimeoutMs: 5000,
};

describe('listenerArgs', () => {
  it('listens on loopback, passes the passphrase and key length as options (no URL escaping), times out', () => {
    const args = listenerArgs(plan);
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(after('-i')).toBe('srt://127.0.0.1:40001?mode=listener');
    expect(after('-passphrase')).toBe('a pass&phrase?');
    expect(after('-pbkeylen')).toBe('32');
    expect(after('-listen_timeout')).toBe('5000000');
    expect(after('-analyzeduration')).toBe('800000');
    // Input options come before the input they apply to.
    expect(args.indexOf('-passphrase')).toBeLessThan(args.indexOf('-i'));
    expect(args.indexOf('-f')).toBeLessThan(args.indexOf('-i'));
  });

  it('copies the first video and audio into FLV on stdout, and leaves pbkeylen to libsrt when unknown', () => {
    const args = listenerArgs({ ...plan, keyLength: undefined });
    expect(args).not.toContain('-pbkeylen');
    expect(args.join(' ')).toContain('-map 0:v:0? -map 0:a:0? -c copy -f flv');
    expect(args.at(-1)).toBe('pipe:1');
  });
});
