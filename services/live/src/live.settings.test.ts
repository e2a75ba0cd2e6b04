import { readSettings } from '@framecast/kit';
import { describe, expect, it } from 'vitest';
import { liveSettingsSchema, toLiveSettings } from './live.settings.js';

const read = (env: Record<string, string>) => toLiveSettings(readSettings(liveSettingsSchema, env), 'http://v.example');

describe('live settings', () => {
  it('turns RTMPS on when a certificate and its key are both set, on 1936 unless told', () => {
    expect(read({}).rtmps).toBeNull();
    expect(read({ RTMPS_CERT_FILE: '/etc/tls/cert.pem', RTMPS_KEY_FILE: '/etc/tls/key.pem' }).rtmps).toEqual({
      port: 1936,
      certFile: '/etc/tls/cert.pem',
      keyFile: '/etc/tls/key.pem',
    });
    expect(read({ RTMPS_CERT_FILE: 'c', RTMPS_KEY_FILE: 'k', RTMPS_PORT: '443' }).rtmps?.port).toBe(443);
  });

  it('takes the rungs below the source from LIVE_RENDITIONS, and refuses a height it cannot make', () => {
    expect(read({}).renditions).toEqual([1080, 720, 480, 360, 160]);
    expect(read({ LIVE_RENDITIONS: '480,360' }).renditions).toEqual([480, 360]);
    expect(() => read({ LIVE_RENDITIONS: '480,240' })).toThrow(/LIVE_RENDITIONS/);
  });

  it('names the missing half of the certificate', () => {
    expect(() => read({ RTMPS_CERT_FILE: '/etc/tls/cert.pem' })).toThrow(
      'Invalid configuration: RTMPS_KEY_FILE is required when RTMPS_CERT_FILE is set',
    );
    expect(() => read({ RTMPS_KEY_FILE: '/etc/tls/key.pem' })).toThrow('RTMPS_CERT_FILE is required');
  });
});
