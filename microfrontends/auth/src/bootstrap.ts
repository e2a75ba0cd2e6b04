import { mountStandalone } from '@framecast/ui/standalone';
import './app.css';
import UserMenu from './components/user-menu.js';
import NotificationSettingsPage from './pages/notification-settings.page.js';
import ProfileSettingsPage from './pages/profile-settings.page.js';
import SignInPage from './pages/sign-in.page.js';
import SignUpPage from './pages/sign-up.page.js';
import { remoteName } from './remote.js';

// Standalone development: the components this remote exposes, at the paths the shell gives them.
mountStandalone({
  name: remoteName,
  routes: [
    { path: '/', redirect: '/signin' },
    { path: '/signin', page: SignInPage },
    { path: '/signup', page: SignUpPage },
    { path: '/settings/profile', page: ProfileSettingsPage },
    { path: '/settings/notifications', page: NotificationSettingsPage },
    { path: '*', redirect: '/signin' },
  ],
  nav: UserMenu,
});
