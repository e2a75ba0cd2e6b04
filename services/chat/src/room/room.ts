import type { Journal, JournalEntry } from '@framecast/adapters';
import { compileBlockedTerms } from '@framecast/contracts';
import type { Clock } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ChatTables } from '../chat.tables.js';
import { decodeEntry, entryFrame, type RoomEntry } from './room.entries.js';
import { applyToState, createRoomState, type RoomState } from './room.state.js';
import { roomStore, toChatMessage } from './room.store.js';
import { type SocketWriter, wireFrame } from './socket.writer.js';

/** A socket in a room, as the room writes to it. */
export interface Member {
  writer: SocketWriter;
  /** Who the socket speaks for (null: anonymous), and whether they moderate every room. */
  userId: string | null;
  staff: boolean;
  /** Moderators and the broadcaster read without the chat delay. */
  immediate: boolean;
  /** The newest message written to it: nothing at or below it is written again. */
  lastId: number;
  /** Told when the user's granted role in this room changed (the socket tells its client). */
  roleChanged?: () => void;
  /** While it joins, what arrives waits here, to follow its history in order. */
  pending: { id: number; wire: Buffer; message: boolean }[] | null;
}

/** A visible entry, kept as the bytes its sockets were sent. `due`: when viewers (not moderators) may see it. */
interface Kept {
  id: number;
  kind: RoomEntry['k'];
  userId: string | null;
  wire: Buffer;
  due: number;
}

/** Visible entries kept per room for reconnecting sockets, beyond which they are read from the journal. */
const KEPT_ENTRIES = 1000;

const RESET = wireFrame(JSON.stringify({ type: 'reset' }));
const readyFrame = (lastId: number | null) =>
  wireFrame(JSON.stringify({ type: 'ready', lastId: lastId === null ? null : String(lastId) }));

export interface RoomDeps {
  channel: { id: string; handle: string };
  journal: Journal;
  db: Kysely<ChatTables>;
  clock: Clock;
  logger: Logger;
  /** Messages a joining socket is sent. */
  historyMessages: number;
}

export const journalKey = (channelId: string) => `chat:${channelId}`;

/**
 * One channel's chat on this instance: its rules (`state`), its recent messages, its sockets. Every entry of the
 * room's journal, from whichever instance wrote it, is applied here in the journal's order and written to each
 * socket as one pre-built frame; with a chat delay, viewers get messages from a queue when they are due.
 */
