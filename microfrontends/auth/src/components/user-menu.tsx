import type { RemoteProps } from '@framecast/client';
import {
  Avatar,
  BellIcon,
  LogOutIcon,
  Menu,
  MenuHeader,
  MenuItem,
  MenuSeparator,
  SettingsIcon,
  UserIcon,
} from '@framecast/ui';
import { useSyncExternalStore } from 'react';
import '../app.css';
import { scoped } from '../remote.js';

/** The avatar button at the right of the top bar, with the account's links and sign out. */
function UserMenuView({ client, navigate }: RemoteProps) {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  if (session.status !== 'signedIn') return null;
  const { user } = session;
  const name = user.displayName || user.handle;

  const signOut = async () => {
    // Signed out locally whatever the server answers; the refresh cookie expires on its own.
    await client.auth.logout().catch(() => {});
    navigate('/');
  };

  return (
    <Menu label="Account menu" trigger={<Avatar name={name} src={user.avatarUrl} size="sm" />}>
      <MenuHeader>
        <Avatar name={name} src={user.avatarUrl} size="md" />
        <div className="flex min-w-0 flex-col">
          <span className="truncate text-sm font-semibold text-fg">{name}</span>
          <span className="truncate text-xs text-muted">@{user.handle}</span>
        </div>
      </MenuHeader>
      <MenuSeparator />
      <MenuItem icon={<UserIcon />} onSelect={() => navigate(`/c/${user.handle}`)}>
        Your channel
      </MenuItem>
      <MenuItem icon={<SettingsIcon />} onSelect={() => navigate('/settings/profile')}>
        Profile settings
      </MenuItem>
      <MenuItem icon={<BellIcon />} onSelect={() => navigate('/settings/notifications')}>
        Notification settings
      </MenuItem>
      <MenuSeparator />
      <MenuItem icon={<LogOutIcon />} onSelect={signOut}>
        Sign out
      </MenuItem>
    </Menu>
  );
}

export default scoped(UserMenuView);
