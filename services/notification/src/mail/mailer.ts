import nodemailer from 'nodemailer';
import type { MailContent } from './mail.templates.js';

/** Sends e-mail over SMTP; one pooled connection set per process. */
export interface Mailer {
  send(to: string, content: MailContent, headers: Record<string, string>): Promise<void>;
  close(): void;
}

export function createMailer(opts: { smtpUrl: string; from: string }): Mailer {
  const url = new URL(opts.smtpUrl);
  // Pooled: a fan-out's e-mails share a few open connections instead of one handshake each.
  url.searchParams.set('pool', 'true');
  const transport = nodemailer.createTransport(url.toString());
  return {
    async send(to, content, headers) {
      await transport.sendMail({
        from: opts.from,
        to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        headers,
      });
    },
    close() {
      transport.close();
    },
  };
}
