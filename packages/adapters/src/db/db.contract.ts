import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import type { Database, Migrations } from './types.js';

/** A schema name no other test run uses. */
export function uniqueSchema(tag = 't'): string {
  return `${tag}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

async function tablesOf(db: Database, schema: string): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = ${schema} order by table_name`.execute(
    db.kysely,
  );
  return rows.map((r) => r.table_name);
}

const notes: Migrations = {
  // Declared out of order on purpose: migrate runs them by name.
  '0002_note_tags': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('notes').addColumn('tag', 'text').execute();
      await db.schema.createIndex('notes_tag_idx').on('notes').column('tag').execute();
    },
  },
  '0001_notes': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('notes')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('notes').values({ body: 'seeded' }).execute();
    },
  },
};

/** The SQL adapter's contract: every `Database` implementation runs this suite. */
export function dbContract(name: string, open: () => Promise<Database>, dialect: Database['dialect']): void {
  describe(`Database contract: ${name}`, () => {
    let db: Database;
    let schema: string;

    // Starting PGlite compiles its WebAssembly: seconds on a busy machine.
    beforeAll(async () => {
      db = await open();
    }, 60_000);
    afterAll(async () => {
      await db?.close();
    });
    beforeEach(() => {
      schema = uniqueSchema();
    });
    afterEach(async () => {
      await db.kysely.schema.dropSchema(schema).ifExists().cascade().execute();
    });

    it('answers ping and names its dialect', async () => {
      await expect(db.ping()).resolves.toBeUndefined();
      expect(db.dialect).toBe(dialect);
    });

    it('creates the schema and applies migrations in name order, once', async () => {
      expect(await migrate(db, schema, notes)).toEqual(['0001_notes', '0002_note_tags']);
      expect(await tablesOf(db, schema)).toEqual(['kysely_migration', 'kysely_migration_lock', 'notes']);
      expect(await migrate(db, schema, notes)).toEqual([]);
      const rows = await db.kysely.withSchema(schema).selectFrom('notes').select(['body', 'tag']).execute();
      expect(rows).toEqual([{ body: 'seeded', tag: null }]);
    });

    it('applies only the migrations added since the last run', async () => {
      await migrate(db, schema, notes);
      const later: Migrations = {
        ...notes,
        '0003_archive': {
          async up(db: Kysely<any>) {
            await db.schema.createTable('archive').addColumn('id', 'integer').execute();
          },
        },
      };
      expect(await migrate(db, schema, later)).toEqual(['0003_archive']);
      expect(await tablesOf(db, schema)).toContain('archive');
    });

    it('scopes schema builder calls to the schema; raw SQL qualifies its own names', async () => {
      await migrate(db, schema, {
        '0001_scoped': {
          async up(db: Kysely<any>) {
            await db.schema.createTable('items').addColumn('n', 'integer').execute();
            await db.schema.createIndex('items_n_idx').on('items').column('n').execute();
            await sql`create table ${sql.id(schema, 'raw_items')} (n integer)`.execute(db);
            await sql`insert into ${sql.id(schema, 'raw_items')} (n) values (7)`.execute(db);
          },
        },
      });
      expect(await tablesOf(db, schema)).toEqual(expect.arrayContaining(['items', 'raw_items']));
      const { rows } = await sql<{ indexname: string }>`
        select indexname from pg_indexes where schemaname = ${schema} and tablename = 'items'`.execute(db.kysely);
      expect(rows.map((r) => r.indexname)).toEqual(['items_n_idx']);
      const raw = await db.kysely.withSchema(schema).selectFrom('raw_items').select('n').execute();
      expect(raw).toEqual([{ n: 7 }]);
    });

    it('applies nothing from a run in which a migration fails, and names it', async () => {
      const failing: Migrations = {
        ...notes,
        '0003_broken': {
          async up(db: Kysely<any>) {
            await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
            await sql`select * from no_such_table_anywhere`.execute(db);
          },
        },
      };
      await expect(migrate(db, schema, failing)).rejects.toThrow(/0003_broken/);
      expect(await tablesOf(db, schema)).not.toContain('half_done');
      expect(await tablesOf(db, schema)).not.toContain('notes');
      expect(await migrate(db, schema, notes)).toEqual(['0001_notes', '0002_note_tags']);
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      await migrate(db, schema, notes);
      const notesTable = () => db.kysely.withSchema(schema).selectFrom('notes').select('body').orderBy('id');
      await db.kysely.transaction().execute(async (trx) => {
        await trx.withSchema(schema).insertInto('notes').values({ body: 'kept' }).execute();
      });
      const failure = new Error('handler failed');
      await expect(
        db.kysely.transaction().execute(async (trx) => {
          await trx.withSchema(schema).insertInto('notes').values({ body: 'discarded' }).execute();
          expect(await trx.withSchema(schema).selectFrom('notes').select('body').execute()).toHaveLength(3);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await notesTable().execute()).toEqual([{ body: 'seeded' }, { body: 'kept' }]);
    });
  });
}
