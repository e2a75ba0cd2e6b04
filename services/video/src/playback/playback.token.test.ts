import { describe, expect, it } from 'vitest';
import { signPlaybackToken, TOKEN_PATTERN, verifyPlaybackToken } from './playback.token.js';

const SECRET = 's'.repeat(32);
const ID = '7d0c7b1e-1111-4222-8333-444455556666';
const VIDEO = { id: ID, generation: 0 };
const OTHER = { id: '7d0c7b1e-1111-4222-8333-444455557777', generation: 0 };

describe('playback tokens', () => {
  const token = signPlaybackToken(SECRET, ID, 2_000);

  it('are path-safe', () => {
    expect(token).toMatch(TOKEN_PATTERN);
  });

  it('are valid for their video until they expire', () => {
    expect(verifyPlaybackToken(SECRET, VIDEO, token, 1_999)).toBe('valid');
    expect(verifyPlaybackToken(SECRET, VIDEO, token, 2_000)).toBe('expired');
  });

  it('do not open another video', () => {
    expect(verifyPlaybackToken(SECRET, OTHER, token, 1_000)).toBe('forged');
  });

  it('cannot be extended or signed with another secret', () => {
    const [, sig] = token.split('.');
    expect(verifyPlaybackToken(SECRET, VIDEO, `9999999.${sig}`, 1_000)).toBe('forged');
    expect(verifyPlaybackToken(SECRET, VIDEO, signPlaybackToken('t'.repeat(32), ID, 2_000), 1_000)).toBe('forged');
  });

  it('rejects malformed text', () => {
    for (const bad of ['', 'abc', '2000.', '2000.short', `x.${'a'.repeat(43)}`, `${token}/..`]) {
      expect(verifyPlaybackToken(SECRET, VIDEO, bad, 1_000)).toBe('malformed');
    }
  });

  it('belong to one playback generation of the video', () => {
    const later = signPlaybackToken(SECRET, ID, 2_000, 3);
    expect(verifyPlaybackToken(SECRET, { id: ID, generation: 3 }, later, 1_000)).toBe('valid');
    expect(verifyPlaybackToken(SECRET, { id: ID, generation: 4 }, later, 1_000)).toBe('forged');
    expect(verifyPlaybackToken(SECRET, VIDEO, later, 1_000)).toBe('forged');
    expect(verifyPlaybackToken(SECRET, { id: ID, generation: 1 }, token, 1_000)).toBe('forged');
  });
});
