import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NotificationTables } from './notification.tables.js';

/** A value made once and shared by every instance through the schema (the first to start makes it). */
export async function sharedSetting(db: Kysely<NotificationTables>, key: string, make: () => string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value: make() })
    .onConflict((c) => c.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}

export const randomSecret = () => randomBytes(32).toString('base64url');
