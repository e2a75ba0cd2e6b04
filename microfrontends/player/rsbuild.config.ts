import { remoteConfig } from '../remote.rsbuild';

export default remoteConfig({
  name: 'player',
  port: 3004,
  exposes: {
    './Player': './src/components/player.entry.tsx',
    './WatchPage': './src/pages/watch.page.tsx',
    './LivePage': './src/pages/live.page.tsx',
  },
});
