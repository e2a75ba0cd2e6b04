import type { ReactNode } from 'react';

/**
 * The root of everything this remote renders: its stylesheet is scoped to `[data-mf="player"]`
 * (postcss.config.mjs). `display: contents` keeps the wrapper out of the layout.
 */
export function RemoteScope({ children }: { children: ReactNode }) {
  return (
    <div data-mf="player" style={{ display: 'contents' }}>
      {children}
    </div>
  );
}
