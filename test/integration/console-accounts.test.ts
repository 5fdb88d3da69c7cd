import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { ConsoleClient, createStaffAccount, signedInConsole } from '../support/console.js';

describe.each(BACKENDS)('console accounts on $name', (backend) => {
  let service: TestService;
  let issuerId: string;

  beforeAll(async () => {
    service = await startTestService(backend);
    issuerId = (await adminApi(service).createIssuer()).id;
  });
  afterAll(() => service?.close());

  it('when a school admin signs in with the right password, then the console greets them; the cookie is HttpOnly, Secure, SameSite=Lax', async () => {
    const account = await createStaffAccount(service.ctx.db, { name: 'Claire Dubois', roles: [{ role: 'school-admin', issuerId }] });
    const client = new ConsoleClient(service.app);
    const visitor = await client.get('/console/sign-in?lang=en');
    expect(visitor.status).toBe(200);
    const signIn = await client.post('/console/sign-in?lang=en', { email: account.email, password: account.password });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe('/console');
    const cookie = (signIn.headers['set-cookie'] as unknown as string[]).find((line) => line.startsWith('__Host-mobicred_console='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const home = await client.get('/console?lang=en');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Hello Claire Dubois');
  });
});
