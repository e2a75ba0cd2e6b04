import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RefreshTokenRow, UserTables } from '../user.tables.js';

const SECRET_KEY = 'refresh_secret';

/** The secret successors are derived with: made by the first instance, read by all of them. */
export async function loadRefreshSecret(db: Kysely<UserTables>): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key: SECRET_KEY, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
  return row.value;
}

/** Refresh token rows. Functions take the schema-scoped database or a transaction. */
export const refreshStore = {
  async insert(
    db: Kysely<UserTables>,
    token: { tokenHash: string; familyId: string; userId: string; now: Date; expiresAt: Date },
  ): Promise<void> {
    await db
      .insertInto('refresh_tokens')
      .values({
        token_hash: token.tokenHash,
        family_id: token.familyId,
        user_id: token.userId,
        created_at: token.now,
        expires_at: token.expiresAt,
      })
      .execute();
  },

  /** The row, locked until the transaction ends so that two refreshes with one token cannot both rotate it. */
  lock(db: Kysely<UserTables>, tokenHash: string): Promise<RefreshTokenRow | undefined> {
    return db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
  },

  byHash(db: Kysely<UserTables>, tokenHash: string): Promise<RefreshTokenRow | undefined> {
    return db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  },

  async markUsed(db: Kysely<UserTables>, tokenHash: string, now: Date): Promise<void> {
    await db.updateTable('refresh_tokens').set({ used_at: now }).where('token_hash', '=', tokenHash).execute();
  },

  async revokeFamily(db: Kysely<UserTables>, familyId: string, now: Date): Promise<void> {
    await db
      .updateTable('refresh_tokens')
      .set({ revoked_at: now })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  },

  /** Drops rows expired for longer than `graceMs`; kept that long so a late replay is still caught as reuse. */
  async prune(db: Kysely<UserTables>, now: Date, graceMs: number): Promise<void> {
    await db
      .deleteFrom('refresh_tokens')
      .where('expires_at', '<', new Date(now.getTime() - graceMs))
      .execute();
  },
};
