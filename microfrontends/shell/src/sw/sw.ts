/**
 * The app's service worker, served at /sw.js so its scope is the whole site. It does one thing: web push. A push is
 * shown as a notification; a click on one brings up a tab at the page it names. No fetch handler: pages load from
 * the network as they would without it.
 */
import { notificationOf, payloadOf, safeTarget, windowShowing } from './push.notification.js';
import type { ServiceWorkerScope } from './sw.scope.js';

declare const self: ServiceWorkerScope;

// A new version takes over at once: there is no cache to keep consistent between versions.
self.addEventListener('install', (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  const shown = notificationOf(payloadOf(event.data), self.location.origin);
  event.waitUntil(self.registration.showNotification(shown.title, shown.options));
});

async function bringUp(target: string): Promise<unknown> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const showing = windows[windowShowing(windows, target)];
  return showing ? showing.focus() : self.clients.openWindow(target);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as { url?: unknown } | null;
  event.waitUntil(bringUp(safeTarget(data?.url, self.location.origin)));
});
