import { pluginModuleFederation } from '@module-federation/rsbuild-plugin';
import { defineConfig } from '@rsbuild/core';
import { pluginReact } from '@rsbuild/plugin-react';
import tailwindcss from '@tailwindcss/postcss';
import prefixSelector from 'postcss-prefix-selector';

const backend = 'http://localhost:8080';

/**
 * The build of one remote microfrontend: Module Federation with React and TanStack Query as shared singletons, served by the gateway
 * at `/mf/<name>/` in production and by its own dev server (which also runs it standalone) in development.
 * `name` is also the remote's style scope: it must match `remoteName` in the remote's src/remote.ts.
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
          // One query cache per page: the shell's QueryClient works with the remotes' hooks.
          '@tanstack/react-query': { singleton: true, requiredVersion: '^5.0.0' },
        },
        // Federated type generation makes builds ~10× slower; props are typed through @framecast/client.
        dts: false,
      }),
    ],
    tools: {
      /*
       * Every remote ships its own Tailwind build. Scoping its rules under its root element (`[data-mf]`, see
       * RemoteScope in @framecast/ui) keeps them from reordering the shell's or another remote's utilities (a later
       * `.hidden` would beat an earlier `sm:block`).
       */
      postcss: (_options, { addPlugins }) =>
        addPlugins([
          tailwindcss(),
          prefixSelector({ prefix: `[data-mf="${name}"]`, includeFiles: [/src[\\/]app\.css$/] }),
        ]),
    },
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
