import { type RemoteProps, signInPath } from '@framecast/client';
import { AppLink, Button, EmptyState, UserIcon } from '@framecast/ui';
import { useSyncExternalStore } from 'react';
import '../app.css';
import { AvatarEditor } from '../components/avatar-editor.js';
import { ProfileForm } from '../components/profile-form.js';
import { SettingsCard } from '../components/settings-card.js';
import { scoped } from '../remote.js';

function ProfileSettingsView({ client, navigate }: RemoteProps) {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);

  // The shell only routes signed-in people here; this covers standalone use and a sign-out in another tab.
  if (session.status !== 'signedIn') {
    return (
      <EmptyState
        icon={<UserIcon />}
        title="Sign in to edit your profile"
        action={<Button onClick={() => navigate(signInPath('/settings/profile'))}>Sign in</Button>}
        size="lg"
      />
    );
  }

  const { user } = session;
  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-6">
      <title>Profile settings · Framecast</title>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-bold tracking-tight text-fg">Profile settings</h1>
          <p className="text-sm text-muted">This is how people see you and your channel on Framecast.</p>
        </div>
        <AppLink
          href={`/c/${user.handle}`}
          navigate={navigate}
          className="text-sm font-semibold text-brand hover:underline"
        >
          View your channel
        </AppLink>
      </div>
      <SettingsCard title="Avatar" description="Your picture on your channel, in comments and in chat.">
        <AvatarEditor client={client} user={user} />
      </SettingsCard>
      <SettingsCard title="Profile" description={`Signed in as @${user.handle} (${user.email}).`}>
        {/* Keyed by user so another account's values never linger in the form. */}
        <ProfileForm key={user.id} client={client} user={user} />
      </SettingsCard>
    </div>
  );
}

export default scoped(ProfileSettingsView);
