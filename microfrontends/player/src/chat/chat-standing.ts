import type { ChatRestriction, ChatRole, ChatRoom, ChatState, Session } from '@framecast/client';

/** A ban or timeout as the panel shows it, with the reason when the room said one. */
export interface ChatStanding extends ChatRestriction {
  reason: string | null;
}

/**
 * The caller's ban or timeout: whichever was learnt last of the room's answer (`GET /api/chat/:handle`, read at
 * `roomReadAt`) and the socket's refusals; null once a timeout is over.
 */
export function chatStanding(
  restriction: ChatRestriction | null,
  room: ChatRoom | undefined,
  roomReadAt: number,
  now: number,
): ChatStanding | null {
  const fromRoom: ChatStanding | null = room?.ban
    ? {
        kind: room.ban.until ? 'timed_out' : 'banned',
        until: room.ban.until ? Date.parse(room.ban.until) : null,
        since: roomReadAt,
        reason: room.ban.reason || null,
      }
    : null;
  const fromSocket: ChatStanding | null = restriction ? { ...restriction, reason: null } : null;
  const latest = !fromSocket ? fromRoom : !room || fromSocket.since > roomReadAt ? fromSocket : fromRoom;
  if (latest?.until != null && latest.until <= now) return null;
  return latest;
}

/** What the bottom of the panel offers. */
export type ComposerMode = 'loading' | 'signedOut' | 'banned' | 'timedOut' | 'joining' | 'open';

export function composerMode(session: Session, state: ChatState | null, standing: ChatStanding | null): ComposerMode {
  if (session.status === 'loading') return 'loading';
  if (session.status === 'signedOut') return 'signedOut';
  if (standing?.kind === 'banned') return 'banned';
  if (standing?.kind === 'timed_out') return 'timedOut';
  if (!state?.user) return 'joining';
  return 'open';
}

/** Whether the role moderates the room: the broadcaster and moderators. */
export const moderates = (role: ChatRole | null | undefined) => role === 'broadcaster' || role === 'moderator';
