import { pluginModuleFederation } from '@module-federation/rsbuild-plugin';
import { defineConfig } from '@rsbuild/core';
import { pluginReact } from '@rsbuild/plugin-react';

const port = 3002;
const backend = 'http://localhost:8080';

export default defineConfig({
  plugins: [
    pluginReact(),
    pluginModuleFederation({
      name: 'home',
      exposes: {
        './Home': './src/pages/home.page.tsx',
        './ChannelPage': './src/pages/channel.page.tsx',
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
  html: { title: 'Framecast · home (standalone)' },
  // The gateway serves this build at /mf/home/; in development the shell loads it from this dev server.
  output: { assetPrefix: '/mf/home/' },
  dev: { assetPrefix: `http://localhost:${port}/` },
  server: {
    port,
    strictPort: true,
    cors: { origin: '*' },
    proxy: { '/api': backend, '/media': backend, '/.well-known': backend },
  },
});
