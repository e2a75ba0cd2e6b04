import {
  BellIcon,
  BroadcastIcon,
  ChartIcon,
  ChatIcon,
  cn,
  HomeIcon,
  SettingsIcon,
  UploadIcon,
  UserIcon,
} from '@framecast/ui';
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useSession } from '../shell.context.js';

interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  /** Whether only the path itself is "here" (the default), not the paths under it. */
  end?: boolean;
}

function NavItemLink({ to, label, icon, end = true }: NavItem) {
  return (
    <NavLink
      to={to}
      end={end}
      className={({ isActive }) =>
        cn(
          'flex items-center gap-3 rounded-control px-3 py-2 text-sm font-medium transition-colors',
          'focus-visible:outline-2 focus-visible:outline-brand [&>svg]:size-5',
          isActive ? 'bg-overlay text-fg' : 'text-muted hover:bg-raised hover:text-fg',
        )
      }
    >
      {icon}
      {label}
    </NavLink>
  );
}

/** The left rail on wide screens: where you are, and your own places when signed in. */
export function SideNav() {
  const session = useSession();
  return (
    <nav
      aria-label="Main"
      className="sticky top-14 hidden h-[calc(100dvh-3.5rem)] w-60 shrink-0 flex-col gap-6 border-r border-line bg-surface px-3 py-4 lg:flex"
    >
      <div className="flex flex-col gap-1">
        <NavItemLink to="/" label="Home" icon={<HomeIcon />} />
      </div>
      {session.status === 'signedIn' && (
        <div className="flex flex-col gap-1">
          <p className="px-3 pb-1 text-xs font-semibold tracking-wide text-subtle uppercase">You</p>
          <NavItemLink to={`/c/${session.user.handle}`} label="Your channel" icon={<UserIcon />} />
          <NavItemLink to="/studio" label="Studio" icon={<UploadIcon />} />
          <NavItemLink to="/studio/live" label="Go live" icon={<BroadcastIcon />} />
          <NavItemLink to="/studio/chat" label="Chat" icon={<ChatIcon />} />
          <NavItemLink to="/studio/analytics" label="Analytics" icon={<ChartIcon />} end={false} />
          <NavItemLink to="/settings/profile" label="Profile settings" icon={<SettingsIcon />} />
          <NavItemLink to="/settings/notifications" label="Notifications" icon={<BellIcon />} />
        </div>
      )}
      <p className="mt-auto px-3 text-xs text-subtle">Framecast — open-source live and on-demand video.</p>
    </nav>
  );
}
