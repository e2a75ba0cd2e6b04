import type { Role } from '@framecast/contracts';
import type { Kysely } from 'kysely';
import type { AccountRow, UserTables } from '../user.tables.js';

export type NewAccount = Pick<AccountRow, 'id' | 'email' | 'handle' | 'display_name' | 'password_hash' | 'roles'>;

export type AccountConflict = 'email' | 'handle';

/** PostgreSQL's SQLSTATE for a unique constraint violation. */
export const UNIQUE_VIOLATION = '23505';

/** Which unique column a PostgreSQL unique violation (23505) is about, if it is one. */
export function uniqueViolation(error: unknown): AccountConflict | null {
  const e = error as { code?: string; constraint?: string; detail?: string; message?: string };
  if (e?.code !== UNIQUE_VIOLATION) return null;
  const where = `${e.constraint ?? ''} ${e.detail ?? ''} ${e.message ?? ''}`;
  if (where.includes('email')) return 'email';
  if (where.includes('handle')) return 'handle';
  return null;
}

/** Account queries. Every function takes the schema-scoped database or a transaction. */
export const accountStore = {
  async insert(db: Kysely<UserTables>, account: NewAccount, now: Date): Promise<AccountRow> {
    return db
      .insertInto('accounts')
      .values({ ...account, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** Which of the email and handle already belong to an account. */
  async taken(db: Kysely<UserTables>, email: string, handle: string): Promise<AccountConflict | null> {
    const rows = await db
      .selectFrom('accounts')
      .select(['email', 'handle'])
      .where((eb) => eb.or([eb('email', '=', email), eb('handle', '=', handle)]))
      .execute();
    if (rows.some((r) => r.email === email)) return 'email';
    if (rows.some((r) => r.handle === handle)) return 'handle';
    return null;
  },

  byId(db: Kysely<UserTables>, id: string): Promise<AccountRow | undefined> {
    return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  },

  byEmail(db: Kysely<UserTables>, email: string): Promise<AccountRow | undefined> {
    return db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
  },

  byHandle(db: Kysely<UserTables>, handle: string): Promise<AccountRow | undefined> {
    return db.selectFrom('accounts').selectAll().where('handle', '=', handle).executeTakeFirst();
  },

  /** Handles starting with `prefix` (for making a new handle unique). */
  async handlesStartingWith(db: Kysely<UserTables>, prefix: string): Promise<Set<string>> {
    const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = await db.selectFrom('accounts').select('handle').where('handle', 'like', `${escaped}%`).execute();
    return new Set(rows.map((r) => r.handle));
  },

  updateProfile(
    db: Kysely<UserTables>,
    id: string,
    changes: { displayName?: string; bio?: string },
    now: Date,
  ): Promise<AccountRow | undefined> {
    return db
      .updateTable('accounts')
      .set({
        ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
        ...(changes.bio !== undefined ? { bio: changes.bio } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  setAvatar(
    db: Kysely<UserTables>,
    id: string,
    avatar: { key: string; version: string } | null,
    now: Date,
  ): Promise<AccountRow | undefined> {
    return db
      .updateTable('accounts')
      .set({ avatar_key: avatar?.key ?? null, avatar_version: avatar?.version ?? null, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  setRoles(db: Kysely<UserTables>, id: string, roles: Role[], now: Date): Promise<AccountRow | undefined> {
    return db
      .updateTable('accounts')
      .set({ roles, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  /**
   * Deletes the account with its follows (the counts of those it followed and of those who followed it move back),
   * sessions and linked identities. Returns the deleted row; run it in a transaction.
   */
  async remove(db: Kysely<UserTables>, id: string): Promise<AccountRow | undefined> {
    await db
      .updateTable('accounts')
      .set((eb) => ({ follower_count: eb('follower_count', '-', 1) }))
      .where('id', 'in', db.selectFrom('follows').select('channel_id').where('follower_id', '=', id))
      .execute();
    await db
      .updateTable('accounts')
      .set((eb) => ({ following_count: eb('following_count', '-', 1) }))
      .where('id', 'in', db.selectFrom('follows').select('follower_id').where('channel_id', '=', id))
      .execute();
    return db.deleteFrom('accounts').where('id', '=', id).returningAll().executeTakeFirst();
  },
};
