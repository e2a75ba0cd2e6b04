/** The longest display name, in UTF-16 units as the API schema counts them, after normalisation. */
export const MAX_DISPLAY_NAME = 60;

/** Controls that reorder the text around them: a name could make what follows it on a page read backwards. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Other control characters (line breaks and tabs are whitespace, collapsed below). */
const CONTROLS = /[\p{Cc}]/u;
/** Invisible format characters, dropped, except the joiners that emoji sequences and some scripts need. */
const FORMAT = /(?![\u200C\u200D])\p{Cf}/gu;
/** Characters that render as nothing or as blank space but are not whitespace to `\s`. */
const BLANKS = /[\s\u115F\u1160\u2800\u3164\uFFA0\p{M}]|\u200C|\u200D/gu;

export type DisplayNameCheck = { ok: true; value: string } | { ok: false; reason: DisplayNameProblem; message: string };
export type DisplayNameProblem = 'bidi_control' | 'control_character' | 'invisible' | 'too_long';

const refuse = (reason: DisplayNameProblem, message: string): DisplayNameCheck => ({ ok: false, reason, message });

/**
 * A display name as we keep it: NFKC-normalised (so full-width and "mathematical" letters become plain ones),
 * invisible format characters dropped, runs of whitespace collapsed to one space, trimmed. Refused: direction
 * overrides and isolates, control characters, and names with nothing visible in them.
 */
export function checkDisplayName(raw: string): DisplayNameCheck {
  const text = raw.normalize('NFKC');
  if (BIDI_CONTROLS.test(text)) {
    return refuse('bidi_control', 'The display name cannot contain characters that change the direction of text.');
  }
  const value = text.replace(FORMAT, '').replace(/\s+/gu, ' ').trim();
  if (CONTROLS.test(value)) return refuse('control_character', 'The display name cannot contain control characters.');
  if (value.replace(BLANKS, '') === '') {
    return refuse('invisible', 'The display name needs at least one visible character.');
  }
  if (value.length > MAX_DISPLAY_NAME) {
    return refuse('too_long', `The display name must be at most ${MAX_DISPLAY_NAME} characters long.`);
  }
  return { ok: true, value };
}
