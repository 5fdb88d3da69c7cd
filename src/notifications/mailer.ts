import nodemailer from 'nodemailer';

/** Sending email is optional: without MOBICRED_SMTP_URL, claim links are returned to the school to pass on. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
    },
  };
}

/**
 * Sends without making the request wait: the answer leaves at once whether or not the address gets mail, so its
 * timing tells nothing (a slow mail server would otherwise show which addresses are known). A refused delivery
 * is logged (without the address), never reported to the page.
 */
export function sendAfterAnswer(mailer: Mailer, message: { to: string; subject: string; text: string }, purpose: string): void {
  mailer.send(message).catch((error: unknown) => {
    process.stderr.write(`mail not sent (${purpose}): ${error instanceof Error ? error.message.slice(0, 200) : String(error)}\n`);
  });
}
