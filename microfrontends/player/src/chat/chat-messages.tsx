import { ArrowDownIcon, cn } from '@framecast/ui';
import { forwardRef, type ReactNode, useCallback, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';

/** How close to the bottom (px) still counts as reading the newest messages. */
const AT_BOTTOM_PX = 32;

/** Whether a scroller shows its end: then new messages keep it there. */
export function atBottom(el: { scrollTop: number; scrollHeight: number; clientHeight: number }): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight <= AT_BOTTOM_PX;
}

export interface ChatMessagesHandle {
  /** Shows the newest messages and follows them again. */
  toNewest(): void;
}

export interface ChatMessagesProps {
  /** The newest message's id, and how many pending: when either moves, a following list scrolls. */
  newest: string | null;
  pendingCount: number;
  children: ReactNode;
  /** Above the messages, e.g. "Reconnecting…". */
  banner?: ReactNode;
}

/**
 * The scrolling list of messages. It follows the newest while the reader is at the bottom; scrolling up pauses it
 * (new messages no longer move what is being read) and shows "More messages below", which goes back down.
 */
export const ChatMessages = forwardRef<ChatMessagesHandle, ChatMessagesProps>(function ChatMessages(
  { newest, pendingCount, children, banner },
  ref,
) {
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [paused, setPaused] = useState(false);

  const toNewest = useCallback(() => {
    const el = scroller.current;
    following.current = true;
    setPaused(false);
    if (el) el.scrollTop = el.scrollHeight;
  }, []);
  useImperativeHandle(ref, () => ({ toNewest }), [toNewest]);

  // After each new message (or one of ours), before paint: stay at the bottom while following.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the newest message or the pending ones change.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [newest, pendingCount]);

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        data-testid="chat-scroller"
        onScroll={() => {
          const el = scroller.current;
          if (!el) return;
          following.current = atBottom(el);
          setPaused(!following.current);
        }}
        className="h-full overflow-y-auto overscroll-contain px-1 py-2"
      >
        {banner}
        <ol aria-label="Chat messages" role="log" className="flex flex-col">
          {children}
        </ol>
      </div>
      <button
        type="button"
        onClick={toNewest}
        className={cn(
          'absolute bottom-3 left-1/2 flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-brand px-3 py-1.5',
          'text-xs font-semibold whitespace-nowrap text-brand-fg shadow-popover hover:bg-brand-hover focus-visible:outline-2',
          'focus-visible:outline-offset-2 focus-visible:outline-brand',
          !paused && 'hidden',
        )}
      >
        <ArrowDownIcon className="size-3.5" />
        More messages below
      </button>
    </div>
  );
});
