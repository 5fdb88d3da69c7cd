import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

/** Sending email is optional: without MOBICRED_SMTP_URL, claim links are returned to the school to pass on. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
  /** Where a mail sent after the answer is reported undelivered. */
  readonly logger: Pick<Logger, 'warn'>;
}

export function createMailer(options: { smtpUrl: string; from: string; logger: Pick<Logger, 'warn'> }): Mailer {
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
    },
    logger: options.logger,
  };
}

/**
 * Sends without making the request wait: the answer leaves at once whether or not the address gets mail, so its
 * timing tells nothing (a slow mail server would otherwise show which addresses are known). A refused delivery
 * is logged, never reported to the page: its purpose and the mail server's codes, not its message, which may
 * quote the address.
 */
export function sendAfterAnswer(mailer: Mailer, message: { to: string; subject: string; text: string }, purpose: string): void {
  mailer.send(message).catch((error: unknown) => {
    const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
    mailer.logger.warn({ purpose, code: typeof code === 'string' ? code : null, responseCode: typeof responseCode === 'number' ? responseCode : null }, 'mail not sent');
  });
}
