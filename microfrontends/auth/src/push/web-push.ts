import type { FramecastClient } from '@framecast/client';
import { keyBytes, type PushSupport, pushStatusOf, subscriptionBody } from './web-push.plan.js';

/** The service worker the shell serves at the root of the site (microfrontends/shell/src/sw). */
const WORKER_URL = '/sw.js';
const SCOPE = '/';

/** What this browser offers for web push. */
export function browserSupport(): PushSupport {
  return {
    secureContext: globalThis.isSecureContext === true,
    serviceWorker: typeof navigator !== 'undefined' && 'serviceWorker' in navigator,
    pushManager: 'PushManager' in globalThis,
    notification: 'Notification' in globalThis,
  };
}

const registration = () => navigator.serviceWorker.getRegistration(SCOPE);

/**
 * Where push stands in this browser. A subscription found is told to the server again (it keeps one per endpoint),
 * so the account signed in now is the one it reaches.
 */
export async function currentPushStatus(client: FramecastClient) {
  const support = browserSupport();
  const permission = support.notification ? Notification.permission : undefined;
  const subscription =
    pushStatusOf(support, permission, true) === 'on'
      ? ((await (await registration())?.pushManager.getSubscription()) ?? null)
      : null;
  if (subscription) await client.notifications.push.subscribe(subscriptionBody(subscription.toJSON()));
  return pushStatusOf(support, permission, subscription !== null);
}

/**
 * Turns push on: asks the permission (call it straight from the click: browsers ask only during a user gesture),
 * registers the service worker, subscribes with the server's VAPID key and gives the subscription to the server.
 * Resolves to `denied` when the reader said no, `off` when they closed the question unanswered.
 */
export async function enablePush(client: FramecastClient): Promise<'on' | 'off' | 'denied'> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
  await navigator.serviceWorker.register(WORKER_URL, { scope: SCOPE });
  const ready = await navigator.serviceWorker.ready;
  const { publicKey } = await client.notifications.push.key();
  const subscription =
    (await ready.pushManager.getSubscription()) ??
    (await ready.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  await client.notifications.push.subscribe(subscriptionBody(subscription.toJSON()));
  return 'on';
}

/** Turns push off: the server forgets this browser first (so nothing more is sent), then the browser unsubscribes. */
export async function disablePush(client: FramecastClient): Promise<'off'> {
  const subscription = (await (await registration())?.pushManager.getSubscription()) ?? null;
  if (subscription) {
    await client.notifications.push.unsubscribe(subscription.endpoint);
    await subscription.unsubscribe();
  }
  return 'off';
}
