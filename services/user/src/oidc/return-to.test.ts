import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.js';

describe('safeReturnTo', () => {
  it.each(['/', '/c/alice', '/watch/123?t=30#chat', '/search?q=a%2Fb'])('keeps the same-site path %s', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    undefined,
    '',
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    '/ok\\..\\x',
    'javascript:alert(1)',
    'c/alice',
    '/a\r\nSet-Cookie: x=1',
    '/\tx',
    `/${'a'.repeat(2001)}`,
  ])('turns %j into /', (value) => {
    expect(safeReturnTo(value)).toBe('/');
  });
});
