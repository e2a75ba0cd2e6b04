import type { Kysely, Transaction } from 'kysely';

/** An open SQL database: PostgreSQL through `pg`, or embedded PGlite. Modules query it with Kysely. */
export interface Database {
  readonly kysely: Kysely<any>;
  readonly dialect: 'postgres' | 'pglite';
  /** Resolves when the database answers a trivial query; rejects otherwise (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A transaction or the database itself: functions that write take one so callers choose the boundary. */
export type Executor = Kysely<any> | Transaction<any>;

/** One migration of one module's schema. Names sort in the order they run (`0001_users`, `0002_follows`). */
export interface Migration {
  up(db: Kysely<any>): Promise<void>;
  down?(db: Kysely<any>): Promise<void>;
}

export type Migrations = Record<string, Migration>;
