import type { ChatBadge, ChatLine, ChatSettings, ChatUser, PendingLine } from '@framecast/client';
import { BroadcastIcon, Button, chatProblemText, cn, GemIcon, hueOf, ShieldIcon, StarIcon } from '@framecast/ui';
import type { ReactNode } from 'react';
import { chatParts, mentions } from './chat-text.js';

const badges: { [badge in ChatBadge]: { label: string; icon: ReactNode; className: string } } = {
  broadcaster: { label: 'Broadcaster', icon: <BroadcastIcon />, className: 'bg-live text-white' },
  moderator: { label: 'Moderator', icon: <ShieldIcon />, className: 'bg-success text-black' },
  vip: { label: 'VIP', icon: <GemIcon />, className: 'bg-[#e005b9] text-white' },
  staff: { label: 'Staff', icon: <StarIcon />, className: 'bg-brand text-white' },
};

/** The badges before a name: small squares, each named for assistive technology and on hover. */
export function ChatBadges({ user }: { user: ChatUser }) {
  if (user.badges.length === 0) return null;
  return (
    <span className="mr-1 inline-flex gap-0.5 align-[-0.2em]">
      {user.badges.map((badge) => (
        <span
          key={badge}
          role="img"
          aria-label={badges[badge].label}
          title={badges[badge].label}
          data-badge={badge}
          className={cn(
            'inline-flex size-4.5 items-center justify-center rounded-sm [&>svg]:size-3',
            badges[badge].className,
          )}
        >
          {badges[badge].icon}
        </span>
      ))}
    </span>
  );
}

/** The name as chat shows it, in a colour of its own (stable per handle, readable on the dark panel). */
export function ChatName({ user }: { user: ChatUser }) {
  return (
    <span
      className="font-bold break-words"
      style={{ color: `hsl(${hueOf(user.handle)} 85% 72%)` }}
      title={`@${user.handle}`}
    >
      {user.displayName || user.handle}
    </span>
  );
}

/** A message's text: links only when the room allows them, mentions marked. React escapes it all: never HTML. */
export function ChatText({ text, linksAllowed, me }: { text: string; linksAllowed: boolean; me: string | null }) {
  return (
    <span className="break-words text-fg [overflow-wrap:anywhere]">
      {chatParts(text, { linksAllowed, me }).map((part, i) =>
        part.kind === 'link' ? (
          <a
            // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one message never move.
            key={i}
            href={part.href}
            target="_blank"
            rel="noopener noreferrer nofollow ugc"
            className="text-brand underline underline-offset-2 hover:text-brand-hover"
          >
            {part.text}
          </a>
        ) : part.kind === 'mention' ? (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one message never move.
            key={i}
            data-mention={part.mine ? 'me' : 'other'}
            className={cn('font-semibold', part.mine ? 'rounded bg-brand px-0.5 text-brand-fg' : 'text-fg')}
          >
            {part.text}
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one message never move.
          <span key={i}>{part.text}</span>
        ),
      )}
    </span>
  );
}

const timeFormat = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' });

export interface ChatMessageRowProps {
  line: ChatLine;
  settings: ChatSettings | null;
  me: string | null;
  /** The moderation menu, for those who may moderate this message. */
  menu?: ReactNode;
}

/** One message of the room: badges, name, text; highlighted when it names the signed-in user. */
export function ChatMessageRow({ line, settings, me, menu }: ChatMessageRowProps) {
  const named = mentions(line.text, me) && line.user.handle.toLowerCase() !== me?.toLowerCase();
  return (
    <li
      data-testid="chat-message"
      data-id={line.id}
      data-mentions-me={named || undefined}
      title={timeFormat.format(new Date(line.sentAt))}
      className={cn(
        'group relative rounded-control px-2 py-1 text-sm leading-5 hover:bg-raised',
        named && 'border-l-2 border-brand bg-brand-soft hover:bg-brand-soft',
        menu !== undefined && 'pr-8',
      )}
    >
      <ChatBadges user={line.user} />
      <ChatName user={line.user} />
      <span aria-hidden="true" className="text-muted">
        :{' '}
      </span>
      <ChatText text={line.text} linksAllowed={settings?.linksAllowed ?? false} me={me} />
      {menu && (
        <span className="absolute top-0.5 right-1 opacity-0 group-focus-within:opacity-100 group-hover:opacity-100 has-[[data-state=open]]:opacity-100">
          {menu}
        </span>
      )}
    </li>
  );
}

export interface PendingRowProps {
  item: PendingLine;
  user: ChatUser | null;
  settings: ChatSettings | null;
  onRetry: () => void;
  onDismiss: () => void;
}

/** A message of this client not echoed yet (dimmed), or refused (with why, and what to do). */
export function PendingRow({ item, user, settings, onRetry, onDismiss }: PendingRowProps) {
  const failed = item.state === 'failed';
  return (
    <li
      data-testid="chat-pending"
      data-state={item.state}
      className={cn('rounded-control px-2 py-1 text-sm leading-5', failed ? 'bg-danger-soft' : 'opacity-60')}
    >
      {user && (
        <>
          <ChatBadges user={user} />
          <ChatName user={user} />
          <span aria-hidden="true" className="text-muted">
            :{' '}
          </span>
        </>
      )}
      <span className={cn('break-words [overflow-wrap:anywhere]', failed ? 'text-muted line-through' : 'text-fg')}>
        {item.text}
      </span>
      {!failed && <span className="sr-only"> (sending)</span>}
      {failed && item.problem && (
        <span className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1">
          <span role="alert" className="text-xs font-medium text-danger">
            Not sent. {chatProblemText(item.problem, settings)}
          </span>
          <span className="ml-auto flex gap-1">
            <Button size="sm" variant="ghost" className="h-6 px-2 text-xs" onClick={onRetry}>
              Try again
            </Button>
            <Button size="sm" variant="ghost" className="h-6 px-2 text-xs" onClick={onDismiss}>
              Dismiss
            </Button>
          </span>
        </span>
      )}
    </li>
  );
}
