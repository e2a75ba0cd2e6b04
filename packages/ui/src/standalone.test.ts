import { createClient, type RemoteProps } from '@framecast/client';
import { useQueryClient } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { createQueryClient } from './query-client.js';
import { scopedTo } from './remote-scope.js';
import { type StandaloneOptions, standaloneLinks, standaloneRoutes, unknownPathMessage } from './standalone.js';

function Echo({ params, search }: RemoteProps) {
  return createElement('p', null, `params=${JSON.stringify(params)} search=${search}`);
}

function Menu() {
  return createElement('span', null, 'account menu');
}

const home: StandaloneOptions = {
  name: 'home',
  routes: [
    { path: '/', page: Echo },
    { path: '/c/:handle', page: Echo },
  ],
};

/** What the standalone app shows at `url`. */
function render(options: StandaloneOptions, url: string) {
  const router = createMemoryRouter(
    standaloneRoutes(options, { client: createClient(), queryClient: createQueryClient() }),
    { initialEntries: [url] },
  );
  return renderToStaticMarkup(createElement(RouterProvider, { router }));
}

describe('standaloneRoutes', () => {
  it('gives a page the route parameters and query string as the shell would, inside the remote’s scope', () => {
    const html = render(home, '/c/ada?tab=videos');
    expect(html).toContain('<div data-mf="home" style="display:contents">');
    expect(html).toContain('params={&quot;handle&quot;:&quot;ada&quot;} search=?tab=videos');
    expect(html).toContain('home (standalone)');
    expect(html).toContain('href="/"');
  });

  it('says which paths the remote serves at any other path', () => {
    const html = render(home, '/nowhere');
    expect(html).toContain('The standalone home remote serves / and /c/:handle.');
    expect(html).not.toContain('params=');
  });

  it('shows the nav component in the top bar', () => {
    expect(render({ ...home, nav: Menu }, '/')).toContain('<span>account menu</span>');
  });

  it('keeps redirects and a given catch-all instead of the list of paths', () => {
    const routes = standaloneRoutes(
      {
        name: 'auth',
        routes: [
          { path: '/signin', page: Echo },
          { path: '*', redirect: '/signin' },
        ],
      },
      { client: createClient(), queryClient: createQueryClient() },
    );
    expect(routes.map((route) => route.path)).toEqual(['/signin', '*']);
    expect(routes[1]?.element).toMatchObject({ props: { to: '/signin', replace: true } });
  });
});

const standaloneQueryClient = createQueryClient();

function Cached() {
  return createElement('p', null, useQueryClient() === standaloneQueryClient ? 'standalone cache' : 'another cache');
}

describe('a scoped page running standalone', () => {
  it('gets the standalone QueryClient through its props', () => {
    const routes = standaloneRoutes(
      { name: 'creator', routes: [{ path: '/studio', page: scopedTo('creator')(Cached) }] },
      { client: createClient(), queryClient: standaloneQueryClient },
    );
    const router = createMemoryRouter(routes, { initialEntries: ['/studio'] });
    expect(renderToStaticMarkup(createElement(RouterProvider, { router }))).toContain('standalone cache');
  });
});

describe('standaloneLinks', () => {
  it('links the pages whose paths have no parameters', () => {
    expect(
      standaloneLinks([
        { path: '/', redirect: '/signin' },
        { path: '/signin', page: Echo },
        { path: '/watch/:id', page: Echo },
        { path: '/settings/profile', page: Echo },
        { path: '*', redirect: '/signin' },
      ]),
    ).toEqual(['/signin', '/settings/profile']);
  });
});

describe('unknownPathMessage', () => {
  it('lists one, two or more paths in plain English', () => {
    expect(unknownPathMessage('creator', [{ path: '/studio', page: Echo }])).toBe(
      'The standalone creator remote serves /studio.',
    );
    expect(
      unknownPathMessage('auth', [
        { path: '/signin', page: Echo },
        { path: '/signup', page: Echo },
        { path: '/settings/profile', page: Echo },
      ]),
    ).toBe('The standalone auth remote serves /signin, /signup and /settings/profile.');
  });
});
