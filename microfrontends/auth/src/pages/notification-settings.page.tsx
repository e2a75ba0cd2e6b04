import { errorMessage, type RemoteProps, signInPath } from '@framecast/client';
import { Alert, AppLink, BellIcon, Button, EmptyState, QueryState, Skeleton, useViewer } from '@framecast/ui';
import { useQuery } from '@tanstack/react-query';
import '../app.css';
import { preferencesQuery, usePreferenceChange } from '../api/notification-preferences.queries.js';
import { BrowserPushSection } from '../components/browser-push.section.js';
import { ChannelBells } from '../components/channel-bells.js';
import { DeliveryTable } from '../components/delivery-table.js';
import { SettingsCard } from '../components/settings-card.js';
import { scoped } from '../remote.js';

const PATH = '/settings/notifications';

function Loading() {
  return (
    <div role="status" aria-label="Loading your notification settings" className="flex flex-col gap-6">
      {[0, 1].map((i) => (
        <Skeleton key={i} className="h-48 w-full rounded-card" />
      ))}
    </div>
  );
}

function NotificationSettingsView({ client, navigate }: RemoteProps) {
  const viewer = useViewer(client);
  const preferences = useQuery({ ...preferencesQuery(client, viewer ?? null), enabled: Boolean(viewer) });
  const change = usePreferenceChange(client, viewer ?? null);

  // The shell only routes signed-in people here; this covers standalone use and a sign-out in another tab.
  if (viewer === null) {
    return (
      <EmptyState
        icon={<BellIcon />}
        title="Sign in to choose your notifications"
        action={<Button onClick={() => navigate(signInPath(PATH))}>Sign in</Button>}
        size="lg"
      />
    );
  }

  return (
    <div className="mx-auto flex w-full max-w-4xl flex-col gap-6">
      <title>Notification settings · Framecast</title>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-bold tracking-tight text-fg">Notification settings</h1>
          <p className="text-sm text-muted">What Framecast tells you about, and how it reaches you.</p>
        </div>
        <AppLink
          href="/settings/profile"
          navigate={navigate}
          className="text-sm font-semibold text-brand hover:underline"
        >
          Profile settings
        </AppLink>
      </div>
      {change.isError && (
        <Alert tone="error" title="That change was not saved">
          {errorMessage(change.error)}
        </Alert>
      )}
      <QueryState query={preferences} loading={<Loading />} errorTitle="Your notification settings could not be loaded">
        {(prefs) => (
          <>
            <SettingsCard
              title="What you hear about"
              description="In the app is the bell at the top of every page; e-mail goes to your account’s address."
            >
              <DeliveryTable
                types={prefs.types}
                onChange={(kind, delivery, on) => change.mutate({ types: { [kind]: { [delivery]: on } } })}
              />
            </SettingsCard>
            <SettingsCard
              title="Channels you follow"
              description="For each channel: hear of its live streams and videos, only its live streams, or nothing."
            >
              <ChannelBells
                channels={prefs.channels}
                onChange={(channelId, level) => change.mutate({ channels: [{ channelId, level }] })}
                navigate={navigate}
              />
            </SettingsCard>
            <SettingsCard
              title="Browser notifications"
              description="Web push to this browser: notifications show on this device even when no Framecast page is open."
            >
              <BrowserPushSection
                client={client}
                pushOff={Object.values(prefs.types).every((delivery) => !delivery.push)}
              />
            </SettingsCard>
          </>
        )}
      </QueryState>
    </div>
  );
}

export default scoped(NotificationSettingsView);
