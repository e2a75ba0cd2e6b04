import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { TurnTakingPGliteDialect } from './pglite.turns.js';
import type { Database } from './types.js';

export interface OpenDatabaseOptions {
  /** `postgres://…`/`postgresql://…` for a server, `memory://` for a throwaway embedded database. */
  url?: string;
  /** Where the embedded database keeps its files (`<dataDir>/pg`) when no url is given. */
  dataDir: string;
  logger?: Logger;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite-memory' }
  | { kind: 'pglite-disk'; dir: string };

/** Which database the options name; throws on a url this adapter cannot open. */
export function databaseTarget(opts: Pick<OpenDatabaseOptions, 'url' | 'dataDir'>): DatabaseTarget {
  const { url } = opts;
  if (url === undefined || url === '') return { kind: 'pglite-disk', dir: join(opts.dataDir, 'pg') };
  if (url === 'memory://') return { kind: 'pglite-memory' };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new Error(
    `The database URL "${redact(url)}" is not supported: use postgres://…, postgresql://… or memory://, or leave it unset for the embedded database.`,
  );
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const target = databaseTarget(opts);
  if (target.kind === 'postgres') return openPostgres(target.url, opts.logger);
  if (target.kind === 'pglite-disk') await mkdir(target.dir, { recursive: true });
  const dataDir = target.kind === 'pglite-disk' ? target.dir : undefined;
  const pglite = await PGlite.create(dataDir);
  opts.logger?.info({ dataDir: dataDir ?? 'memory' }, 'embedded PostgreSQL (PGlite) opened');
  return wrap(new Kysely<any>({ dialect: new TurnTakingPGliteDialect(pglite) }), 'pglite');
}

function openPostgres(url: string, logger?: Logger): Database {
  const pool = new pg.Pool({ connectionString: url });
  // An idle client losing its server emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', (err) => logger?.error({ err }, 'an idle PostgreSQL connection failed'));
  logger?.info({ url: redact(url) }, 'PostgreSQL pool opened');
  return wrap(new Kysely<any>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
}

function wrap(kysely: Kysely<any>, dialect: Database['dialect']): Database {
  return {
    kysely,
    dialect,
    async ping() {
      await sql`select 1`.execute(kysely);
    },
    // Kysely's destroy ends the pg pool or closes PGlite.
    close: () => kysely.destroy(),
  };
}

/** The url without its password, for logs and messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
