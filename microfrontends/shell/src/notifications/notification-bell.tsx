import { errorMessage, type NotificationItem } from '@framecast/client';
import {
  Avatar,
  BellIcon,
  CheckIcon,
  cn,
  formatAgo,
  Menu,
  MenuItem,
  MenuLinkItem,
  MenuSeparator,
  SettingsIcon,
  Skeleton,
} from '@framecast/ui';
import { useNavigate } from 'react-router';
import { useClient } from '../shell.context.js';
import { badgeText, bellLabel, notificationDetail, notificationHref, notificationText } from './notification.words.js';
import { useNotifications } from './notifications.hook.js';

type Bell = ReturnType<typeof useNotifications>;

function NotificationRow({ item, onOpen }: { item: NotificationItem; onOpen: () => void }) {
  const navigate = useNavigate();
  const unread = item.readAt === null;
  const who = item.kind === 'mention' && item.mention ? item.mention.from.handle : item.channel.handle;
  const detail = notificationDetail(item);
  return (
    <MenuLinkItem href={notificationHref(item)} navigate={navigate} onSelect={onOpen} className="items-start">
      <span aria-hidden="true" className="mt-0.5 flex">
        <Avatar name={who} size="sm" />
      </span>
      <span className="flex min-w-0 flex-1 flex-col gap-0.5" data-testid="notification">
        {unread && <span className="sr-only">Unread: </span>}
        <span className={cn('line-clamp-2 break-words', unread ? 'font-semibold text-fg' : 'text-muted')}>
          {notificationText(item)}
        </span>
        {detail && <span className="truncate text-xs text-muted">{detail}</span>}
        <span className="text-xs text-subtle">{formatAgo(item.createdAt)}</span>
      </span>
      <span
        aria-hidden="true"
        className={cn('mt-2 size-2 shrink-0 rounded-full', unread ? 'bg-brand' : 'bg-transparent')}
      />
    </MenuLinkItem>
  );
}

function Loading() {
  return (
    <div role="status" aria-label="Loading notifications" className="flex flex-col gap-3 px-2.5 py-2">
      {[0, 1, 2].map((i) => (
        <div key={i} className="flex items-center gap-3">
          <Skeleton className="size-8 rounded-full" />
          <div className="flex flex-1 flex-col gap-1.5">
            <Skeleton className="h-3.5 w-4/5 rounded" />
            <Skeleton className="h-3 w-1/3 rounded" />
          </div>
        </div>
      ))}
    </div>
  );
}

function Note({ title, children, tone = 'default' }: { title: string; children?: string; tone?: 'default' | 'error' }) {
  return (
    <div role={tone === 'error' ? 'alert' : undefined} className="flex flex-col gap-1 px-2.5 py-6 text-center">
      <p className={cn('text-sm font-semibold', tone === 'error' ? 'text-danger' : 'text-fg')}>{title}</p>
      {children && <p className="text-xs text-muted">{children}</p>}
    </div>
  );
}

/** What the open menu holds: the list (newest first) or its loading, empty or failed state, then the actions. */
function BellContent({ bell }: { bell: Bell }) {
  const navigate = useNavigate();
  const { query, items, unreadCount, markAllRead } = bell;
  const list = () => {
    if (query.data === undefined) {
      if (query.status === 'pending') return <Loading />;
      return (
        <>
          <Note title="Your notifications could not be loaded" tone="error">
            {errorMessage(query.error)}
          </Note>
          <MenuItem keepOpen onSelect={() => void query.refetch()} disabled={query.isFetching}>
            {query.isFetching ? 'Trying again…' : 'Try again'}
          </MenuItem>
        </>
      );
    }
    if (items.length === 0) {
      return (
        <Note title="You’re all caught up">Follow channels to hear here when they go live or publish a video.</Note>
      );
    }
    return (
      <>
        <div className="-mx-1.5 flex max-h-[min(28rem,65vh)] flex-col overflow-y-auto px-1.5">
          {items.map((item) => (
            <NotificationRow key={item.id} item={item} onOpen={() => bell.opened(item.id)} />
          ))}
        </div>
        {query.isFetchNextPageError && (
          <p role="alert" className="px-2.5 py-1.5 text-xs text-danger">
            {errorMessage(query.error)}
          </p>
        )}
        {query.hasNextPage && (
          <MenuItem keepOpen onSelect={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            <span className="w-full text-center text-muted">
              {query.isFetchingNextPage ? 'Loading more…' : 'Load more'}
            </span>
          </MenuItem>
        )}
      </>
    );
  };
  return (
    <>
      <div className="flex items-baseline justify-between px-2.5 pt-1 pb-2">
        <h2 className="text-sm font-semibold text-fg">Notifications</h2>
        {unreadCount > 0 && <span className="text-xs text-muted">{unreadCount} unread</span>}
      </div>
      {list()}
      <MenuSeparator />
      {markAllRead.isError && (
        <p role="alert" className="px-2.5 py-1.5 text-xs text-danger">
          They could not be marked read: {errorMessage(markAllRead.error)}
        </p>
      )}
      <MenuItem
        keepOpen
        icon={<CheckIcon />}
        onSelect={() => markAllRead.mutate()}
        disabled={unreadCount === 0 || markAllRead.isPending}
      >
        Mark all as read
      </MenuItem>
      <MenuLinkItem href="/settings/notifications" navigate={navigate} icon={<SettingsIcon />}>
        Notification settings
      </MenuLinkItem>
    </>
  );
}

/** The bell at the top right for a signed-in reader: the unread count on it, their notifications under it. */
export function NotificationBell({ viewer }: { viewer: string }) {
  const bell = useNotifications(useClient(), viewer);
  const badge = badgeText(bell.unreadCount);
  return (
    <Menu
      label={bellLabel(bell.unreadCount)}
      width="lg"
      triggerClassName="relative flex size-9 items-center justify-center rounded-full text-muted transition-colors hover:bg-overlay hover:text-fg data-[state=open]:bg-overlay data-[state=open]:text-fg"
      trigger={
        <>
          <BellIcon className="size-5" />
          {badge && (
            <span
              aria-hidden="true"
              data-testid="notification-badge"
              className="absolute -top-0.5 -right-0.5 flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-live px-1 text-[0.625rem] leading-none font-bold text-white ring-2 ring-surface"
            >
              {badge}
            </span>
          )}
        </>
      }
    >
      <BellContent bell={bell} />
    </Menu>
  );
}
