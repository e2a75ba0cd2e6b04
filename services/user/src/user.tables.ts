import type { Role } from '@framecast/contracts';
import type { Generated, Kysely, Selectable, Transaction } from 'kysely';

/** Tables of the `users` schema, as Kysely sees them; `Generated` columns have database defaults. */
export interface AccountTable {
  id: string;
  email: string;
  handle: string;
  display_name: string;
  bio: Generated<string>;
  password_hash: string | null;
  roles: Role[];
  avatar_key: string | null;
  avatar_version: string | null;
  follower_count: Generated<number>;
  following_count: Generated<number>;
  created_at: Date;
  updated_at: Date;
}

export type AccountRow = Selectable<AccountTable>;

export interface IdentityRow {
  issuer: string;
  subject: string;
  user_id: string;
  created_at: Date;
}

export interface FollowRow {
  follower_id: string;
  channel_id: string;
  created_at: Date;
}

export interface RefreshTokenRow {
  token_hash: string;
  family_id: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

export interface SigningKeyRow {
  kid: string;
  private_jwk: string;
  public_jwk: string;
  created_at: Date;
  expires_at: Date;
}

export interface SettingRow {
  key: string;
  value: string;
}

export interface UserTables {
  accounts: AccountTable;
  identities: IdentityRow;
  follows: FollowRow;
  refresh_tokens: RefreshTokenRow;
  signing_keys: SigningKeyRow;
  settings: SettingRow;
}

export const USER_SCHEMA = 'users';

/** Scopes a runtime executor (typed `any`) to this module's tables. */
export function scoped(db: Kysely<any> | Transaction<any>): Kysely<UserTables> {
  return (db as Kysely<UserTables>).withSchema(USER_SCHEMA);
}
