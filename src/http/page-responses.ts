import type { Request, Response } from 'express';
import type { AppError } from '../errors.js';
import { LANGUAGES, type Language } from './pages/messages.js';

/** Pages run no script and load nothing from elsewhere (not even an image a pasted credential names); forms post only here. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function sendPage(res: Response, html: string, status = 200): void {
  res.status(status).set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': PAGE_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
  res.type('html').send(html);
}

/** ?lang= wins (the switch on the page), then Accept-Language; English when neither says. */
export function chooseLanguage(req: Request, res: Response): Language {
  res.vary('Accept-Language');
  const asked = req.query.lang;
  if (typeof asked === 'string' && (LANGUAGES as string[]).includes(asked)) return asked as Language;
  return (req.acceptsLanguages(...LANGUAGES) || 'en') as Language;
}

/** A person's browser gets a page saying what happened, with the error's status; any other client, problem+json. */
export function sendPageOrProblem(req: Request, res: Response, error: AppError, page: (language: Language) => string): void {
  res.vary('Accept');
  if (req.accepts(['application/problem+json', 'text/html']) !== 'text/html') throw error;
  sendPage(res, page(chooseLanguage(req, res)), error.status);
}
