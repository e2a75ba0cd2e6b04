import {
  CHAT_MESSAGE_MAX_LENGTH,
  type ChatProblem,
  type ChatSettings,
  errorMessage,
  isApiError,
} from '@framecast/client';

/** A wait as a person says it: "8 s", "9 min 32 s", "2 h 5 min", "3 days". */
export function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.round(hours / 24);
  return days === 1 ? '1 day' : `${days} days`;
}

/** A follow age as the room's settings give it (minutes): "10 minutes", "1 hour", "3 days", "1 month". */
export function formatFollowAge(minutes: number): string {
  const unit = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (minutes < 60) return unit(minutes, 'minute');
  if (minutes < 24 * 60) return unit(Math.round(minutes / 60), 'hour');
  if (minutes < 30 * 24 * 60)
    return minutes % (7 * 24 * 60) === 0
      ? unit(minutes / (7 * 24 * 60), 'week')
      : unit(Math.round(minutes / (24 * 60)), 'day');
  return unit(Math.round(minutes / (30 * 24 * 60)), 'month');
}

const wait = (problem: ChatProblem, fallback: string) =>
  problem.retryAfterMs !== undefined && problem.retryAfterMs > 0 ? ` in ${formatWait(problem.retryAfterMs)}` : fallback;

/**
 * What a refused message or a socket's problem means, in words: every code of the protocol and the client's own,
 * never the server's wording (which is for logs and programs).
 */
export function chatProblemText(problem: ChatProblem, settings: ChatSettings | null = null): string {
  switch (problem.code) {
    case 'auth_required':
      return 'Sign in to chat.';
    case 'invalid_token':
    case 'token_expired':
      return 'Your sign-in could not be confirmed. Reload the page, or sign in again to chat.';
    case 'banned':
      return 'You are banned from this chat.';
    case 'timed_out':
      return `You are timed out. You can chat again${wait(problem, ' later')}.`;
    case 'slow_mode':
      return `Slow mode is on. You can send another message${wait(problem, ' in a moment')}.`;
    case 'followers_only': {
      const minutes = settings?.followersOnlyMinutes ?? 0;
      return minutes > 0
        ? `Only people who have followed this channel for at least ${formatFollowAge(minutes)} can chat.`
        : 'Only followers of this channel can chat. Follow it to join in.';
    }
    case 'emote_only':
      return 'Emote-only mode is on: messages can only hold emoji.';
    case 'duplicate_message':
      return 'Unique chat is on: this message was just sent. Say something new.';
    case 'rate_limited':
      return `You are sending messages too quickly. Try again${wait(problem, ' in a moment')}.`;
    case 'too_long':
      return `Messages can be at most ${CHAT_MESSAGE_MAX_LENGTH} characters.`;
    case 'empty_message':
      return 'Type a message first.';
    case 'invalid_text':
      return 'This message has characters the chat does not take (control or text-direction characters).';
    case 'blocked_term':
      return 'This message contains a word or phrase the channel has blocked.';
    case 'bad_frame':
      return 'The chat could not read what this page sent. Reload the page if it keeps happening.';
    case 'unavailable':
      return 'The chat is unavailable right now. It reconnects by itself.';
    case 'connection_lost':
      return 'The connection dropped before this message was sent.';
    case 'not_connected':
      return 'The chat is not connected yet. Wait a moment and try again.';
  }
}

/** Codes of the chat's REST answers, in words; anything else falls back to the server's sentence. */
const apiTexts: Record<string, string> = {
  chat_not_found: 'This chat no longer exists.',
  not_chat_moderator: 'Only the channel’s moderators can do that.',
  not_chat_broadcaster: 'Only the channel’s owner can do that.',
  cannot_ban_broadcaster: 'The channel’s owner cannot be banned or timed out.',
  chat_user_not_found: 'There is no one with that handle.',
  chat_message_not_found: 'That message is already gone.',
  blocked_term_not_found: 'That term is no longer blocked.',
  blocked_term_invalid: 'That term cannot be blocked as written.',
  blocked_term_exists: 'That term is blocked already.',
  too_many_blocked_terms: 'The list of blocked terms is full. Remove some first.',
};

/** A failed moderation call in words. */
export function chatApiErrorText(error: unknown): string {
  return (isApiError(error) && apiTexts[error.code]) || errorMessage(error);
}

/** A mode of a room that is on, as the panel shows it above the input. */
export interface ChatModeLabel {
  mode: 'slow' | 'followers' | 'emote' | 'unique' | 'delay';
  label: string;
  /** What it means for someone chatting. */
  description: string;
}

/** The room's modes that are on, in the order the panel shows them. */
export function chatModeLabels(settings: ChatSettings): ChatModeLabel[] {
  const modes: ChatModeLabel[] = [];
  if (settings.slowModeSeconds > 0) {
    modes.push({
      mode: 'slow',
      label: `Slow mode · ${formatWait(settings.slowModeSeconds * 1000)}`,
      description: `Each person can send one message every ${formatWait(settings.slowModeSeconds * 1000)}.`,
    });
  }
  if (settings.followersOnlyMinutes !== null) {
    const minutes = settings.followersOnlyMinutes;
    modes.push({
      mode: 'followers',
      label: minutes > 0 ? `Followers only · ${formatFollowAge(minutes)}` : 'Followers only',
      description:
        minutes > 0
          ? `Only people who have followed the channel for ${formatFollowAge(minutes)} or more can chat.`
          : 'Only followers of the channel can chat.',
    });
  }
  if (settings.emoteOnly) {
    modes.push({ mode: 'emote', label: 'Emote only', description: 'Messages can only hold emoji.' });
  }
  if (settings.uniqueChat) {
    modes.push({
      mode: 'unique',
      label: 'Unique chat',
      description: 'A message sent in the last 30 seconds cannot be sent again.',
    });
  }
  if (settings.delaySeconds > 0) {
    modes.push({
      mode: 'delay',
      label: `Delay · ${settings.delaySeconds} s`,
      description: `Messages appear ${settings.delaySeconds} seconds late for viewers.`,
    });
  }
  return modes;
}
