import { pluginModuleFederation } from '@module-federation/rsbuild-plugin';
import { defineConfig } from '@rsbuild/core';
import { pluginReact } from '@rsbuild/plugin-react';

const backend = 'http://localhost:8080';

/**
 * The build of one remote microfrontend: Module Federation with React as a shared singleton, served by the gateway
 * at `/mf/<name>/` in production and by its own dev server (which also runs it standalone) in development.
 */
export function remoteConfig(opts: { name: string; port: number; exposes: Record<string, string> }) {
  const { name, port, exposes } = opts;
  return defineConfig({
    plugins: [
      pluginReact(),
      pluginModuleFederation({
        name,
        exposes,
        shared: {
          react: { singleton: true, requiredVersion: '^19.0.0' },
          'react-dom': { singleton: true, requiredVersion: '^19.0.0' },
        },
        // Federated type generation makes builds ~10× slower; props are typed through @framecast/client.
        dts: false,
      }),
    ],
    source: { entry: { index: './src/index.ts' } },
    html: { title: `Framecast · ${name} (standalone)` },
    output: { assetPrefix: `/mf/${name}/` },
    dev: { assetPrefix: `http://localhost:${port}/` },
    server: {
      port,
      strictPort: true,
      cors: { origin: '*' },
      proxy: { '/api': backend, '/media': backend, '/.well-known': backend },
    },
  });
}
