import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import type { Page } from 'playwright-core';
import type { Db } from '../../src/storage/database.js';
import type { Role } from '../../src/storage/schema.js';
import { insertStaffPerson } from '../../src/storage/staff-repository.js';
import { hashPassword } from '../../src/services/staff-passwords.js';
import { grantStaffRole } from '../../src/services/staff-roles.js';
import type { Backend } from './backends.js';
import { startTestService, type TestService } from './service.js';

/** A password that passes the console's policy, for test accounts. */
export const STAFF_PASSWORD = 'Valencia-cuisine-2026!';

export interface StaffAccount {
  personId: string;
  email: string;
  name: string;
  password: string;
}

/**
 * A console account with roles, written the way an accepted invitation writes it (scrypt hash, console
 * keys). Each role: its role and organisation (issuerId for a school role, academyId for an academy reader).
 */
export async function createStaffAccount(
  db: Db,
  options: { email?: string; name?: string; password?: string; roles: { role: Role; issuerId?: string; academyId?: string }[] },
): Promise<StaffAccount> {
  const email = options.email ?? `staff-${randomUUID().slice(0, 8)}@lycee.example.fr`;
  const name = options.name ?? 'Claire Dubois';
  const password = options.password ?? STAFF_PASSWORD;
  const person = await insertStaffPerson(db, { id: randomUUID(), email, name, password_hash: await hashPassword(password) });
  for (const role of options.roles) {
    await grantStaffRole(db, { person, role: role.role, issuerId: role.issuerId ?? null, academyId: role.academyId ?? null, grantedBy: null });
  }
  return { personId: person.id, email, name, password };
}

/** The CSRF token of the form(s) in a console page. */
export function csrfTokenOf(pageHtml: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(pageHtml)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/** The session cookie a response set (name=value), if any. */
export function sessionCookieOf(res: { headers: Record<string, unknown> }): string | undefined {
  const cookies = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.map((cookie) => cookie.split(';')[0]!).find((cookie) => /mobicred_console=/.test(cookie) && !/=$/.test(cookie));
}

/**
 * A browser-like console client over supertest: it keeps the session cookie itself (the cookie is Secure on an
 * https service, which supertest's jar would not send over its plain http) and posts forms with the CSRF token.
 */
export class ConsoleClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly app: Express) {}

  private keep(res: request.Response): request.Response {
    this.cookie = sessionCookieOf(res) ?? this.cookie;
    if (/name="_csrf"/.test(res.text ?? '')) this.csrfToken = csrfTokenOf(res.text);
    return res;
  }

  async get(path: string): Promise<request.Response> {
    const req = request(this.app).get(path).set('Accept', 'text/html');
    return this.keep(await (this.cookie ? req.set('Cookie', this.cookie) : req));
  }

  /** Posts a form; the session's CSRF token is added unless `_csrf` is given (or set to undefined to leave it out). */
  async post(path: string, fields: Record<string, string | undefined>): Promise<request.Response> {
    const form = { _csrf: this.csrfToken, ...fields };
    const body = new URLSearchParams(Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
    const req = request(this.app).post(path).set('Accept', 'text/html').type('form').send(body);
    return this.keep(await (this.cookie ? req.set('Cookie', this.cookie) : req));
  }

  /** Signs in with email and password (the form, as a person would), then reads the console's home for the new session's token. */
  async signIn(account: { email: string; password: string }): Promise<request.Response> {
    await this.get('/console/sign-in');
    const res = await this.post('/console/sign-in', { email: account.email, password: account.password });
    if (res.status !== 303) throw new Error(`sign-in: ${res.status}`);
    if (!/second-factor/.test(String(res.headers.location))) await this.get('/console');
    return res;
  }
}

/** A staff account and a console client signed in with it. */
export async function signedInConsole(service: TestService, options: Parameters<typeof createStaffAccount>[1]): Promise<{ account: StaffAccount; client: ConsoleClient }> {
  const account = await createStaffAccount(service.ctx.db, options);
  const client = new ConsoleClient(service.app);
  await client.signIn(account);
  return { account, client };
}

/**
 * The real application listening on a loopback port, its public URL http://localhost:<port> (a browser then
 * keeps its session cookie, which is not Secure there): for Chromium tests.
 */
export async function startListeningService(backend: Backend, options: Parameters<typeof startTestService>[1] = {}): Promise<TestService & { baseUrl: string; server: Server }> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const baseUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
  const service = await startTestService(backend, { ...options, publicBaseUrl: baseUrl });
  server.on('request', service.app);
  return {
    ...service,
    baseUrl,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((closed) => server.close(() => closed()));
      await service.close();
    },
  };
}

/** Signs in through the sign-in page in Chromium, as a person does. */
export async function signInInBrowser(page: Page, baseUrl: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/console/sign-in`);
  await page.fill('#email', account.email);
  await page.fill('#password', account.password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/console/sign-in')), page.click('form.console-form button[type=submit]')]);
}
