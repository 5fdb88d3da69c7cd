import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRemoteDocuments } from '../../src/verify/remote-documents.js';

/** A trusted host that answers every request with `respond`; counts the bytes the client let it send. */
async function hostile(respond: (res: ServerResponse, sent: { bytes: number }) => void) {
  const sent = { bytes: 0, closed: false };
  const server = createServer((req, res) => {
    res.once('close', () => (sent.closed = true));
    respond(res, sent);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(server);
  return { sent, url: `http://${host}/issuers/x/did.json`, documents: createRemoteDocuments({ trustedHosts: [host] }) };
}
const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections(), server.close();
});

/** Writes 64 KiB chunks for as long as the client reads them, and never ends. */
function endless(res: ServerResponse, sent: { bytes: number }) {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('{"a":"');
  const pump = () => {
    while (!res.destroyed) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
  };
  pump();
}

describe('documents from trusted hosts', () => {
  it('when a host sends an endless body, then the read is refused past the cap and the connection is dropped, having taken little', async () => {
    const { sent, url, documents } = await hostile(endless);
    await expect(documents.fetchJson(url)).rejects.toThrow(/larger than 262144 bytes/);
    await expect.poll(() => (sent as { closed?: boolean }).closed).toBe(true);
    // What the host managed to send: the cap plus what the sockets' buffers held, not the ~3 s of a full read.
    expect(sent.bytes).toBeLessThan(16 * 1024 * 1024);
  });

  it('when a host announces a body over the cap, then nothing of it is read', async () => {
    const { sent, url, documents } = await hostile((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(100 * 1024 * 1024) });
      res.write('{');
    });
    await expect(documents.fetchJson(url)).rejects.toThrow(/larger than 262144 bytes/);
    await expect.poll(() => (sent as { closed?: boolean }).closed).toBe(true);
  });

  it('when a document fits the cap, then it is read whole', async () => {
    const document = { id: 'did:web:x', padding: 'x'.repeat(200 * 1024) };
    const { url, documents } = await hostile((res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(document)));
    expect(await documents.fetchJson(url)).toEqual(document);
  });
});
