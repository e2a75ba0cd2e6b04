import type { NoticeMessage } from '@framecast/contracts';

/** A rendered e-mail: the same words as plain text and as HTML. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailLinks {
  /** The site's address (`PUBLIC_URL`), without a trailing slash. */
  publicUrl: string;
  /** The one-click address that stops these e-mails. */
  unsubscribeUrl: string;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to place in HTML, in an element or an attribute. Pure. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** What one notification says, where it leads and what its button reads. Pure. */
export function describeNotice(notice: NoticeMessage, publicUrl: string) {
  const channel = encodeURIComponent(notice.channelHandle);
  switch (notice.kind) {
    case 'live':
      return {
        line: `${notice.channelHandle} is live: ${notice.stream?.title ?? ''}`.trim(),
        url: `${publicUrl}/live/${channel}`,
        action: 'Watch now',
      };
    case 'video':
      return {
        line: `${notice.channelHandle} published a video: ${notice.video?.title ?? ''}`.trim(),
        url: `${publicUrl}/watch/${encodeURIComponent(notice.video?.id ?? '')}`,
        action: 'Watch the video',
      };
    case 'follow':
      return {
        line: `${notice.channelHandle} followed you`,
        url: `${publicUrl}/c/${channel}`,
        action: 'See their channel',
      };
    case 'mention':
      return {
        line: `${notice.mention?.from.handle ?? 'Someone'} mentioned you in ${notice.channelHandle}'s chat: “${notice.mention?.excerpt ?? ''}”`,
        url: `${publicUrl}/live/${channel}`,
        action: 'Open the chat',
      };
  }
}

function layout(title: string, body: string, links: MailLinks): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#18181b">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:12px;padding:24px">
<p style="margin:0 0 16px;font-weight:700;color:#7c3aed">Framecast</p>
${body}
<p style="margin:24px 0 0;font-size:12px;color:#71717a">You get this e-mail because of your notification settings.
<a href="${escapeHtml(links.unsubscribeUrl)}" style="color:#71717a">Stop these e-mails</a></p>
</div>
</body>
</html>`;
}

/** The e-mail of one notification. Pure. */
export function noticeMail(notice: NoticeMessage, links: MailLinks): MailContent {
  const { line, url, action } = describeNotice(notice, links.publicUrl);
  const body = `<p style="margin:0 0 16px;font-size:18px">${escapeHtml(line)}</p>
<p style="margin:0"><a href="${escapeHtml(url)}" style="display:inline-block;background:#7c3aed;color:#ffffff;padding:10px 16px;border-radius:8px;text-decoration:none">${escapeHtml(action)}</a></p>`;
  return {
    subject: line.length > 120 ? `${line.slice(0, 119)}…` : line,
    text: `${line}\n\n${action}: ${url}\n\n--\nStop these e-mails: ${links.unsubscribeUrl}\n`,
    html: layout(line, body, links),
  };
}

/** One e-mail for many notifications of busy channels, newest first. Pure. */
export function digestMail(notices: readonly NoticeMessage[], links: MailLinks): MailContent {
  const described = [...notices]
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((n) => describeNotice(n, links.publicUrl));
  const channels = new Set(notices.map((n) => n.channelHandle));
  const subject = `${notices.length} new notifications from ${channels.size === 1 ? [...channels][0] : `${channels.size} channels`}`;
  const text = `${subject}\n\n${described.map((d) => `- ${d.line}\n  ${d.url}`).join('\n')}\n\n--\nStop these e-mails: ${links.unsubscribeUrl}\n`;
  const items = described
    .map(
      (d) =>
        `<li style="margin:0 0 12px"><a href="${escapeHtml(d.url)}" style="color:#18181b">${escapeHtml(d.line)}</a></li>`,
    )
    .join('\n');
  const body = `<p style="margin:0 0 16px;font-size:18px">${escapeHtml(subject)}</p>\n<ul style="padding-left:20px;margin:0">\n${items}\n</ul>`;
  return { subject, text, html: layout(subject, body, links) };
}
