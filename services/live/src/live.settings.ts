import { ffmpegSettingsSchema, LIVE_RUNG_HEIGHTS } from '@framecast/media';
import Type, { type Static } from 'typebox';

const RUNGS = LIVE_RUNG_HEIGHTS.join('|');

/** The live module's environment variables (documented in docs/operations.md). */
export const liveSettingsSchema = Type.Object(
  {
    RTMP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 1935 }),
    RTMPS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 1936 }),
    RTMPS_CERT_FILE: Type.Optional(Type.String({ minLength: 1 })),
    RTMPS_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
    SRT_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8890 }),
    LIVE_ADVERTISE_URL: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://' })),
    LIVE_RENDITIONS: Type.String({
      pattern: `^(${RUNGS})(,(${RUNGS}))*$`,
      default: LIVE_RUNG_HEIGHTS.join(','),
    }),
    LIVE_INGEST_HOST: Type.Optional(Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:\\[\\]-]+$' })),
    LIVE_DVR_WINDOW_SECONDS: Type.Integer({ minimum: 10, maximum: 12 * 3600, default: 2 * 3600 }),
    ...ffmpegSettingsSchema.properties,
  },
  { dependentRequired: { RTMPS_CERT_FILE: ['RTMPS_KEY_FILE'], RTMPS_KEY_FILE: ['RTMPS_CERT_FILE'] } },
);

export type LiveEnv = Static<typeof liveSettingsSchema>;

/** The live module's settings, as its code uses them. */
export interface LiveSettings {
  /** Where publishers connect (0: any free port, for tests). */
  rtmpPort: number;
  /** RTMP over TLS, when a certificate is configured: its port and the PEM files of its certificate and key. */
  rtmps: { port: number; certFile: string; keyFile: string } | null;
  /** The UDP port SRT publishers call (0: any free port, for tests). */
  srtPort: number;
  /** Where the other live instances reach this one's media routes (a stream on air here is served from here). */
  advertiseUrl: string;
  /** Heights of the rungs made below a stream's source (`LIVE_RENDITIONS`). */
  renditions: number[];
  /** The host name the studio shows in the ingest URL: `PUBLIC_URL`'s unless set. */
  ingestHost: string;
  /** Seconds of a stream viewers can seek back in. */
  dvrWindowSeconds: number;
  ffmpegPath: string | undefined;
  ffprobePath: string | undefined;
}

/** Pure. `listen` is where this process's HTTP server listens (`HOST`, `PORT`). */
export function toLiveSettings(
  env: LiveEnv,
  publicUrl: string,
  listen = { host: '127.0.0.1', port: 8080 },
): LiveSettings {
  const anyAddress = ['0.0.0.0', '::', ''].includes(listen.host);
  const host = anyAddress ? '127.0.0.1' : listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    advertiseUrl: (env.LIVE_ADVERTISE_URL ?? `http://${host}:${listen.port}`).replace(/\/+$/, ''),
    rtmpPort: env.RTMP_PORT,
    rtmps:
      env.RTMPS_CERT_FILE && env.RTMPS_KEY_FILE
        ? { port: env.RTMPS_PORT, certFile: env.RTMPS_CERT_FILE, keyFile: env.RTMPS_KEY_FILE }
        : null,
    srtPort: env.SRT_PORT,
    renditions: [...new Set(env.LIVE_RENDITIONS.split(',').map(Number))],
    ingestHost: env.LIVE_INGEST_HOST ?? new URL(publicUrl).hostname,
    dvrWindowSeconds: env.LIVE_DVR_WINDOW_SECONDS,
    ffmpegPath: env.FFMPEG_PATH,
    ffprobePath: env.FFPROBE_PATH,
  };
}
