/** Limits of a profile: the `UpdateMeBody` schema, the avatar route and the settings forms use these. */
export const DISPLAY_NAME_MAX_LENGTH = 60;
export const BIO_MAX_LENGTH = 1000;

export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type AvatarType = (typeof AVATAR_TYPES)[number];
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;

export function isAvatarType(value: string): value is AvatarType {
  return (AVATAR_TYPES as readonly string[]).includes(value);
}

/** Controls that reorder the text around them: a name could make what follows it on a page read backwards. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Other control characters (line breaks and tabs are whitespace, collapsed below). */
const CONTROLS = /[\p{Cc}]/u;
/** Invisible format characters, dropped, except the joiners that emoji sequences and some scripts need. */
const FORMAT = /(?![\u200C\u200D])\p{Cf}/gu;
/** Characters that render as nothing or as blank space but are not whitespace to `\s`. */
const BLANKS = /[\s\u115F\u1160\u2800\u3164\uFFA0\p{M}]|\u200C|\u200D/gu;

export type DisplayNameProblem = 'bidi_control' | 'control_character' | 'invisible' | 'too_long';
export type DisplayNameCheck = { ok: true; value: string } | { ok: false; reason: DisplayNameProblem; message: string };

const refuse = (reason: DisplayNameProblem, message: string): DisplayNameCheck => ({ ok: false, reason, message });

/**
 * A display name as we keep it: NFKC-normalised (so full-width and "mathematical" letters become plain ones),
 * invisible format characters dropped, runs of whitespace collapsed to one space, trimmed. Refused: direction
 * overrides and isolates, control characters, names with nothing visible in them, and names longer than
 * `DISPLAY_NAME_MAX_LENGTH` (UTF-16 units, as the API schema counts them) after normalisation.
 */
export function checkDisplayName(raw: string): DisplayNameCheck {
  const text = raw.normalize('NFKC');
  if (BIDI_CONTROLS.test(text)) {
    return refuse('bidi_control', 'The display name cannot contain characters that change the direction of text.');
  }
  const value = text.replace(FORMAT, '').replace(/\s+/gu, ' ').trim();
  if (CONTROLS.test(value)) return refuse('control_character', 'The display name cannot contain control characters.');
  if (value.replace(BLANKS, '') === '') {
    return refuse('invisible', 'Enter a display name with at least one visible character.');
  }
  if (value.length > DISPLAY_NAME_MAX_LENGTH) {
    return refuse('too_long', `Use at most ${DISPLAY_NAME_MAX_LENGTH} characters for the display name.`);
  }
  return { ok: true, value };
}
