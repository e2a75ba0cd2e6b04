import type { Channel, ChannelSort, FramecastClient } from '@framecast/client';
import { useCallback, useEffect, useRef, useState } from 'react';

export const PAGE_SIZE = 12;

export interface ChannelFeed {
  status: 'loading' | 'ready' | 'error';
  items: Channel[];
  hasMore: boolean;
  loadingMore: boolean;
  error: unknown;
  moreError: unknown;
  retry(): void;
  loadMore(): void;
  replace(channel: Channel): void;
}

/** Appends a page, skipping channels already shown (a channel can move between pages while people sign up). */
function appendPage(items: Channel[], page: Channel[]): Channel[] {
  const seen = new Set(items.map((c) => c.id));
  return [...items, ...page.filter((c) => !seen.has(c.id))];
}

/**
 * Cursor-paginated channel list, restarted when the sort or the signed-in person changes. `viewerId`
 * is undefined while the session is unknown: the feed waits rather than load twice.
 */
export function useChannelFeed(
  client: FramecastClient,
  sort: ChannelSort,
  viewerId: string | null | undefined,
): ChannelFeed {
  const [items, setItems] = useState<Channel[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<ChannelFeed['status']>('loading');
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: viewerId and attempt restart the feed on purpose.
  useEffect(() => {
    const current = ++generation.current;
    setStatus('loading');
    setItems([]);
    setMoreError(null);
    if (viewerId === undefined) return;
    client.channels.list({ sort, limit: PAGE_SIZE }).then(
      (page) => {
        if (current !== generation.current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setStatus('ready');
      },
      (cause: unknown) => {
        if (current !== generation.current) return;
        setError(cause);
        setStatus('error');
      },
    );
  }, [client, sort, viewerId, attempt]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    const current = generation.current;
    setLoadingMore(true);
    setMoreError(null);
    client.channels
      .list({ sort, limit: PAGE_SIZE, cursor })
      .then(
        (page) => {
          if (current !== generation.current) return;
          setItems((previous) => appendPage(previous, page.items));
          setCursor(page.nextCursor);
        },
        (cause: unknown) => current === generation.current && setMoreError(cause),
      )
      .finally(() => setLoadingMore(false));
  }, [client, sort, cursor, loadingMore]);

  return {
    status,
    items,
    hasMore: cursor !== null,
    loadingMore,
    error,
    moreError,
    retry: useCallback(() => setAttempt((n) => n + 1), []),
    loadMore,
    replace: useCallback(
      (channel: Channel) => setItems((list) => list.map((c) => (c.id === channel.id ? channel : c))),
      [],
    ),
  };
}
