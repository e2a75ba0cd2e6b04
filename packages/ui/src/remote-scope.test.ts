import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, it } from 'vitest';
import { createQueryClient } from './query-client.js';
import { scopedTo } from './remote-scope.js';

function Greeting({ name }: { name: string }) {
  return createElement('p', null, `Hello ${name}`);
}

it('renders an exposed component inside its remote’s style scope, with its props', () => {
  const Scoped = scopedTo('home')(Greeting);
  expect(renderToStaticMarkup(createElement(Scoped, { name: 'Ada' }))).toBe(
    '<div data-mf="home" style="display:contents"><p>Hello Ada</p></div>',
  );
});

it('names the wrapper after the remote and the component, for React’s developer tools', () => {
  expect(scopedTo('auth')(Greeting).displayName).toBe('auth(Greeting)');
});

const shellQueryClient = createQueryClient();

function CachePage(_props: { queryClient: QueryClient }) {
  return createElement('p', null, useQueryClient() === shellQueryClient ? 'the shell’s cache' : 'another cache');
}

it('gives an exposed page the shell’s QueryClient from its props, so its queries share the page’s cache', () => {
  const html = renderToStaticMarkup(createElement(scopedTo('creator')(CachePage), { queryClient: shellQueryClient }));
  expect(html).toContain('the shell’s cache');
});
