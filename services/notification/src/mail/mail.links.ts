import type { NotificationKind } from '@framecast/contracts';
import type { MailLinks } from './mail.templates.js';
import { signUnsubscribe, type UnsubscribeScope } from './unsubscribe.token.js';

/** The address of a one-click link (RFC 8058: POSTed to by the mail client, so it carries everything itself). */
export function unsubscribeUrl(publicUrl: string, secret: string, userId: string, scope: UnsubscribeScope): string {
  return `${publicUrl}/api/notifications/unsubscribe/${signUnsubscribe(secret, userId, scope)}`;
}

/** The links and headers of one reader's e-mail: one-click unsubscribe from this kind, or from every e-mail. */
export function mailLinks(
  publicUrl: string,
  secret: string,
  userId: string,
  scope: NotificationKind | 'all',
): { links: MailLinks; headers: Record<string, string> } {
  const base = publicUrl.replace(/\/+$/, '');
  const url = unsubscribeUrl(base, secret, userId, scope);
  return {
    links: { publicUrl: base, unsubscribeUrl: url },
    headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
