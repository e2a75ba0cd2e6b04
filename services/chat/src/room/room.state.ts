import { type ChatRole, type ChatSettings, compileBlockedTerms } from '@framecast/contracts';
import type { RoomEntry } from './room.entries.js';
import type { Sender } from './send.policy.js';

/** What one instance knows of a room's rules, loaded from the database and kept current by the room's journal. */
export interface RoomState {
  channelId: string;
  handle: string;
  settings: ChatSettings;
  roles: Map<string, 'moderator' | 'vip'>;
  /** User id → end of the ban (null: for good). */
  bans: Map<string, Date | null>;
  terms: RegExp | null;
}

export function createRoomState(init: {
  channelId: string;
  handle: string;
  settings: ChatSettings;
  roles: Iterable<[string, 'moderator' | 'vip']>;
  bans: Iterable<[string, Date | null]>;
  terms: readonly string[];
}): RoomState {
  return {
    channelId: init.channelId,
    handle: init.handle,
    settings: init.settings,
    roles: new Map(init.roles),
    bans: new Map(init.bans),
    terms: compileBlockedTerms(init.terms),
  };
}

/** Applies an entry's rule change; true when the blocked terms must be read again. Pure but for `state`. */
export function applyToState(state: RoomState, entry: RoomEntry): { reloadTerms: boolean } {
  switch (entry.k) {
    case 'settings':
      state.settings = entry.s;
      break;
    case 'role':
      if (entry.r === null) state.roles.delete(entry.u);
      else state.roles.set(entry.u, entry.r);
      break;
    case 'ban':
      if (entry.lifted) state.bans.delete(entry.u);
      else state.bans.set(entry.u, entry.until === null ? null : new Date(entry.until));
      break;
    case 'terms':
      return { reloadTerms: true };
    default:
      break;
  }
  return { reloadTerms: false };
}

/** A user's role in the room. Pure. */
export function roleIn(state: RoomState, userId: string): ChatRole {
  if (userId === state.channelId) return 'broadcaster';
  return state.roles.get(userId) ?? 'viewer';
}

export function senderIn(state: RoomState, identity: { userId: string; roles: readonly string[] }): Sender {
  return { role: roleIn(state, identity.userId), staff: identity.roles.includes('admin') };
}

/** The user's ban in force now, if any. */
export function banOf(state: RoomState, userId: string, now: Date): { until: Date | null } | null {
  if (!state.bans.has(userId)) return null;
  const until = state.bans.get(userId) ?? null;
  if (until !== null && until.getTime() <= now.getTime()) {
    state.bans.delete(userId);
    return null;
  }
  return { until };
}
