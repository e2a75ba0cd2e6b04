/** The logger the server writes to: a pino logger fits, as does anything with these four methods. */
export interface SrtLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

const nothing = () => {};

/** Drops everything: the default when no logger is given. */
export const silentLogger: SrtLogger = { debug: nothing, info: nothing, warn: nothing, error: nothing };
