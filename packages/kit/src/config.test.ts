import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readSettings } from './config.js';

describe('loadConfig', () => {
  it('runs on embedded defaults with no environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.s3).toBeUndefined();
    expect(config.dataDir).toMatch(/\.framecast$/);
    expect(config.bodyLimitBytes).toBe(1024 * 1024);
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

  it('switches storage to S3 when a bucket is named', () => {
    const config = loadConfig({ S3_BUCKET: 'media', S3_ENDPOINT: 'http://127.0.0.1:9000' });
    expect(config.s3).toMatchObject({ bucket: 'media', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1' });
  });
});

describe('readSettings', () => {
  const schema = Type.Object(
    {
      ISSUER: Type.Optional(Type.String()),
      CLIENT: Type.Optional(Type.String()),
      RETRIES: Type.Integer({ default: 3 }),
    },
    { dependentRequired: { ISSUER: ['CLIENT'] } },
  );

  it('fills defaults, converts, and counts an empty variable as unset', () => {
    expect(readSettings(schema, { RETRIES: '' })).toEqual({ RETRIES: 3 });
    expect(readSettings(schema, { RETRIES: '5', ISSUER: 'a', CLIENT: 'b' })).toEqual({
      RETRIES: 5,
      ISSUER: 'a',
      CLIENT: 'b',
    });
  });

  it('refuses a fraction where a whole number is wanted', () => {
    expect(() => readSettings(schema, { RETRIES: '1.5' })).toThrow(
      'Invalid configuration: RETRIES must be a whole number (got "1.5")',
    );
  });

  it('names the variable a set one needs', () => {
    expect(() => readSettings(schema, { ISSUER: 'a' })).toThrow(
      'Invalid configuration: CLIENT is required when ISSUER is set',
    );
  });
});
