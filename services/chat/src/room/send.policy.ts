import {
  blockedTermSubject,
  CHAT_RATE_LIMIT,
  CHAT_RATE_LIMIT_MODERATOR,
  type ChatErrorCode,
  type ChatRole,
  type ChatSettings,
  checkChatText,
  isEmoteOnly,
} from '@framecast/contracts';

export type Refusal = { code: ChatErrorCode; message: string; retryAfterMs?: number };
export type SendDecision = { ok: true; text: string } | ({ ok: false } & Refusal);

/** Who is sending, in this room. `staff`: a platform administrator, who moderates every room. */
export interface Sender {
  role: ChatRole;
  staff: boolean;
}

export const canModerate = (sender: Sender) =>
  sender.staff || sender.role === 'broadcaster' || sender.role === 'moderator';

/** Messages the sender may send per rate window. */
export const rateLimitOf = (sender: Sender) => (canModerate(sender) ? CHAT_RATE_LIMIT_MODERATOR : CHAT_RATE_LIMIT);

const refuse = (code: ChatErrorCode, message: string, retryAfterMs?: number): SendDecision => ({
  ok: false,
  code,
  message,
  ...(retryAfterMs === undefined ? {} : { retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)) }),
});

const minutes = (value: number) => {
  if (value < 60) return `${value} minute${value === 1 ? '' : 's'}`;
  if (value < 1440) return `${Math.round(value / 60)} hour${value < 90 ? '' : 's'}`;
  return `${Math.round(value / 1440)} day${value < 2160 ? '' : 's'}`;
};

/**
 * The rules a message meets before it is sent, in the order a person would want to hear about them; the counters
 * (slow mode, rate, unique chat) come after, in the room. Pure.
 * - the text itself (empty, too long, control characters);
 * - a ban or timeout (`ban.until` null: for good);
 * - for everyone but the broadcaster and moderators: emote-only, blocked terms; and for viewers (VIPs are spared):
 *   followers-only with its minimum follow age.
 */
export function decideSend(input: {
  raw: string;
  sender: Sender;
  ban: { until: Date | null } | null;
  settings: ChatSettings;
  terms: RegExp | null;
  /** When the sender followed the channel; null when they do not. */
  followedAt: Date | null;
  now: Date;
}): SendDecision {
  const { sender, settings, now } = input;
  const text = checkChatText(input.raw);
  if (!text.ok) return refuse(text.code, text.message);
  const ban = input.ban;
  if (ban && sender.role !== 'broadcaster' && !sender.staff) {
    if (ban.until === null) return refuse('banned', 'You are banned from this chat.');
    const left = ban.until.getTime() - now.getTime();
    if (left > 0) {
      return refuse('timed_out', `You are timed out for ${Math.ceil(left / 1000)} more seconds.`, left);
    }
  }
  if (canModerate(sender)) return { ok: true, text: text.text };
  if (settings.emoteOnly && !isEmoteOnly(text.text)) {
    return refuse('emote_only', 'This chat is in emote-only mode: send emoji only.');
  }
  if (input.terms?.test(blockedTermSubject(text.text))) {
    return refuse('blocked_term', 'Your message contains a term this channel does not allow.');
  }
  if (sender.role === 'viewer' && settings.followersOnlyMinutes !== null) {
    const need = settings.followersOnlyMinutes;
    if (input.followedAt === null) {
      return refuse(
        'followers_only',
        need === 0
          ? 'This chat is for followers only: follow the channel to chat.'
          : `This chat is for followers of at least ${minutes(need)}: follow the channel to chat.`,
      );
    }
    const wait = input.followedAt.getTime() + need * 60_000 - now.getTime();
    if (wait > 0) {
      return refuse(
        'followers_only',
        `This chat is for followers of at least ${minutes(need)}; you can chat in ${Math.ceil(wait / 60_000)} minutes.`,
        wait,
      );
    }
  }
  return { ok: true, text: text.text };
}

/** Whether slow mode holds this sender back (VIPs, moderators and the broadcaster are spared). */
export const slowModeApplies = (sender: Sender, settings: ChatSettings) =>
  settings.slowModeSeconds > 0 && sender.role === 'viewer' && !sender.staff;

/** Whether unique chat applies to this sender. */
export const uniqueChatApplies = (sender: Sender, settings: ChatSettings) =>
  settings.uniqueChat && !canModerate(sender);
