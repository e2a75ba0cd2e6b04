import { resolve } from 'node:path';
import Type, { type Static, type TObject } from 'typebox';
import Value from 'typebox/value';

const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const Url = Type.String({ pattern: '^[a-z][a-z0-9+.-]*://' });

/** Every environment variable Framecast reads, with its default. Documented in docs/operations.md. */
const EnvSchema = Type.Object({
  HOST: Type.String({ default: '0.0.0.0' }),
  PORT: Type.Optional(Port),
  PUBLIC_URL: Type.String({ default: 'http://localhost:8080', pattern: '^https?://' }),
  DATA_DIR: Type.String({ default: '.framecast' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  DATABASE_URL: Type.Optional(Url),
  REDIS_URL: Type.Optional(Url),
  REDIS_KEY_PREFIX: Type.String({ default: 'framecast:', maxLength: 64 }),
  AMQP_URL: Type.Optional(Url),
  S3_BUCKET: Type.Optional(Type.String({ minLength: 3 })),
  S3_ENDPOINT: Type.Optional(Url),
  S3_REGION: Type.String({ default: 'us-east-1' }),
  S3_ACCESS_KEY_ID: Type.Optional(Type.String()),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String()),
  S3_FORCE_PATH_STYLE: Type.Boolean({ default: true }),
  JWKS_URL: Type.Optional(Url),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1024 * 1024 }),
  HTTP_HEADERS_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 20_000 }),
  HTTP_IDLE_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 120_000 }),
  HTTP_BODY_RATE_WINDOW_MS: Type.Integer({ minimum: 100, default: 20_000 }),
  HTTP_BODY_MIN_BYTES_PER_SECOND: Type.Integer({ minimum: 0, default: 1024 }),
  CORS_ORIGINS: Type.String({ default: '' }),
  TRUST_PROXY: Type.String({ default: '', pattern: '^[0-9A-Fa-f.:/, ]*$' }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 10_000 }),
  OUTBOX_RELAY_INTERVAL_MS: Type.Integer({ minimum: 10, default: 250 }),
});

type Env = Static<typeof EnvSchema>;

/** Environment variables naming where each module runs in microservices mode: `USER_SERVICE_URL`. */
const SERVICE_URL = /^([A-Z0-9]+)_SERVICE_URL$/;

export interface Config {
  host: string;
  /** Port of this process; 8080 unless set. */
  port: number;
  publicUrl: string;
  dataDir: string;
  logLevel: Env['LOG_LEVEL'];
  databaseUrl?: string;
  redisUrl?: string;
  /**
   * Addresses (or CIDR ranges) of the proxies in front of this process — the gateway, a load balancer — whose
   * `X-Forwarded-For` names the client. Empty: the peer address is the client.
   */
  trustProxy: string[];
  /** Namespace of every key this deployment writes in Redis. */
  redisKeyPrefix: string;
  amqpUrl?: string;
  s3?: {
    bucket: string;
    endpoint?: string;
    region: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    forcePathStyle: boolean;
  };
  /** Base URLs of modules that run in other processes, by module name. */
  serviceUrls: Record<string, string>;
  jwksUrl?: string;
  bodyLimitBytes: number;
  /** Slow clients: headers must arrive within, a socket may sit idle for, a body must keep a minimum rate over. */
  http: { headersTimeoutMs: number; idleTimeoutMs: number; bodyRateWindowMs: number; bodyMinBytesPerSecond: number };
  corsOrigins: string[];
  shutdownTimeoutMs: number;
  /** Pause of each outbox relay between passes when its outbox is drained. */
  outboxRelayIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** The process-wide variables; each module declares its own in `ServiceModule.settings`. */
export const coreSettings = EnvSchema;

/**
 * Reads the variables `schema` declares from `env` (empty counts as unset), with their defaults, converted to their
 * types; throws `ConfigError` naming the first bad variable. The one way every setting is read.
 */
export function readSettings<S extends TObject>(schema: S, env: NodeJS.ProcessEnv): Static<S> {
  const raw: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    // Conversion would truncate "1.5" to 1: a whole number must be written as one.
    if ((property as { type?: string }).type === 'integer' && !/^[+-]?\d+$/.test(value.trim())) {
      throw new ConfigError(key, `must be a whole number (got "${value}")`);
    }
    raw[key] = value;
  }
  const converted = Value.Convert(schema, Value.Default(schema, raw));
  const error = Value.Errors(schema, converted)[0];
  if (error?.keyword === 'dependentRequired') {
    const { property, dependencies } = error.params as { property: string; dependencies: string[] };
    const missing = dependencies.find((name) => (converted as Record<string, unknown>)[name] === undefined);
    throw new ConfigError(missing ?? dependencies[0] ?? property, `is required when ${property} is set`);
  }
  if (error) {
    const variable = error.instancePath.split('/')[1] || String(error.params && Object.values(error.params)[0]);
    const given = variable && env[variable] !== undefined ? ` (got "${env[variable]}")` : '';
    throw new ConfigError(variable ?? 'environment', `${error.message}${given}`);
  }
  return converted as Static<S>;
}

/** Reads and validates the configuration; throws `ConfigError` naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e: Env = readSettings(EnvSchema, env);

  const serviceUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const match = SERVICE_URL.exec(key);
    if (!match?.[1] || !value) continue;
    if (!/^https?:\/\//.test(value)) throw new ConfigError(key, `must be an http(s) URL (got "${value}")`);
    serviceUrls[match[1].toLowerCase()] = value.replace(/\/+$/, '');
  }

  return {
    host: e.HOST,
    port: e.PORT ?? 8080,
    publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
    dataDir: resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    amqpUrl: e.AMQP_URL,
    s3: e.S3_BUCKET
      ? {
          bucket: e.S3_BUCKET,
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          accessKeyId: e.S3_ACCESS_KEY_ID,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
        }
      : undefined,
    serviceUrls,
    jwksUrl: e.JWKS_URL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    http: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      idleTimeoutMs: e.HTTP_IDLE_TIMEOUT_MS,
      bodyRateWindowMs: e.HTTP_BODY_RATE_WINDOW_MS,
      bodyMinBytesPerSecond: e.HTTP_BODY_MIN_BYTES_PER_SECOND,
    },
    trustProxy: e.TRUST_PROXY.split(',')
      .map((a) => a.trim())
      .filter((a) => a !== ''),
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    outboxRelayIntervalMs: e.OUTBOX_RELAY_INTERVAL_MS,
  };
}
