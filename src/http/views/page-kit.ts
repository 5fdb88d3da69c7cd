import type { Language } from '../pages/messages.js';
import { attrs, html, type Html } from './html.js';
import { dayOrInstant, readableDate } from '../../domain/dates.js';

/** Pieces several pages share. */

/** Only this service's images and inline ones: an image elsewhere, named by a pasted credential, is never fetched. */
export function badgeImage(src: unknown, alt: string): Html {
  if (typeof src === 'string' && /^(\/achievements\/|data:image\/(png|svg\+xml);)/.test(src)) return html`<img src="${src}" alt="${alt}">`;
  // A neutral star, not a check mark: the image must not look like a verdict.
  return html`<svg role="img" aria-label="${alt}" viewBox="0 0 100 100"><circle cx="50" cy="50" r="48" fill="#0b4f9c"/><path d="M50 20l8.8 18 19.7 2.9-14.3 13.9 3.4 19.6L50 65.1 32.4 74.4l3.4-19.6-14.3-13.9 19.7-2.9z" fill="#fff"/></svg>`;
}

const DATE_LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB', es: 'es-ES', de: 'de-DE' };

export function formatDate(value: unknown, language: Language, withTime = false): string {
  const date = value instanceof Date ? value : dayOrInstant(String(value));
  if (Number.isNaN(date.getTime())) return String(value ?? '');
  return readableDate(date, DATE_LOCALES[language], { withTime });
}

/** A list of links, each kept only when its URL is known. */
export function linkList(links: readonly { href: string | undefined; label: string; type?: string; download?: boolean; external?: boolean }[]): Html {
  return html`<ul>${links
    .filter((link) => link.href !== undefined)
    .map(
      (link) =>
        html`<li><a href="${link.href}"${link.type ? html` type="${link.type}"` : false}${link.download ? html` download` : false}${link.external ? html` rel="noopener"` : false}>${link.label}</a></li>`,
    )}</ul>`;
}

/**
 * A form's errors above it, each linked to its field (WCAG 3.3.1, error identification), under a heading
 * when the page gives one: nothing when there are none. A form that posts to `#error-summary` lands on it.
 */
export function errorSummary(errors: readonly { field?: string | undefined; message: Html | string }[], title?: Html | string): Html | undefined {
  if (errors.length === 0) return undefined;
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary"${attrs({ 'aria-labelledby': title === undefined ? undefined : 'error-summary-title' })}>
${title === undefined ? undefined : html`<h2 id="error-summary-title">${title}</h2>`}<ul>${errors.map(
    (error) => html`<li>${error.field ? html`<a href="#${error.field}">${error.message}</a>` : error.message}</li>`,
  )}</ul></div>`;
}
