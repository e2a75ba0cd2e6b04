import { remoteConfig } from '../remote.rsbuild';

export default remoteConfig({
  name: 'home',
  port: 3002,
  exposes: {
    './Home': './src/pages/home.page.tsx',
    './ChannelPage': './src/pages/channel.page.tsx',
  },
});
