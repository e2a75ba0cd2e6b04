import { type Migration as KyselyMigration, Migrator } from 'kysely';
import type { Database, Migrations } from './types.js';

/**
 * Applies the pending migrations of one schema, in name order, and returns the names applied now.
 *
 * Kysely's Migrator keeps its bookkeeping tables in that same schema and takes a PostgreSQL advisory
 * lock, so two processes migrating at once never both apply a migration. Each migration receives a
 * Kysely scoped with `withSchema(schema)`: schema builder and query builder calls (createTable,
 * createIndex, insertInto, `sql.table(…)`) land in the schema; names written inside raw `sql` text are
 * not rewritten, so a migration that writes raw SQL must qualify them itself.
 */
export async function migrate(db: Database, schema: string, migrations: Migrations): Promise<string[]> {
  const scoped: Record<string, KyselyMigration> = {};
  for (const [name, migration] of Object.entries(migrations)) {
    const { down } = migration;
    scoped[name] = {
      up: (trx) => migration.up(trx.withSchema(schema)),
      ...(down ? { down: (trx) => down(trx.withSchema(schema)) } : {}),
    };
  }
  const migrator = new Migrator({
    db: db.kysely,
    migrationTableSchema: schema,
    provider: { getMigrations: async () => scoped },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const where = failed ? `migration ${failed}` : 'migration bookkeeping';
    throw new Error(`Migrating schema "${schema}" failed in ${where}: ${messageOf(error)}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
