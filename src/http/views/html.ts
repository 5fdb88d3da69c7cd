/**
 * The one way pages are written: an `html` tagged template whose interpolated values are escaped unless they
 * are already `Html`. A page can only put unescaped markup on the wire through `raw`, kept for constants.
 */

export class Html {
  /** Private by convention: read it with toHtmlString, build it with html or raw. */
  constructor(readonly markup: string) {}
}

/** What a page may interpolate: markup, text (escaped), numbers, nothing (false, null, undefined), or lists of these. */
export type HtmlValue = Html | string | number | false | null | undefined | readonly HtmlValue[];

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.markup;
  if (value === false || value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value as string | number);
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let markup = strings[0]!;
  for (let index = 0; index < values.length; index++) markup += render(values[index]!) + strings[index + 1]!;
  return new Html(markup);
}

/** Markup written by this code base, never anything that came from a request or a credential. */
export function raw(trustedMarkup: string): Html {
  return new Html(trustedMarkup);
}

export function toHtmlString(page: Html): string {
  return page.markup;
}

/**
 * Optional attributes: `attrs({ lang: contentLanguage, checked: true, hidden: false })` renders ` lang="…" checked`.
 * Names are this code's own; values are escaped.
 */
export function attrs(attributes: Record<string, string | number | boolean | undefined>): Html {
  let markup = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    markup += value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`;
  }
  return new Html(markup);
}
