/** Limits and rules of chat messages, applied by the chat module and by the chat panel before it sends. */

/** Characters (code points) in a message. */
export const CHAT_MESSAGE_MAX_LENGTH = 500;
/** What a `send` frame may carry at all: longer than a message may be, so an over-long one gets `too_long`. */
export const CHAT_TEXT_FRAME_MAX_LENGTH = 4 * CHAT_MESSAGE_MAX_LENGTH;
export const CHAT_NONCE_MAX_LENGTH = 64;
export const CHAT_SLOW_MODE_MIN_SECONDS = 3;
export const CHAT_SLOW_MODE_MAX_SECONDS = 120;
/** Three months. */
export const CHAT_FOLLOW_AGE_MAX_MINUTES = 90 * 24 * 60;
export const CHAT_DELAY_MAX_SECONDS = 10;
export const CHAT_BLOCKED_TERM_MAX_LENGTH = 100;
export const CHAT_BLOCKED_TERMS_MAX = 1000;
/** Longest timeout: two weeks. */
export const CHAT_TIMEOUT_MAX_SECONDS = 14 * 24 * 3600;
/** Messages per 30 s: a viewer, and the broadcaster or a moderator. */
export const CHAT_RATE_WINDOW_SECONDS = 30;
export const CHAT_RATE_LIMIT = 20;
export const CHAT_RATE_LIMIT_MODERATOR = 100;
/** How long unique chat remembers a message. */
export const CHAT_UNIQUE_WINDOW_SECONDS = 30;

/** Line breaks are not part of a chat line: they are sent as spaces. Other control characters are refused. */
const CONTROLS = /[\p{Cc}\u2028\u2029]/u;
const BIDI_OVERRIDES = /[\u202A-\u202E\u2066-\u2069]/u;
/** A lone surrogate: not a character (a client sent broken UTF-16). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type ChatTextProblem = 'empty_message' | 'too_long' | 'invalid_text';
export type ChatTextCheck = { ok: true; text: string } | { ok: false; code: ChatTextProblem; message: string };

/**
 * A message as the room keeps it: NFC, whitespace runs (line breaks included) collapsed to one space, trimmed.
 * Refused: nothing left, more than `CHAT_MESSAGE_MAX_LENGTH` characters, control characters, direction overrides.
 */
export function checkChatText(raw: string): ChatTextCheck {
  if (LONE_SURROGATE.test(raw)) return { ok: false, code: 'invalid_text', message: 'The message is not valid text.' };
  const text = raw
    .normalize('NFC')
    .replace(/[\t\n\r\u2028\u2029\s]+/gu, ' ')
    .trim();
  if (CONTROLS.test(text)) {
    return { ok: false, code: 'invalid_text', message: 'Messages cannot contain control characters.' };
  }
  if (BIDI_OVERRIDES.test(text)) {
    return { ok: false, code: 'invalid_text', message: 'Messages cannot contain characters that reverse text.' };
  }
  if (text === '') return { ok: false, code: 'empty_message', message: 'The message is empty.' };
  const length = [...text].length;
  if (length > CHAT_MESSAGE_MAX_LENGTH) {
    return {
      ok: false,
      code: 'too_long',
      message: `Messages are at most ${CHAT_MESSAGE_MAX_LENGTH} characters; this one has ${length}.`,
    };
  }
  return { ok: true, text };
}

/** An emoji, with its modifiers, variation selectors and joiners. */
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\u200D\uFE0F\u20E3]|\s)+$/u;

/** Emote-only mode: the message is emoji and spaces only. */
export function isEmoteOnly(text: string): boolean {
  return EMOJI.test(text);
}

/** What unique chat compares: letters and digits only, case folded. Two messages with the same key are the same. */
export function uniqueChatKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{Extended_Pictographic}]+/gu, '');
}

export type BlockedTermCheck = { ok: true; term: string } | { ok: false; message: string };

/**
 * A blocked term as stored: trimmed, lower case, inner spaces collapsed. `*` may stand at the start or end of a
 * word (`*bad`, `bad*`, `*bad*`), never inside one.
 */
export function checkBlockedTerm(raw: string): BlockedTermCheck {
  const term = raw.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
  if (term.replace(/[*\s]/g, '') === '') return { ok: false, message: 'A blocked term needs letters or digits.' };
  if ([...term].length > CHAT_BLOCKED_TERM_MAX_LENGTH) {
    return { ok: false, message: `A blocked term is at most ${CHAT_BLOCKED_TERM_MAX_LENGTH} characters.` };
  }
  for (const word of term.split(' ')) {
    if (word.slice(1, -1).includes('*')) {
      return { ok: false, message: `"${word}": a * may only start or end a word.` };
    }
    if (/^\*+$/.test(word)) return { ok: false, message: 'A * alone would block every word.' };
  }
  return { ok: true, term };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORD = '[\\p{L}\\p{N}_]';

/**
 * One regular expression for a room's terms (already checked), matching whole words unless a `*` lets the word
 * run on: `bad` blocks "bad" but not "badge", `bad*` blocks "badge", `*bad` blocks "notbad". Case and width are
 * folded (NFKC, lower case) on both sides. Null when there are no terms.
 */
export function compileBlockedTerms(terms: readonly string[]): RegExp | null {
  if (terms.length === 0) return null;
  const alternatives = terms.map((term) =>
    term
      .split(' ')
      .map((word) => {
        const open = word.startsWith('*');
        const close = word.endsWith('*');
        const core = escapeRegExp(word.replace(/^\*|\*$/g, ''));
        return `${open ? `${WORD}*` : `(?<!${WORD})`}${core}${close ? `${WORD}*` : `(?!${WORD})`}`;
      })
      .join('\\s+'),
  );
  return new RegExp(alternatives.join('|'), 'u');
}

/** The text as blocked terms are matched against it. */
export function blockedTermSubject(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** `@handle` mentions in a message, lower case, each once, in order. */
export function chatMentions(text: string, max = 5): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<![\p{L}\p{N}_@])@([a-z0-9_]{3,30})(?![a-z0-9_])/giu)) {
    const handle = match[1]!.toLowerCase();
    if (!found.includes(handle)) found.push(handle);
    if (found.length === max) break;
  }
  return found;
}

/** A piece of a message as the chat panel shows it. */
export type ChatTextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const LINK = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}]/giu;

/** Splits a message into text and links (http and https only). Pure; the panel makes links clickable when allowed. */
export function splitChatLinks(text: string): ChatTextPart[] {
  const parts: ChatTextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    if (start > at) parts.push({ kind: 'text', text: text.slice(at, start) });
    parts.push({ kind: 'link', text: match[0], href: match[0] });
    at = start + match[0].length;
  }
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) });
  return parts;
}
