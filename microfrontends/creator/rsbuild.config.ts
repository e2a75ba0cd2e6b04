import { remoteConfig } from '../remote.rsbuild';

export default remoteConfig({
  name: 'creator',
  port: 3003,
  exposes: {
    './Studio': './src/pages/studio.page.tsx',
    './GoLive': './src/pages/go-live.page.tsx',
    './StudioChat': './src/pages/chat.page.tsx',
    './StudioAnalytics': './src/pages/analytics.page.tsx',
  },
});
