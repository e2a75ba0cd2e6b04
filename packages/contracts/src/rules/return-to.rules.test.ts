import { describe, expect, it } from 'vitest';
import { RETURN_TO_MAX_LENGTH, safeReturnTo } from './return-to.rules.js';

describe('safeReturnTo', () => {
  it.each(['/', '/c/alice', '/watch/123?t=30#chat', '/search?q=a%2Fb', '/settings/profile', '/%2F%2Fstays-here'])(
    'keeps the same-site path %s',
    (path) => {
      expect(safeReturnTo(path)).toBe(path);
    },
  );

  it.each([
    undefined,
    null,
    '',
    'https://evil.example/',
    'HTTPS://evil.example/',
    'javascript:alert(1)',
    'data:text/html,x',
    '//evil.example/x',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/ok\\..\\x',
    'c/alice',
    ' /c/alice',
    '/a\r\nSet-Cookie: x=1',
    '/\tx',
    '/\t/evil.example',
    '/\u0000x',
    '/\u007fx',
    '/\u0085x',
    `/${'a'.repeat(RETURN_TO_MAX_LENGTH)}`,
  ])('turns %j into /', (value) => {
    expect(safeReturnTo(value)).toBe('/');
  });

  it('keeps a path of the longest length', () => {
    const path = `/${'a'.repeat(RETURN_TO_MAX_LENGTH - 1)}`;
    expect(safeReturnTo(path)).toBe(path);
  });

  it('never gives a value a browser resolves to another origin', () => {
    const samples = ['//a', '/\\a', '/\t/a', 'http:/a', '/\n/a', '/./a', '/../a', '/%5Ca'];
    for (const sample of samples) {
      expect(new URL(safeReturnTo(sample), 'https://framecast.example').origin).toBe('https://framecast.example');
    }
  });
});
