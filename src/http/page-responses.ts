import type { Request, Response } from 'express';
import type { AppError } from '../errors.js';
import { LANGUAGES, type Language } from './pages/messages.js';
import { toHtmlString, type Html } from './views/html.js';

/**
 * Pages load their stylesheet and scripts from mobicred only, never inline code, and nothing from elsewhere
 * (not even an image a pasted credential names); forms post only here.
 */
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function sendPage(res: Response, page: Html, status = 200): void {
  res.status(status).set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': PAGE_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
  res.type('html').send(toHtmlString(page));
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
