import type { QueryClient } from '@tanstack/query-core';
import type { FramecastClient } from './client.js';

/**
 * What the shell hands every component a remote exposes. Remotes do not own the router: they read
 * route values from here and move through `navigate`.
 */
export interface RemoteProps {
  /** The shell's client: one session shared by every remote. */
  client: FramecastClient;
  /** The shell's TanStack QueryClient: one cache shared by every remote (see `scopedTo` in @framecast/ui). */
  queryClient: QueryClient;
  navigate: (to: string, options?: { replace?: boolean }) => void;
  /** Route parameters, e.g. `{ handle }` on /c/:handle. */
  params: Readonly<Record<string, string>>;
  /** The current query string, with its leading `?` (or empty). */
  search: string;
}
