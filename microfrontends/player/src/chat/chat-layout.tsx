import type { ReactNode } from 'react';

/**
 * A player page with its channel's chat: beside the player on wide screens (as tall as the window, staying in view
 * while the page scrolls), below it on narrow ones.
 */
export function WithChat({ children, chat }: { children: ReactNode; chat: ReactNode }) {
  return (
    <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_21rem]">
      <div className="flex min-w-0 flex-col gap-5">{children}</div>
      <div className="h-[32rem] min-h-0 lg:sticky lg:top-20 lg:h-[calc(100dvh-6.5rem)]">{chat}</div>
    </div>
  );
}
