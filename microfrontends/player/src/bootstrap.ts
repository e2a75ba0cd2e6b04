import { mountStandalone } from '@framecast/ui/standalone';
import './app.css';
import LivePage from './pages/live.page.js';
import WatchPage from './pages/watch.page.js';
import { remoteName } from './remote.js';

// Standalone development: the components this remote exposes, at the paths the shell gives them.
mountStandalone({
  name: remoteName,
  routes: [
    { path: '/watch/:id', page: WatchPage },
    { path: '/live/:handle', page: LivePage },
  ],
});
