import type {
  NotificationPage,
  NotificationPreferences,
  NotificationPreferencesUpdate,
  NotificationsReadResult,
  PushKey,
  PushSubscriptionBody,
} from '@framecast/contracts';
import type { Send } from './http.js';

const base = '/api/notifications';

/** The notification module's API (`/api/notifications/…`): the bell's list, what the reader hears of, web push. */
export function notificationsApi(send: Send) {
  const markRead = (body: { ids: readonly string[] } | { all: true }) =>
    send<NotificationsReadResult>({ method: 'POST', path: `${base}/read`, json: body });
  return {
    /** The caller's notifications, newest first, with how many of all of them are unread. */
    list: (query: { cursor?: string; limit?: number } = {}) =>
      send<NotificationPage>({ method: 'GET', path: base, query: { ...query } }),
    /** Marks some of the caller's notifications read (1 to 100 ids); answers how many are still unread. */
    markRead: (ids: readonly string[]) => markRead({ ids }),
    markAllRead: () => markRead({ all: true }),
    /** Per kind and delivery, and the bell of every channel the caller follows. */
    preferences: () => send<NotificationPreferences>({ method: 'GET', path: `${base}/preferences` }),
    /** Changes what it names; answers every preference. */
    updatePreferences: (update: NotificationPreferencesUpdate) =>
      send<NotificationPreferences>({ method: 'PUT', path: `${base}/preferences`, json: update }),
    push: {
      /** The server's VAPID public key (base64url), the `applicationServerKey` of `PushManager.subscribe`. */
      key: () => send<PushKey>({ method: 'GET', path: `${base}/push/key`, session: false }),
      /** Web push to this browser: the body is `PushSubscription.toJSON()`. Subscribing again changes nothing. */
      subscribe: (subscription: PushSubscriptionBody) =>
        send<void>({ method: 'POST', path: `${base}/push/subscriptions`, json: subscription }),
      /** No more web push to the browser of that endpoint. */
      unsubscribe: (endpoint: string) =>
        send<void>({ method: 'DELETE', path: `${base}/push/subscriptions`, json: { endpoint } }),
    },
  };
}
