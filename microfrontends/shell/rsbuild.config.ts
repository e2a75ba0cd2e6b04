import { pluginModuleFederation } from '@module-federation/rsbuild-plugin';
import { defineConfig } from '@rsbuild/core';
import { pluginReact } from '@rsbuild/plugin-react';

const backend = 'http://localhost:8080';

/** In development the remotes run on their own dev servers; in production the gateway writes this file. */
const devRemotes = {
  auth: 'http://localhost:3001/mf-manifest.json',
  home: 'http://localhost:3002/mf-manifest.json',
  creator: 'http://localhost:3003/mf-manifest.json',
  player: 'http://localhost:3004/mf-manifest.json',
};

export default defineConfig({
  plugins: [
    pluginReact(),
    pluginModuleFederation(
      {
        name: 'shell',
        // No build-time remotes: the shell finds them at run time through /mf/remotes.json.
        remotes: {},
        shared: {
          react: { singleton: true, requiredVersion: '^19.0.0' },
          'react-dom': { singleton: true, requiredVersion: '^19.0.0' },
          // One query cache per page: the shell's QueryClient works with the remotes' hooks.
          '@tanstack/react-query': { singleton: true, requiredVersion: '^5.0.0' },
        },
        dts: false,
      },
      { environment: 'web' },
    ),
  ],
  environments: {
    web: { source: { entry: { index: './src/index.ts' } } },
    /*
     * The service worker: one file at the root of the build, so the gateway serves it at /sw.js and its scope is the
     * whole site. Its name has no hash (a worker is found again by its URL; the gateway sends it with no-cache), and
     * it bundles nothing of the app's (Module Federation applies to `web` only).
     */
    serviceWorker: {
      source: { entry: { sw: './src/sw/sw.ts' } },
      output: { target: 'web-worker', filenameHash: false, distPath: { js: '' }, cleanDistPath: false },
      tools: { htmlPlugin: false },
      performance: { chunkSplit: { strategy: 'all-in-one' } },
    },
  },
  html: {
    template: './src/index.html',
    title: 'Framecast',
    favicon: './public/favicon.svg',
    meta: {
      description: 'Watch and stream live and on-demand video on Framecast, the open-source video platform.',
      'theme-color': '#0e0e10',
      'color-scheme': 'dark',
    },
  },
  output: { assetPrefix: '/' },
  server: {
    port: 3000,
    strictPort: true,
    proxy: { '/api': backend, '/media': backend, '/.well-known': backend },
    setup: ({ action, server }) => {
      if (action !== 'dev') return;
      server.middlewares.use('/mf/remotes.json', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.setHeader('cache-control', 'no-store');
        res.end(JSON.stringify(devRemotes));
      });
    },
  },
});
