import { describe, expect, it } from 'vitest';
import { allowedOrigins, fromAllowedOrigin } from './origin.check.js';

const allowed = allowedOrigins('https://video.example/', ['https://studio.example', 'not a url']);

describe('fromAllowedOrigin', () => {
  it('knows PUBLIC_URL and the CORS origins', () => {
    expect([...allowed]).toEqual(['https://video.example', 'https://studio.example']);
  });

  it('judges by Origin when there is one', () => {
    expect(fromAllowedOrigin({ origin: 'https://video.example' }, allowed)).toBe(true);
    expect(fromAllowedOrigin({ origin: 'https://studio.example', secFetchSite: 'cross-site' }, allowed)).toBe(true);
    expect(fromAllowedOrigin({ origin: 'https://evil.example', secFetchSite: 'same-origin' }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ origin: 'null' }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ origin: 'http://video.example' }, allowed)).toBe(false);
  });

  it('else by Sec-Fetch-Site, else by Referer', () => {
    expect(fromAllowedOrigin({ secFetchSite: 'same-origin' }, allowed)).toBe(true);
    expect(fromAllowedOrigin({ secFetchSite: 'none' }, allowed)).toBe(true);
    expect(fromAllowedOrigin({ secFetchSite: 'same-site' }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ secFetchSite: 'cross-site', referer: 'https://video.example/' }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ referer: 'https://video.example/watch/1' }, allowed)).toBe(true);
    expect(fromAllowedOrigin({ referer: 'https://evil.example/' }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ referer: '::' }, allowed)).toBe(false);
  });

  it('lets a request without any of them through: no browser sent it across sites', () => {
    expect(fromAllowedOrigin({}, allowed)).toBe(true);
  });
});
