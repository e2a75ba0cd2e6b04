import type { NotificationItem } from '@framecast/client';
import { describe, expect, it } from 'vitest';
import {
  afterReadElsewhere,
  type NotificationPages,
  unreadCountOf,
  withAllRead,
  withArrived,
  withRead,
} from './notifications.cache.js';

const item = (n: number, readAt: string | null = null): NotificationItem => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  kind: 'follow',
  createdAt: '2026-06-10T12:00:00.000Z',
  readAt,
  channel: { id: `c${n}`, handle: `fan${n}` },
  stream: null,
  video: null,
  mention: null,
});
const read = '2026-06-10T11:00:00.000Z';
const now = '2026-06-10T13:00:00.000Z';

/** Two pages: 3 and 2 (read), with 5 unread in all (more than are loaded). */
const pages: NotificationPages = {
  pages: [
    { items: [item(5), item(4), item(3, read)], unreadCount: 5, nextCursor: 'c1' },
    { items: [item(2), item(1, read)], unreadCount: 5, nextCursor: null },
  ],
  pageParams: [undefined, 'c1'],
};
const ids = (data: NotificationPages) => data.pages.map((page) => page.items.map((i) => i.channel.handle));
const readAts = (data: NotificationPages) => data.pages.flatMap((page) => page.items.map((i) => i.readAt));

describe('the bell’s cache', () => {
  it('counts from the first page', () => {
    expect(unreadCountOf(pages)).toBe(5);
    expect(unreadCountOf(undefined)).toBe(0);
  });

  it('puts a pushed notification on top and counts it, once', () => {
    const arrived = withArrived(pages, item(6));
    expect(ids(arrived)).toEqual([
      ['fan6', 'fan5', 'fan4', 'fan3'],
      ['fan2', 'fan1'],
    ]);
    expect(unreadCountOf(arrived)).toBe(6);
    expect(withArrived(arrived, item(6))).toBe(arrived);
    expect(withArrived(pages, item(2))).toBe(pages);
    expect(unreadCountOf(withArrived(pages, item(7, read)))).toBe(5);
  });

  it('marks some read, counting down those that were unread, or taking the server’s count', () => {
    const marked = withRead(pages, [item(5).id, item(3).id, item(2).id], now);
    expect(readAts(marked)).toEqual([now, null, read, now, read]);
    expect(unreadCountOf(marked)).toBe(3);
    expect(unreadCountOf(withRead(pages, [item(5).id], now, 1))).toBe(1);
    expect(
      unreadCountOf(withRead({ ...pages, pages: [{ ...pages.pages[0]!, unreadCount: 0 }] }, [item(5).id], now)),
    ).toBe(0);
  });

  it('marks everything read, keeping when those already read were read', () => {
    const all = withAllRead(pages, now);
    expect(readAts(all)).toEqual([now, now, read, now, read]);
    expect(unreadCountOf(all)).toBe(0);
  });

  it('follows reads made on other pages: nothing for its own echo, all read at zero, else loads again', () => {
    expect(afterReadElsewhere(pages, 5)).toBe('nothing');
    expect(afterReadElsewhere(pages, 0)).toBe('allRead');
    expect(afterReadElsewhere(pages, 2)).toBe('refetch');
    expect(afterReadElsewhere(undefined, 0)).toBe('refetch');
  });
});
