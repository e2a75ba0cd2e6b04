import { createClient, type FramecastClient, type RemoteProps } from '@framecast/client';
import type { QueryClient } from '@tanstack/react-query';
import { type ComponentType, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, type RouteObject, RouterProvider } from 'react-router';
import { AppLink } from './app-link.js';
import { createQueryClient } from './query-client.js';
import { RemoteScope } from './remote-scope.js';
import { useRemoteProps } from './routing.js';
import './standalone.css';

/** A path of a remote running standalone: one of its pages, or a path that leads to another. */
export type StandaloneRoute = { path: string; page: ComponentType<RemoteProps> } | { path: string; redirect: string };

export interface StandaloneOptions {
  /** The remote's name, as given to `remoteConfig`: the scope of its styles and the label of the top bar. */
  name: string;
  /** The paths the shell routes to the remote's pages. Other paths list these, unless a `*` route says otherwise. */
  routes: readonly StandaloneRoute[];
  /** Shown at the right of the top bar with the pages' props, e.g. the account menu. */
  nav?: ComponentType<RemoteProps>;
}

/** The top bar's links: every page at a path without parameters. */
export function standaloneLinks(routes: readonly StandaloneRoute[]): string[] {
  return routes.filter((route) => 'page' in route && !/[:*]/.test(route.path)).map((route) => route.path);
}

/** What an unknown path says: which paths the remote serves. */
export function unknownPathMessage(name: string, routes: readonly StandaloneRoute[]): string {
  const paths = routes.filter((route) => 'page' in route).map((route) => route.path);
  const last = paths.pop() ?? 'no pages';
  return `The standalone ${name} remote serves ${paths.length > 0 ? `${paths.join(', ')} and ${last}` : last}.`;
}

/** What a shell would give the pages: the client with its session, and one QueryClient. */
export interface StandaloneServices {
  client: FramecastClient;
  queryClient: QueryClient;
}

interface FrameProps {
  services: StandaloneServices;
  options: StandaloneOptions;
  /** Without a page, the frame says which paths the remote serves. */
  page?: ComponentType<RemoteProps>;
}

/** A page with the props the shell would give it, under a bare top bar standing in for the shell's. */
function StandaloneFrame({ services, options: { name, routes, nav: Nav }, page: Page }: FrameProps) {
  const props = useRemoteProps(services.client, services.queryClient);
  return (
    <RemoteScope name={name}>
      <div className="min-h-dvh bg-canvas font-sans text-fg">
        <nav className="flex h-14 items-center gap-4 border-b border-line bg-surface px-4 text-sm">
          <span className="font-bold">{name} (standalone)</span>
          {standaloneLinks(routes).map((path) => (
            <AppLink key={path} href={path} navigate={props.navigate} className="text-muted hover:text-fg">
              {path}
            </AppLink>
          ))}
          {Nav && (
            <span className="ml-auto">
              <Nav {...props} />
            </span>
          )}
        </nav>
        <main className="px-4 py-6 sm:px-6 lg:px-8">
          <div className="mx-auto w-full max-w-7xl">
            {/* Keyed by path parameters as in the shell, so moving between two channels starts the page afresh. */}
            {Page ? (
              <Page key={JSON.stringify(props.params)} {...props} />
            ) : (
              <p className="text-muted">{unknownPathMessage(name, routes)}</p>
            )}
          </div>
        </main>
      </div>
    </RemoteScope>
  );
}

/** The router's routes for a remote running standalone with `services`. */
export function standaloneRoutes(options: StandaloneOptions, services: StandaloneServices): RouteObject[] {
  const { routes } = options;
  const given: RouteObject[] = routes.map((route) =>
    'page' in route
      ? { path: route.path, element: <StandaloneFrame services={services} options={options} page={route.page} /> }
      : { path: route.path, element: <Navigate to={route.redirect} replace /> },
  );
  if (routes.some((route) => route.path === '*')) return given;
  return [...given, { path: '*', element: <StandaloneFrame services={services} options={options} /> }];
}

/**
 * Runs a remote on its own dev server, outside the shell: its own client (the session restored from
 * the refresh cookie, as the shell does), its own QueryClient, and its pages at the paths the shell gives them.
 */
export function mountStandalone(options: StandaloneOptions): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('mountStandalone needs an element with id "root" in the page.');
  const client = createClient();
  void client.auth.restore();
  const router = createBrowserRouter(standaloneRoutes(options, { client, queryClient: createQueryClient() }));
  createRoot(root).render(
    <StrictMode>
      <RouterProvider router={router} />
    </StrictMode>,
  );
}
