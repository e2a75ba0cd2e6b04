import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs on embedded defaults with no environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.s3).toBeUndefined();
    expect(config.dataDir).toMatch(/\.framecast$/);
    expect(config.rateLimit.perMinute).toBeGreaterThan(0);
  });

  it('converts numbers and lists from text', () => {
    const config = loadConfig({ PORT: '9000', CORS_ORIGINS: 'https://a.example, https://b.example' });
    expect(config.port).toBe(9000);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('names the bad variable and the value it got', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT.*"eighty"/);
    expect(() => loadConfig({ DATABASE_URL: 'localhost:5432' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('reads where other modules run from *_SERVICE_URL', () => {
    const config = loadConfig({ USER_SERVICE_URL: 'http://127.0.0.1:8081/' });
    expect(config.serviceUrls).toEqual({ user: 'http://127.0.0.1:8081' });
    expect(() => loadConfig({ USER_SERVICE_URL: 'user:8081' })).toThrow(/USER_SERVICE_URL/);
  });

  it('needs a client id with an OIDC issuer', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:9999' })).toThrow(/OIDC_CLIENT_ID/);
    const config = loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:9999', OIDC_CLIENT_ID: 'framecast' });
    expect(config.oidc).toMatchObject({ issuer: 'http://127.0.0.1:9999', clientId: 'framecast' });
  });

  it('switches storage to S3 when a bucket is named', () => {
    const config = loadConfig({ S3_BUCKET: 'media', S3_ENDPOINT: 'http://127.0.0.1:9000' });
    expect(config.s3).toMatchObject({ bucket: 'media', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1' });
  });
});
