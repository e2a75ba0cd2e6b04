import { pluginModuleFederation } from '@module-federation/rsbuild-plugin';
import { defineConfig } from '@rsbuild/core';
import { pluginReact } from '@rsbuild/plugin-react';

const port = 3004;
const backend = 'http://localhost:8080';

export default defineConfig({
  plugins: [
    pluginReact(),
    pluginModuleFederation({
      name: 'player',
      exposes: {
        './Player': './src/components/player.entry.tsx',
        './WatchPage': './src/pages/watch.page.tsx',
      },
      shared: {
        react: { singleton: true, requiredVersion: '^19.0.0' },
        'react-dom': { singleton: true, requiredVersion: '^19.0.0' },
      },
      // Federated type generation makes builds ~10× slower; props are typed through @framecast/client.
      dts: false,
    }),
  ],
  source: { entry: { index: './src/index.ts' } },
  html: { title: 'Framecast · player (standalone)' },
  // The gateway serves this build at /mf/player/; in development the shell loads it from this dev server.
  output: { assetPrefix: '/mf/player/' },
  dev: { assetPrefix: `http://localhost:${port}/` },
  server: {
    port,
    strictPort: true,
    cors: { origin: '*' },
    proxy: { '/api': backend, '/media': backend, '/.well-known': backend },
  },
});
