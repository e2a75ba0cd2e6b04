import { errorMessage, isApiError, type PushSubscriptionBody } from '@framecast/client';

/** Where web push stands in this browser, for this page to say and offer. */
export type PushStatus =
  | 'checking'
  /** No service worker, Push API or Notification API here, or the page is not in a secure context. */
  | 'unsupported'
  /** The reader (or the browser's policy) blocked notifications for the site. */
  | 'denied'
  | 'off'
  | 'on';

/** What the browser offers, as read from its globals. */
export interface PushSupport {
  secureContext: boolean;
  serviceWorker: boolean;
  pushManager: boolean;
  notification: boolean;
}

/** Whether web push can work here at all. Pure. */
export function pushSupported(support: PushSupport): boolean {
  return support.secureContext && support.serviceWorker && support.pushManager && support.notification;
}

/** Where push stands before anything is asked: from the support, the permission and whether a subscription exists. */
export function pushStatusOf(
  support: PushSupport,
  permission: NotificationPermission | undefined,
  subscribed: boolean,
): Exclude<PushStatus, 'checking'> {
  if (!pushSupported(support)) return 'unsupported';
  if (permission === 'denied') return 'denied';
  return permission === 'granted' && subscribed ? 'on' : 'off';
}

/** A base64url VAPID key as the bytes `applicationServerKey` takes. Pure. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The body `POST /api/notifications/push/subscriptions` takes, from `PushSubscription.toJSON()`. Pure. */
export function subscriptionBody(json: PushSubscriptionJSON): PushSubscriptionBody {
  const { endpoint, keys } = json;
  if (!endpoint || !keys?.p256dh || !keys.auth) {
    throw new Error('The browser gave a push subscription without its endpoint or keys.');
  }
  return { endpoint, expirationTime: json.expirationTime ?? null, keys: { p256dh: keys.p256dh, auth: keys.auth } };
}

/** What went wrong while turning push on or off, in words. */
export function pushProblemText(error: unknown): string {
  if (isApiError(error)) return `Framecast could not save this browser: ${errorMessage(error)}`;
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError') {
    return 'This browser did not allow notifications from Framecast. Allow them in its site settings, then try again.';
  }
  if (name === 'AbortError' || name === 'NotSupportedError') {
    return 'This browser could not subscribe with its push service (private windows cannot). Try again later, or in a normal window.';
  }
  return 'Browser notifications could not be changed. Try again.';
}
