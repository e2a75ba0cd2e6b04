import { Outlet, ScrollRestoration } from 'react-router';
import { SideNav } from './side-nav.js';
import { TopBar } from './top-bar.js';

export function AppLayout() {
  return (
    <div className="min-h-dvh bg-canvas text-fg">
      <a
        href="#main"
        className="sr-only z-50 rounded-control bg-brand px-3 py-2 text-sm font-semibold text-brand-fg focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <TopBar />
      <div className="flex">
        <SideNav />
        <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-8">
          <div className="mx-auto w-full max-w-7xl">
            <Outlet />
          </div>
        </main>
      </div>
      <ScrollRestoration />
    </div>
  );
}
