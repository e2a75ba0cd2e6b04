import { Avatar, formatAgo } from '@framecast/ui';
import type { ReactNode } from 'react';

/** A person in one of the studio's chat lists: avatar, name and handle, a line about them, and an action. */
export function PersonRow({
  user,
  about,
  detail,
  action,
}: {
  user: { handle: string; displayName: string };
  about: string;
  detail?: ReactNode;
  action: ReactNode;
}) {
  const name = user.displayName || user.handle;
  return (
    <li className="flex items-center gap-3 py-2.5">
      <Avatar name={name} size="sm" />
      <div className="flex min-w-0 flex-1 flex-col">
        <p className="truncate text-sm font-semibold text-fg">
          {name} <span className="font-normal text-muted">@{user.handle}</span>
        </p>
        <p className="truncate text-xs text-subtle">{about}</p>
        {detail}
      </div>
      {action}
    </li>
  );
}

/** "added 3 days ago" */
export const since = (verb: string, date: string) => `${verb} ${formatAgo(date)}`;

/** A handle as typed in an "add" field: without a leading @ and spaces, lower case. */
export const typedHandle = (text: string) => text.trim().replace(/^@/, '').toLowerCase();
