import {
  type FramecastClient,
  type NotificationPreferences,
  type NotificationPreferencesUpdate,
  queryKeys,
  type Viewer,
} from '@framecast/client';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

/** What the signed-in reader hears of: per kind and delivery, and the bell of each channel they follow. */
export function preferencesQuery(client: FramecastClient, viewer: Viewer) {
  return queryOptions({
    queryKey: queryKeys.notificationPreferences(viewer),
    queryFn: () => client.notifications.preferences(),
    enabled: viewer !== null,
  });
}

/** The preferences as they will be once `update` is saved: what it names changes, the rest stays. Pure. */
export function withUpdate(
  preferences: NotificationPreferences,
  update: NotificationPreferencesUpdate,
): NotificationPreferences {
  const types = { ...preferences.types };
  for (const kind of Object.keys(types) as (keyof typeof types)[]) {
    const patch = update.types?.[kind];
    if (patch) types[kind] = { ...types[kind], ...patch };
  }
  const levels = new Map((update.channels ?? []).map((c) => [c.channelId, c.level]));
  return {
    types,
    channels: preferences.channels.map((c) => ({ ...c, level: levels.get(c.channel.id) ?? c.level })),
  };
}

/**
 * Saves a change: shown at once, the server's answer kept once it comes, and what was shown before put back when
 * the server refuses (the mutation's error says why).
 */
export function usePreferenceChange(client: FramecastClient, viewer: Viewer) {
  const queryClient = useQueryClient();
  const key = queryKeys.notificationPreferences(viewer);
  return useMutation({
    mutationFn: (update: NotificationPreferencesUpdate) => client.notifications.updatePreferences(update),
    onMutate: async (update) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<NotificationPreferences>(key);
      if (before) queryClient.setQueryData(key, withUpdate(before, update));
      return { before };
    },
    onError: (_error, _update, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
    },
    onSuccess: (saved) => queryClient.setQueryData(key, saved),
  });
}
