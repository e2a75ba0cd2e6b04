import { remoteConfig } from '../remote.rsbuild';

export default remoteConfig({
  name: 'auth',
  port: 3001,
  exposes: {
    './SignIn': './src/pages/sign-in.page.tsx',
    './SignUp': './src/pages/sign-up.page.tsx',
    './ProfileSettings': './src/pages/profile-settings.page.tsx',
    './NotificationSettings': './src/pages/notification-settings.page.tsx',
    './UserMenu': './src/components/user-menu.tsx',
  },
});
