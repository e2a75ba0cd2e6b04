import {
  CHAT_MESSAGE_MAX_LENGTH,
  type ChatProblem,
  type ChatRoomConnection,
  type ChatState,
  chatWaitMs,
  checkChatText,
} from '@framecast/client';
import { Button, chatModeLabels, chatProblemText, cn, formatWait } from '@framecast/ui';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useNow } from './chat-room.hook.js';
import type { ChatStanding, ComposerMode } from './chat-standing.js';

export interface ChatComposerProps {
  mode: ComposerMode;
  state: ChatState | null;
  room: ChatRoomConnection | null;
  standing: ChatStanding | null;
  /** Followers-only is on and the signed-in user does not follow (and does not moderate). */
  mustFollow: boolean;
  onSignIn: () => void;
  /** A message went out: the list jumps to the newest. */
  onSent: () => void;
}

/** The room's modes that are on, above the input, each explained on hover and to assistive technology. */
export function ChatModes({ state }: { state: ChatState | null }) {
  const modes = state?.settings ? chatModeLabels(state.settings) : [];
  if (modes.length === 0) return null;
  return (
    <ul aria-label="Chat modes" className="flex flex-wrap gap-1.5">
      {modes.map((mode) => (
        <li
          key={mode.mode}
          data-mode={mode.mode}
          title={mode.description}
          className="rounded-full bg-overlay px-2 py-0.5 text-xs font-semibold text-muted"
        >
          {mode.label}
          <span className="sr-only">: {mode.description}</span>
        </li>
      ))}
    </ul>
  );
}

/** Why nobody can type here right now, in the input's place. */
function Notice({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div role="status" className="flex flex-col gap-2 rounded-control bg-raised px-3 py-3 text-sm">
      <p className="font-semibold text-fg">{title}</p>
      {children}
    </div>
  );
}

/**
 * The foot of the panel: the modes, then the input with its counter and the wait slow mode imposes after a message;
 * or, in its place, "Sign in to chat", a ban or a timeout with its countdown.
 */
export function ChatComposer({ mode, state, room, standing, mustFollow, onSignIn, onSent }: ChatComposerProps) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<ChatProblem | null>(null);
  const inputId = useId();
  const counterId = useId();
  const waiting = (state ? chatWaitMs(state, Date.now()) : 0) > 0 || (standing?.until ?? 0) > Date.now();
  const now = useNow(waiting);
  const wait = state ? chatWaitMs(state, now) : 0;
  const settings = state?.settings ?? null;

  if (mode === 'signedOut') {
    return (
      <div className="flex flex-col gap-2 border-t border-line p-3">
        <ChatModes state={state} />
        <Button onClick={onSignIn} className="w-full">
          Sign in to chat
        </Button>
        <p className="text-center text-xs text-subtle">Anyone can read along; signing in lets you send messages.</p>
      </div>
    );
  }
  if (mode === 'banned' || mode === 'timedOut') {
    const left = standing?.until ? standing.until - now : 0;
    return (
      <div className="flex flex-col gap-2 border-t border-line p-3" data-testid="chat-restricted">
        <Notice title={mode === 'banned' ? 'You are banned from this chat' : 'You are timed out'}>
          <p className="text-muted">
            {mode === 'banned'
              ? 'You can still read the chat, but not send messages.'
              : `You can chat again in ${formatWait(Math.max(left, 0))}.`}
            {standing?.reason ? ` Reason: “${standing.reason}”.` : ''}
          </p>
        </Notice>
      </div>
    );
  }

  const connected = state?.status === 'ready';
  const usable = mode === 'open' && connected;
  const checked = checkChatText(text);
  const length = [...text.trim()].length;
  const over = length > CHAT_MESSAGE_MAX_LENGTH;
  const placeholder =
    mode === 'loading' || mode === 'joining' || !connected
      ? 'Joining the chat…'
      : state?.settings?.emoteOnly
        ? 'Emoji only'
        : 'Send a message';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!room || !usable) return;
    const result = room.send(text);
    if (result.ok) {
      setText('');
      setProblem(null);
      onSent();
    } else {
      setProblem(result.problem);
    }
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-2 border-t border-line p-3" noValidate>
      <ChatModes state={state} />
      {mustFollow && (
        <p className="text-xs text-muted">{chatProblemText({ code: 'followers_only', message: '' }, settings)}</p>
      )}
      <label htmlFor={inputId} className="sr-only">
        Message
      </label>
      <textarea
        id={inputId}
        value={text}
        rows={2}
        disabled={!usable}
        placeholder={placeholder}
        aria-describedby={counterId}
        aria-invalid={over || undefined}
        onChange={(event) => {
          setText(event.target.value);
          setProblem(null);
        }}
        onKeyDown={(event) => {
          // Enter sends, as in every chat; Shift+Enter is a space (messages are one line).
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }
        }}
        className={cn(
          'w-full resize-none rounded-control border border-line bg-canvas px-3 py-2 text-sm text-fg placeholder:text-subtle',
          'hover:border-line-strong focus:border-brand focus:ring-2 focus:ring-brand/40 focus:outline-none',
          'disabled:cursor-not-allowed disabled:opacity-60 aria-[invalid=true]:border-danger',
        )}
      />
      {problem && (
        <p role="alert" className="text-xs font-medium text-danger">
          {chatProblemText(problem, settings)}
        </p>
      )}
      <div className="flex items-center gap-3">
        <span
          id={counterId}
          data-testid="chat-counter"
          className={cn('text-xs tabular-nums', over ? 'font-semibold text-danger' : 'text-subtle')}
        >
          {`${length}/${CHAT_MESSAGE_MAX_LENGTH}`}
          <span className="sr-only"> characters</span>
        </span>
        {wait > 0 && (
          <span data-testid="chat-cooldown" className="text-xs text-muted">
            {state?.cooldown?.reason === 'rate_limited' ? 'Too fast' : 'Slow mode'}: {formatWait(wait)}
          </span>
        )}
        <Button
          type="submit"
          size="sm"
          className="ml-auto"
          disabled={!usable || wait > 0 || !checked.ok}
          aria-label={wait > 0 ? `Chat (you can send in ${formatWait(wait)})` : 'Chat'}
        >
          {wait > 0 ? formatWait(wait) : 'Chat'}
        </Button>
      </div>
    </form>
  );
}
