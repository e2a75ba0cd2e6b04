/** What the service worker shows for a push, and which tab a click brings up. Pure, so it is tested outside a worker. */

/** A notification ready for `registration.showNotification(title, options)`; `data.url` is where a click leads. */
export interface ShownNotification {
  title: string;
  options: { body: string; tag?: string; data: { url: string } };
}

const text = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.slice(0, max) : null;

/**
 * Where a notification may lead: a page of this site (`origin`), else the home page. The push is encrypted for this
 * browser and sent by our server, but a link out of the site is never followed from it.
 */
export function safeTarget(url: unknown, origin: string): string {
  if (typeof url !== 'string') return `${origin}/`;
  try {
    const target = new URL(url, origin);
    return target.origin === origin ? target.href : `${origin}/`;
  } catch {
    return `${origin}/`;
  }
}

/**
 * The notification of a push's payload (`{kind, title, body, url, tag}`, the notification module's PushPayload). A
 * push the browser cannot read still shows something: with `userVisibleOnly`, every push must.
 */
export function notificationOf(payload: unknown, origin: string): ShownNotification {
  const p = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const title = text(p.title, 200);
  if (!title) {
    return { title: 'Framecast', options: { body: 'You have a new notification.', data: { url: `${origin}/` } } };
  }
  const tag = text(p.tag, 200);
  return {
    title,
    options: {
      body: text(p.body, 500) ?? '',
      ...(tag ? { tag } : {}),
      data: { url: safeTarget(p.url, origin) },
    },
  };
}

/** The JSON of a push's data, or null when there is none or it is not JSON. */
export function payloadOf(data: { text(): string } | null): unknown {
  if (!data) return null;
  try {
    return JSON.parse(data.text());
  } catch {
    return null;
  }
}

/**
 * Which open tab a click brings up: one showing `target` already (the most recently focused first, as `matchAll`
 * lists them), or none (-1) — then a new one opens, and what the reader's other tabs show is left alone.
 */
export function windowShowing(windows: readonly { url: string }[], target: string): number {
  return windows.findIndex((w) => w.url === target);
}
