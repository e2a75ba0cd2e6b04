import { describe, expect, it } from 'vitest';
import { CookieJar } from './srt.cookie.js';

describe('CookieJar', () => {
  let clock = 10 * 60_000;
  const jar = new CookieJar(Buffer.alloc(32, 7), () => clock);

  it('checks a cookie for the address and port it was made for, in its minute and the next', () => {
    clock = 10 * 60_000 + 59_000;
    const cookie = jar.bake('192.0.2.1', 4000);
    expect(cookie).not.toBe(0);
    expect(jar.check('192.0.2.1', 4000, cookie)).toBe(true);
    expect(jar.check('192.0.2.1', 4001, cookie)).toBe(false);
    expect(jar.check('192.0.2.2', 4000, cookie)).toBe(false);
    clock += 60_000;
    expect(jar.check('192.0.2.1', 4000, cookie)).toBe(true);
    clock += 60_000;
    expect(jar.check('192.0.2.1', 4000, cookie)).toBe(false);
  });

  it('differs between servers (each has its own secret)', () => {
    const other = new CookieJar(Buffer.alloc(32, 8), () => clock);
    expect(other.bake('192.0.2.1', 4000)).not.toBe(jar.bake('192.0.2.1', 4000));
    expect(new CookieJar().check('192.0.2.1', 4000, jar.bake('192.0.2.1', 4000))).toBe(false);
  });
});
