import { chatMentions, splitChatLinks } from '@framecast/client';

/** A piece of a message as the panel renders it: text, a link (when the room allows them), or an @mention. */
export type ChatPart =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string; handle: string; mine: boolean };

/** Every mention a message could hold (the rule's default stops at five, for notifications). */
const ALL_MENTIONS = 1000;

/** Whether the message names `me` (`@handle`, any case). */
export function mentions(text: string, me: string | null): boolean {
  return me !== null && chatMentions(text, ALL_MENTIONS).includes(me.toLowerCase());
}

/** Splits plain text into text and the @mentions `chatMentions` finds in it, word by word. */
function withMentions(text: string, me: string | null): ChatPart[] {
  const parts: ChatPart[] = [];
  let plain = '';
  for (const word of text.split(/(\s+)/u)) {
    const [handle] = word.includes('@') ? chatMentions(word, 1) : [];
    const at = handle === undefined ? -1 : word.toLowerCase().indexOf(`@${handle}`);
    if (handle === undefined || at < 0) {
      plain += word;
      continue;
    }
    plain += word.slice(0, at);
    if (plain) parts.push({ kind: 'text', text: plain });
    parts.push({
      kind: 'mention',
      text: word.slice(at, at + handle.length + 1),
      handle,
      mine: me !== null && handle === me.toLowerCase(),
    });
    plain = word.slice(at + handle.length + 1);
  }
  if (plain) parts.push({ kind: 'text', text: plain });
  return parts;
}

/**
 * A message in pieces for the panel: links only when the room allows them (`splitChatLinks`, http and https only),
 * otherwise the address stays text; @mentions marked, the signed-in user's own apart. Text is never HTML.
 */
export function chatParts(text: string, options: { linksAllowed: boolean; me: string | null }): ChatPart[] {
  const parts: ChatPart[] = [];
  for (const part of splitChatLinks(text)) {
    if (part.kind === 'link' && options.linksAllowed) parts.push(part);
    else if (part.kind === 'link') parts.push({ kind: 'text', text: part.text });
    else parts.push(...withMentions(part.text, options.me));
  }
  // Neighbouring text pieces (a link shown as text) read as one.
  return parts.reduce<ChatPart[]>((merged, part) => {
    const last = merged.at(-1);
    if (last?.kind === 'text' && part.kind === 'text')
      merged[merged.length - 1] = { kind: 'text', text: last.text + part.text };
    else merged.push(part);
    return merged;
  }, []);
}
