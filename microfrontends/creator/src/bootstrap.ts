import { mountStandalone } from '@framecast/ui/standalone';
import './app.css';
import StudioAnalyticsPage from './pages/analytics.page.js';
import StudioChatPage from './pages/chat.page.js';
import StudioPage from './pages/studio.page.js';
import { remoteName } from './remote.js';

// Standalone development: the components this remote exposes, at the paths the shell gives them.
mountStandalone({
  name: remoteName,
  routes: [
    { path: '/studio', page: StudioPage },
    { path: '/studio/chat', page: StudioChatPage },
    { path: '/studio/analytics', page: StudioAnalyticsPage },
    { path: '/studio/analytics/videos/:id', page: StudioAnalyticsPage },
    { path: '/studio/analytics/streams/:sessionId', page: StudioAnalyticsPage },
  ],
});
