import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface Mailbox {
  url: string;
  received: { from: string; to: string[]; raw: string }[];
  /** A slow mail server: messages are kept waiting (not received, not acknowledged) until `release` is called. */
  hold(): { release(): void };
  /** A mail server that refuses every recipient (550, quoting the address) until `accept` is called. */
  refuse(): { accept(): void };
  close(): Promise<void>;
}

/** A real SMTP server on loopback (the smtp-server package), keeping what it receives. */
export async function startMailbox(): Promise<Mailbox> {
  const received: Mailbox['received'] = [];
  let held: Promise<void> = Promise.resolve();
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      if (!refusing) return callback();
      callback(Object.assign(new Error(`Mailbox <${address.address}> unavailable`), { responseCode: 550 }));
    },
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', async () => {
        await held;
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.server.address() as AddressInfo;
  const hold = () => {
    let release = () => {};
    held = new Promise<void>((resolve) => (release = resolve));
    return { release };
  };
  const refuse = () => {
    refusing = true;
    return { accept: () => void (refusing = false) };
  };
  return { url: `smtp://127.0.0.1:${port}`, received, hold, refuse, close: () => new Promise<void>((closed) => server.close(() => closed())) };
}

/** A message body as text: quoted-printable soft breaks and escapes undone. */
export function bodyText(raw: string): string {
  // Quoted-printable escapes bytes of UTF-8: gather them as bytes, then read the bytes as UTF-8.
  const bytes = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
