import type { Kysely } from 'kysely';
import webpush from 'web-push';
import { sharedSetting } from '../notification.secrets.js';
import type { NotificationTables } from '../notification.tables.js';

export interface VapidKeys {
  /** Who runs the push sender (`mailto:` or `https:`), told to push services. */
  subject: string;
  publicKey: string;
  privateKey: string;
}

/** The VAPID key pair, made once and kept in the schema, so every instance signs with the same one. */
export async function loadVapidKeys(db: Kysely<NotificationTables>, subject: string): Promise<VapidKeys> {
  const stored = await sharedSetting(db, 'vapid_keys', () => JSON.stringify(webpush.generateVAPIDKeys()));
  const keys = JSON.parse(stored) as { publicKey: string; privateKey: string };
  return { subject, publicKey: keys.publicKey, privateKey: keys.privateKey };
}

/** The VAPID subject: the site when it is served over https, else the sender's address in `MAIL_FROM`. Pure. */
export function vapidSubject(publicUrl: string, mailFrom: string): string {
  if (publicUrl.startsWith('https://')) return publicUrl;
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return `mailto:${address}`;
}
