import request from 'supertest';
import type { Express } from 'express';
import { bodyText, type Mailbox } from './mailbox.js';
import { mailSettled } from './service.js';

/**
 * A browser-like client of the learner space over supertest: it keeps its cookies itself (they are Secure on
 * an https service, which supertest's jar would not send over plain http) and posts forms with the page's
 * CSRF token, as a browser submitting the form would.
 */
export class LearnerClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  /** The browser's language (Accept-Language). */
  constructor(readonly app: Express, readonly language: 'fr' | 'en' = 'fr') {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(res: request.Response): request.Response {
    for (const cookie of (res.headers['set-cookie'] as unknown as string[] | undefined) ?? []) {
      const [pair = ''] = cookie.split(';');
      const [name = '', ...value] = pair.split('=');
      if (value.join('') === '' || /Expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value.join('='));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text ?? '')?.[1];
    if (token) this.csrfToken = token;
    return res;
  }

  async get(path: string, accept = 'text/html'): Promise<request.Response> {
    return this.keep(await request(this.app).get(path).set({ Accept: accept, 'Accept-Language': this.language, Cookie: this.cookieHeader }));
  }

  /** Posts a form; the last page's CSRF token is added unless `_csrf` is given (undefined leaves it out). */
  async post(path: string, fields: Record<string, string | undefined> = {}, accept = 'text/html'): Promise<request.Response> {
    const form = { _csrf: this.csrfToken, ...fields };
    const body = new URLSearchParams(Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
    const res = this.keep(await request(this.app).post(path).set({ Accept: accept, 'Accept-Language': this.language, Cookie: this.cookieHeader }).type('form').send(body));
    await mailSettled(); // what the form had mailed, as a person reads it after the page
    return res;
  }

  /** Asks for a sign-in link on the sign-in page, as a learner types their address. */
  async askForLink(email: string, next?: string): Promise<request.Response> {
    await this.get(next ? `/me/sign-in?next=${encodeURIComponent(next)}` : '/me/sign-in');
    return this.post('/me/sign-in', { email, ...(next ? { next } : {}) });
  }

  /** Follows an emailed link: its page, then its button. */
  async followLink(url: string): Promise<request.Response> {
    const path = new URL(url).pathname;
    const page = await this.get(path);
    if (page.status !== 200) return page;
    return this.post(path);
  }
}

/** The links to this service in the last message sent to an address. */
export function linksMailedTo(mailbox: Mailbox, address: string, baseUrl: string): string[] {
  const message = mailbox.received.filter((received) => received.to.includes(address)).at(-1);
  if (!message) return [];
  const escaped = baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...bodyText(message.raw).matchAll(new RegExp(`${escaped}/[^\\s]+`, 'g'))].map((match) => match[0]);
}

/** Signs in by an emailed link, as a learner does: ask, open the mail, press the button. */
export async function signedInLearner(app: Express, mailbox: Mailbox, email: string, baseUrl: string, language: 'fr' | 'en' = 'fr'): Promise<LearnerClient> {
  const client = new LearnerClient(app, language);
  const before = mailbox.received.length;
  await client.askForLink(email);
  if (mailbox.received.length === before) throw new Error(`no sign-in link was mailed to ${email}`);
  const [link] = linksMailedTo(mailbox, email.toLowerCase(), baseUrl);
  const res = await client.followLink(link!);
  if (res.status !== 303) throw new Error(`sign-in by link: ${res.status}`);
  await client.get(String(res.headers.location)); // the signed-in session's CSRF token
  return client;
}
