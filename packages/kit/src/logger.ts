import pino, { type Logger } from 'pino';

/** JSON lines on stdout; secrets in headers are redacted. */
export function createLogger(opts: { level: string; name: string }): Logger {
  return pino({
    level: opts.level,
    base: { service: opts.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  });
}