export async function openRoom(deps: RoomDeps) {
  const { channel, db, clock, logger } = deps;
  const key = journalKey(channel.id);
  const now = () => clock.now().getTime();
  const members = new Set<Member>();
  const recent: Kept[] = [];
  const kept: Kept[] = [];
  const delayed: Kept[] = [];
  let coveredAfter: number | null = null;
  let lastDue = 0;
  let delayTimer: ReturnType<typeof setTimeout> | undefined;
  let loading: JournalEntry[] | null = [];

  const write = (member: Member, id: number, wire: Buffer, message: boolean) => {
    if (member.pending) return void member.pending.push({ id, wire, message });
    if (message) {
      if (id <= member.lastId) return;
      member.lastId = id;
    }
    member.writer.write(wire);
  };

  const trimRecent = () => {
    if (recent.length > deps.historyMessages) recent.splice(0, recent.length - deps.historyMessages);
  };
  const keep = (item: Kept) => {
    kept.push(item);
    if (kept.length > KEPT_ENTRIES) coveredAfter = kept.splice(0, kept.length - KEPT_ENTRIES).at(-1)!.id;
  };
  const dropMessages = (list: Kept[], match: (item: Kept) => boolean) => {
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.kind === 'message' && match(list[i]!)) list.splice(i, 1);
  };

  const releaseDue = () => {
    delayTimer = undefined;
    const at = now();
    while (delayed[0] && delayed[0].due <= at) {
      const item = delayed.shift()!;
      for (const member of members) if (!member.immediate) write(member, item.id, item.wire, true);
    }
    if (delayed[0]) delayTimer = setTimeout(releaseDue, Math.max(1, delayed[0].due - at));
  };

  /** An entry's effect on what the room shows; `deliver` false while loading (no sockets yet). */
  const show = (id: number, entry: RoomEntry, deliver: boolean) => {
    const text = entryFrame(String(id), entry);
    if (text === null) return;
    const wire = wireFrame(text);
    const at = now();
    const delayMs = state.settings.delaySeconds * 1000;
    switch (entry.k) {
      case 'message': {
        const due = delayMs > 0 ? Math.max(lastDue, at + delayMs) : at;
        if (delayMs > 0) lastDue = due;
        const item: Kept = { id, kind: 'message', userId: entry.u, wire, due };
        recent.push(item);
        trimRecent();
        keep(item);
        if (!deliver) return;
        for (const member of members) if (member.immediate || delayMs === 0) write(member, id, wire, true);
        if (delayMs > 0) {
          delayed.push(item);
          if (!delayTimer) delayTimer = setTimeout(releaseDue, delayMs);
        }
        return;
      }
      case 'deleted': {
        const target = Number(entry.id);
        dropMessages(recent, (m) => m.id === target);
        dropMessages(delayed, (m) => m.id === target);
        break;
      }
      case 'cleared': {
        const match = (m: Kept) => entry.u === null || m.userId === entry.u;
        dropMessages(recent, match);
        dropMessages(delayed, match);
        break;
      }
      case 'settings':
        // No delay any more: what waited is due now.
        if (entry.s.delaySeconds === 0 && delayed.length > 0) {
          for (const item of delayed) item.due = at;
          clearTimeout(delayTimer);
          releaseDue();
        }
        break;
      default:
        break;
    }
    keep({ id, kind: entry.k, userId: null, wire, due: at });
    if (deliver) for (const member of members) write(member, id, wire, false);
  };

  const reloadTerms = () => {
    roomStore.terms(db, channel.id).then(
      (terms) => {
        state.terms = compileBlockedTerms(terms);
      },
      (err: unknown) => logger.error({ err, channel: channel.handle }, 'blocked terms could not be read'),
    );
  };

  const apply = (raw: JournalEntry) => {
    const entry = decodeEntry(raw.data);
    if (!entry) return logger.warn({ channel: channel.handle, id: raw.id }, 'a chat entry could not be read');
    if (applyToState(state, entry).reloadTerms) reloadTerms();
    if (entry.k === 'role') {
      // A moderator reads without the delay from the moment they are made one.
      for (const member of members) {
        if (member.userId !== entry.u) continue;
        room.setImmediate(member, member.staff || entry.r === 'moderator');
        member.roleChanged?.();
      }
    }
    show(Number(raw.id), entry, true);
  };

  const stopFollowing = await deps.journal.follow(
    key,
    (entry) => (loading ? loading.push(entry) : apply(entry)),
    () => logger.warn({ channel: channel.handle }, 'chat entries were lost (the journal started over)'),
  );

  let state: RoomState;
  try {
    const at = clock.now();
    const [settings, roles, bans, terms, journaled, stored] = await Promise.all([
      roomStore.settings(db, channel.id),
      roomStore.roles(db, channel.id),
      roomStore.bans(db, channel.id, at),
      roomStore.terms(db, channel.id),
      deps.journal.latest(key, KEPT_ENTRIES),
      roomStore.latest(db, channel.id, deps.historyMessages),
    ]);
    state = createRoomState({ channelId: channel.id, handle: channel.handle, settings, roles, bans, terms });
    const firstJournaled = journaled[0] ? Number(journaled[0].id) : null;
    coveredAfter = firstJournaled === null ? null : firstJournaled - 1;
    for (const row of stored) {
      if (firstJournaled !== null && Number(row.id) >= firstJournaled) continue;
      const wire = wireFrame(JSON.stringify(toChatMessage(row)));
      recent.push({ id: Number(row.id), kind: 'message', userId: row.user_id, wire, due: 0 });
    }
    // What the journal holds is newer than the database's rows: its deletions and clears apply to them too.
    for (const raw of journaled) {
      const entry = decodeEntry(raw.data);
      if (entry) show(Number(raw.id), entry, false);
    }
    for (const item of recent) item.due = 0;
    lastDue = 0;
    const lastJournaled = journaled.at(-1) ? Number(journaled.at(-1)!.id) : 0;
    const waiting = loading;
    loading = null;
    for (const entry of waiting) if (Number(entry.id) > lastJournaled) apply(entry);
  } catch (error) {
    await stopFollowing();
    throw error;
  }

  const visibleTo = (member: Member, at: number) => (item: Kept) => member.immediate || item.due <= at;

  const finishJoin = (member: Member, lastId: number | null) => {
    const waiting = member.pending ?? [];
    member.pending = null;
    member.writer.write(readyFrame(lastId));
    for (const item of waiting) write(member, item.id, item.wire, item.message);
  };

  const writeHistory = (member: Member) => {
    const at = now();
    let last: number | null = null;
    for (const item of recent.filter(visibleTo(member, at))) {
      member.writer.write(item.wire);
      member.lastId = Math.max(member.lastId, item.id);
      last = item.id;
    }
    return last;
  };

  const room = {
    channel,
    get state() {
      return state;
    },
    get size() {
      return members.size;
    },
    /**
     * Writes the socket its history, or what it missed after `since` (or `reset` and the history when that is gone),
     * then `ready`, and from then on what the room shows.
     */
    async join(member: Member, since?: string) {
      member.pending = [];
      members.add(member);
      if (since === undefined) return finishJoin(member, writeHistory(member));
      const after = Number(since);
      const newest = kept.at(-1)?.id ?? coveredAfter;
      if (coveredAfter !== null && after >= coveredAfter && newest !== null && after <= newest) {
        const at = now();
        member.lastId = after;
        let last: number | null = null;
        for (const item of kept) {
          if (item.id <= after || !visibleTo(member, at)(item)) continue;
          member.writer.write(item.wire);
          if (item.kind === 'message') {
            member.lastId = item.id;
            last = item.id;
          }
        }
        return finishJoin(member, last ?? after);
      }
      const read = await deps.journal.after(key, since);
      if (!members.has(member)) return;
      if (read.kind === 'gone') {
        member.writer.write(RESET);
        return finishJoin(member, writeHistory(member));
      }
      member.lastId = after;
      for (const raw of read.entries) {
        const entry = decodeEntry(raw.data);
        const text = entry && entryFrame(raw.id, entry);
        if (!text) continue;
        member.writer.write(wireFrame(text));
        if (entry.k === 'message') member.lastId = Number(raw.id);
      }
      finishJoin(member, member.lastId);
    },
    leave(member: Member) {
      members.delete(member);
    },
    /** The member's role changed: a moderator now gets at once what waited for viewers. */
    setImmediate(member: Member, immediate: boolean) {
      if (member.immediate === immediate) return;
      member.immediate = immediate;
      if (immediate) for (const item of delayed) write(member, item.id, item.wire, true);
    },
    /** Writes a frame to every socket in the room (presence). */
    broadcast(wire: Buffer) {
      for (const member of members) if (!member.pending) member.writer.write(wire);
    },
    async close() {
      clearTimeout(delayTimer);
      members.clear();
      await stopFollowing();
    },
  };
  return room;
}

export type Room = Awaited<ReturnType<typeof openRoom>>;
