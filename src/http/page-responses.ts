import type { Request, Response } from 'express';
import type { AppError } from '../errors.js';
import { LANGUAGES, type Language } from './pages/messages.js';
import { toHtmlString, type Html } from './views/html.js';

/**
 * Pages load their stylesheet and scripts from mobicred only, never inline code, and nothing from elsewhere
 * (not even an image a pasted credential names); forms post only here.
 */
function pageCsp(allow: PageAllowances): string {
  const images = ["'self'", 'data:', ...(allow.imagesFrom ?? [])].join(' ');
  const forms = ["'self'", ...(allow.formsLeadTo ?? [])].join(' ');
  return `default-src 'none'; script-src 'self'; style-src 'self'; img-src ${images}; connect-src 'self'; form-action ${forms}; base-uri 'none'; frame-ancestors 'none'`;
}

const PAGE_CSP = pageCsp({});

/**
 * Origins (scheme, host and port only) one page may also use: an OAuth consent page shows the platform's
 * logo, and its form's answer is a redirect to the platform, which browsers check against form-action.
 */
export interface PageAllowances {
  imagesFrom?: readonly string[];
  formsLeadTo?: readonly string[];
}

export function sendPage(res: Response, page: Html, status = 200, allow?: PageAllowances): void {
  const csp = allow ? pageCsp({ imagesFrom: allow.imagesFrom?.map(originOf), formsLeadTo: allow.formsLeadTo?.map(originOf) }) : PAGE_CSP;
  res.status(status).set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
  res.type('html').send(toHtmlString(page));
}

/** The origin of an http(s) URL, so that nothing else (a path, a quote, a semicolon) reaches the policy. */
function originOf(url: string): string {
  const parsed = URL.parse(url);
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) throw new Error(`Not an http(s) URL: ${url}`);
  return parsed.origin;
}

/** ?lang= wins (the switch on the page), then Accept-Language; English when neither says. */
export function chooseLanguage<L extends Language = Language>(req: Request, res: Response, languages: readonly L[] = LANGUAGES as L[]): L {
  res.vary('Accept-Language');
  const asked = req.query.lang;
  if (typeof asked === 'string' && (languages as readonly string[]).includes(asked)) return asked as L;
  return (req.acceptsLanguages(...languages) || (languages.includes('en' as L) ? 'en' : languages[0])) as L;
}

/** A person's browser gets a page saying what happened, with the error's status; any other client, problem+json. */
export function sendPageOrProblem(req: Request, res: Response, error: AppError, page: (language: Language) => Html): void {
  res.vary('Accept');
  if (req.accepts(['application/problem+json', 'text/html']) !== 'text/html') throw error;
  sendPage(res, page(chooseLanguage(req, res)), error.status);
}
