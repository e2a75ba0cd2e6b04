import type { ChatLogEntry, ChatSettings } from '@framecast/client';
import { formatFollowAge, formatWait } from '@framecast/ui';

/** One entry of the moderation log in words: what happened, and the detail worth quoting (a message, a reason). */
export interface LogLine {
  summary: string;
  detail: string | null;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);
const quoted = (value: unknown) => {
  const found = text(value);
  return found ? `“${found}”` : null;
};

/** A settings change in words: "slow mode 30 s, links allowed". */
export function describeSettings(changes: Partial<Record<keyof ChatSettings, unknown>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    switch (key as keyof ChatSettings) {
      case 'slowModeSeconds':
        parts.push(typeof value === 'number' && value > 0 ? `slow mode ${formatWait(value * 1000)}` : 'slow mode off');
        break;
      case 'followersOnlyMinutes':
        parts.push(
          typeof value === 'number'
            ? value > 0
              ? `followers only (${formatFollowAge(value)})`
              : 'followers only'
            : 'followers only off',
        );
        break;
      case 'emoteOnly':
        parts.push(value ? 'emote only' : 'emote only off');
        break;
      case 'uniqueChat':
        parts.push(value ? 'unique chat' : 'unique chat off');
        break;
      case 'delaySeconds':
        parts.push(typeof value === 'number' && value > 0 ? `a delay of ${value} s` : 'no delay');
        break;
      case 'linksAllowed':
        parts.push(value ? 'links allowed' : 'links shown as text');
        break;
    }
  }
  return parts.join(', ');
}

/**
 * What a moderator did, for the studio's log. `details` holds what the chat module kept of it (the deleted text, the
 * ban's reason and duration, the settings changed, the term); anything missing is simply left out.
 */
export function describeLogEntry(entry: ChatLogEntry): LogLine {
  const who = entry.moderator;
  const target = entry.target ? `@${entry.target}` : 'someone';
  const d = entry.details;
  switch (entry.action) {
    case 'message_deleted':
      return { summary: `${who} deleted a message from ${target}`, detail: quoted(d.text) };
    case 'messages_cleared':
      return { summary: `${who} cleared the messages of ${target}`, detail: null };
    case 'chat_cleared':
      return { summary: `${who} cleared the chat`, detail: null };
    case 'banned':
      return { summary: `${who} banned ${target}`, detail: quoted(d.reason) };
    case 'timed_out': {
      const seconds = typeof d.durationSeconds === 'number' ? d.durationSeconds : null;
      return {
        summary: `${who} timed out ${target}${seconds ? ` for ${formatWait(seconds * 1000)}` : ''}`,
        detail: quoted(d.reason),
      };
    }
    case 'unbanned':
      return { summary: `${who} unbanned ${target}`, detail: null };
    case 'moderator_added':
      return { summary: `${who} made ${target} a moderator`, detail: null };
    case 'moderator_removed':
      return { summary: `${who} removed ${target} as a moderator`, detail: null };
    case 'vip_added':
      return { summary: `${who} made ${target} a VIP`, detail: null };
    case 'vip_removed':
      return { summary: `${who} removed ${target} as a VIP`, detail: null };
    case 'settings_changed': {
      const changes = (typeof d.changes === 'object' && d.changes !== null ? d.changes : d) as Record<string, unknown>;
      const said = describeSettings(changes);
      return { summary: `${who} changed the chat modes${said ? `: ${said}` : ''}`, detail: null };
    }
    case 'blocked_term_added':
      return { summary: `${who} blocked a term`, detail: quoted(d.term) };
    case 'blocked_term_removed':
      return { summary: `${who} unblocked a term`, detail: quoted(d.term) };
  }
}
