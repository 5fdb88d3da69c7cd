import net from 'node:net';

/**
 * Tests run with the network disabled: any socket to an address other than loopback or a Unix socket
 * throws. A document loader (or anything else) that tried to fetch a remote URL fails the test.
 */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;
const originalConnect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string } | number | string;
  const host =
    typeof first === 'object' && first !== null
      ? (first.path ?? first.host ?? 'localhost')
      : typeof first === 'number'
        ? (typeof args[1] === 'string' ? args[1] : 'localhost')
        : first; // a string first argument is a Unix socket path
  if (typeof host === 'string' && !host.startsWith('/') && !LOOPBACK.test(host)) {
    throw new Error(`Network access to ${host} is forbidden in tests`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
