import type { ChatMessage, ChatRole, ChatSettings } from '@framecast/contracts';

/**
 * What a room's journal holds, one JSON entry each. Every instance with the room open applies each entry to its
 * copy of the room (in the journal's order) and turns the visible ones into the frame its sockets receive.
 */
export type RoomEntry =
  | { k: 'message'; u: string; f: Omit<ChatMessage, 'type' | 'id'> }
  | { k: 'deleted'; id: string }
  /** Every message of the user `u` (or of everyone, null) up to this entry is gone; `h` is the user's handle. */
  | { k: 'cleared'; u: string | null; h?: string }
  | { k: 'settings'; s: ChatSettings }
  /** Internal: the user's granted role changed (null: none). */
  | { k: 'role'; u: string; r: Exclude<ChatRole, 'broadcaster' | 'viewer'> | null }
  /** Internal: the user was banned until then (null: for good), or the ban was lifted. */
  | { k: 'ban'; u: string; until: string | null; lifted?: true }
  /** Internal: the blocked terms changed; read them again. */
  | { k: 'terms' };

export const encodeEntry = (entry: RoomEntry): string => JSON.stringify(entry);

/** An entry read back, or null when it is not one (another version wrote it, or it is damaged). */
export function decodeEntry(data: string): RoomEntry | null {
  try {
    const value = JSON.parse(data) as RoomEntry;
    return typeof value === 'object' && value !== null && typeof value.k === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The frame an entry shows its sockets, serialised once; null for internal entries. Pure. */
export function entryFrame(id: string, entry: RoomEntry): string | null {
  switch (entry.k) {
    case 'message':
      return JSON.stringify({ type: 'message', id, ...entry.f });
    case 'deleted':
      return JSON.stringify({ type: 'deleted', id: entry.id });
    case 'cleared':
      return JSON.stringify(entry.h === undefined ? { type: 'cleared' } : { type: 'cleared', userHandle: entry.h });
    case 'settings':
      return JSON.stringify({ type: 'settings', ...entry.s });
    case 'role':
    case 'ban':
    case 'terms':
      return null;
  }
}
