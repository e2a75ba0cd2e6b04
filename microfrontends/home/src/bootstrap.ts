import { mountStandalone } from '@framecast/ui/standalone';
import './app.css';
import ChannelPage from './pages/channel.page.js';
import HomePage from './pages/home.page.js';
import { remoteName } from './remote.js';

// Standalone development: the components this remote exposes, at the paths the shell gives them.
mountStandalone({
  name: remoteName,
  routes: [
    { path: '/', page: HomePage },
    { path: '/c/:handle', page: ChannelPage },
  ],
});
