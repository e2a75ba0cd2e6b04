import { readSettings } from '@framecast/kit';
import { describe, expect, it } from 'vitest';
import { toUserSettings, userSettingsSchema } from './user.settings.js';

const read = (env: NodeJS.ProcessEnv) => toUserSettings(readSettings(userSettingsSchema, env));

describe('user settings', () => {
  it('have the documented defaults', () => {
    expect(read({})).toEqual({
      adminEmail: undefined,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 30 * 24 * 3600,
      refreshReuseGraceSeconds: 20,
      oidc: null,
      seedPassword: undefined,
    });
  });

  it('compare the admin email in lower case', () => {
    expect(read({ ADMIN_EMAIL: 'Chief@Example.com' }).adminEmail).toBe('chief@example.com');
  });

  it('need a client id with an OIDC issuer', () => {
    expect(() => read({ OIDC_ISSUER: 'http://127.0.0.1:9999' })).toThrow(
      'Invalid configuration: OIDC_CLIENT_ID is required when OIDC_ISSUER is set',
    );
    expect(read({ OIDC_ISSUER: 'http://127.0.0.1:9999', OIDC_CLIENT_ID: 'framecast' }).oidc).toEqual({
      issuer: 'http://127.0.0.1:9999',
      clientId: 'framecast',
      clientSecret: undefined,
      name: 'Single sign-on',
    });
  });

  it('keep the refresh grace window within five minutes', () => {
    expect(() => read({ REFRESH_REUSE_GRACE_SECONDS: '301' })).toThrow(/REFRESH_REUSE_GRACE_SECONDS/);
  });
});
