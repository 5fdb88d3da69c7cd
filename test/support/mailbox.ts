import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface Mailbox {
  url: string;
  received: { from: string; to: string[]; raw: string }[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback (the smtp-server package), keeping what it receives. */
export async function startMailbox(): Promise<Mailbox> {
  const received: Mailbox['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((closed) => server.close(() => closed())) };
}

/** A message body as text: quoted-printable soft breaks and escapes undone. */
export function bodyText(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Waits until the mailbox holds `count` messages: mobicred sends some mail after answering the request. */
export async function untilReceived(mailbox: Mailbox, count: number): Promise<void> {
  while (mailbox.received.length < count) await new Promise((tick) => setTimeout(tick, 5));
}
