import { createHmac, timingSafeEqual } from 'node:crypto';
import { type NotificationKind, notificationKinds } from '@framecast/contracts';

/** What a one-click link stops: e-mails of one kind, or every e-mail (from a digest). */
export type UnsubscribeScope = NotificationKind | 'all';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${body}`).digest('base64url');
}

/** The token of a one-click link: who and what, signed so nobody else can stop someone's e-mails. Pure. */
export function signUnsubscribe(secret: string, userId: string, scope: UnsubscribeScope): string {
  const body = `${userId}.${scope}`;
  return `${body}.${mac(secret, body)}`;
}

/** Who and what a token names, or null when it is not one this secret signed. Pure. */
export function verifyUnsubscribe(secret: string, token: string): { userId: string; scope: UnsubscribeScope } | null {
  const [userId, scope, signature, ...rest] = token.split('.');
  if (!userId || !scope || !signature || rest.length > 0 || !UUID.test(userId)) return null;
  if (scope !== 'all' && !(notificationKinds as readonly string[]).includes(scope)) return null;
  const expected = Buffer.from(mac(secret, `${userId}.${scope}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { userId, scope: scope as UnsubscribeScope };
}
