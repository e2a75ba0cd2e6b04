import { roles as allRoles, type Channel, type Role, type User } from '@framecast/contracts';
import type { AccountRow } from '../user.tables.js';

/** The avatar's public URL; its `v` changes with each new avatar so it can be cached forever. */
export function avatarUrl(row: Pick<AccountRow, 'handle' | 'avatar_version'>): string | null {
  return row.avatar_version ? `/api/channels/${row.handle}/avatar?v=${row.avatar_version}` : null;
}

export function toUser(row: AccountRow): User {
  return {
    id: row.id,
    email: row.email,
    handle: row.handle,
    displayName: row.display_name,
    bio: row.bio,
    avatarUrl: avatarUrl(row),
    roles: sortRoles(row.roles),
    createdAt: row.created_at.toISOString(),
  };
}

export function toChannel(row: AccountRow, following?: boolean): Channel {
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.display_name,
    bio: row.bio,
    avatarUrl: avatarUrl(row),
    followerCount: row.follower_count,
    followingCount: row.following_count,
    createdAt: row.created_at.toISOString(),
    ...(following === undefined ? {} : { following }),
  };
}

/** Roles in their canonical order, without duplicates. */
export function sortRoles(list: readonly Role[]): Role[] {
  return allRoles.filter((r) => list.includes(r));
}

/** Everyone can watch and publish; the account whose email the operator configured also administers. */
export function initialRoles(email: string, adminEmail: string | undefined): Role[] {
  return adminEmail !== undefined && email.toLowerCase() === adminEmail.toLowerCase()
    ? ['viewer', 'creator', 'admin']
    : ['viewer', 'creator'];
}
