import { SearchIcon } from '@framecast/ui';
import { Link } from 'react-router';
import { Logo } from '../components/logo.js';
import { AccountArea } from './account-area.js';

export function TopBar() {
  return (
    <header className="sticky top-0 z-40 border-b border-line bg-surface/95 backdrop-blur supports-[backdrop-filter]:bg-surface/80">
      <div className="flex h-14 items-center gap-4 px-4 sm:px-6">
        <Link
          to="/"
          aria-label="Framecast home"
          className="rounded-control focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand"
        >
          <span className="hidden sm:block">
            <Logo />
          </span>
          <span className="sm:hidden">
            <Logo withWordmark={false} />
          </span>
        </Link>
        <search className="mx-auto w-full max-w-md">
          {/* Search arrives with videos; the field shows where it will be and says so. */}
          <label className="relative flex items-center">
            <span className="sr-only">Search</span>
            <SearchIcon className="pointer-events-none absolute left-3 size-4 text-subtle" />
            <input
              type="search"
              disabled
              placeholder="Search is coming soon"
              className="h-9 w-full cursor-not-allowed rounded-full border border-line bg-canvas pr-4 pl-9 text-sm text-fg placeholder:text-subtle"
            />
          </label>
        </search>
        <AccountArea />
      </div>
    </header>
  );
}
