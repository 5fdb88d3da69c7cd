import { LANGUAGES, MESSAGES, type Language } from '../pages/messages.js';
import { PRIVACY_LANGUAGES, type PrivacyLanguage } from '../pages/privacy-messages.js';
import { assetUrl } from './assets.js';
import { html, type Html } from './html.js';

export interface PageOptions {
  language: Language;
  /** The page's absolute URL: the language switcher and Open Graph name it. */
  pageUrl: string;
  title: string;
  body: Html;
  /** The languages the switcher offers (the public pages' four by default; the console's two, say). */
  languages?: readonly Language[];
  /** Navigation shown beside the brand (the console's menu, say). */
  navigation?: Html;
  /** Files of src/http/assets loaded with `defer`: progressive enhancement only, every page works without. */
  scripts?: readonly string[];
  openGraph?: { title: string; description: string; image?: string };
  /** Where the skip link leads (`#main` by default). */
  skipTo?: { href: string; label: string };
  /** Replaces the footer's link to the verification form (the link to the privacy page stays). */
  footer?: Html;
  /** Tables and grids that need more than a reading column. */
  wide?: boolean;
}

/**
 * A page of an area people sign in to (the school console, the learner space): the area's languages and
 * menu, its name after the title and in the footer. Only the page's path and query are used (the language
 * switcher's links): the host is never shown.
 */
export function areaPageLayout(options: {
  language: Language;
  path: string;
  title: string;
  areaName: string;
  languages: readonly Language[];
  skipToContent: string;
  navigation: Html | undefined;
  body: Html;
  wide?: boolean | undefined;
  scripts?: readonly string[] | undefined;
}): Html {
  return pageLayout({
    language: options.language,
    pageUrl: new URL(options.path, 'http://area.invalid').href,
    title: `${options.title} — mobicred`,
    languages: options.languages,
    skipTo: { href: '#main', label: options.skipToContent },
    ...(options.navigation ? { navigation: options.navigation } : {}),
    body: options.body,
    footer: html`<span>mobicred — ${options.areaName}</span>`,
    ...(options.wide ? { wide: true } : {}),
    ...(options.scripts ? { scripts: options.scripts } : {}),
  });
}

/** The page every screen of mobicred shares: head, skip link, brand, language switcher, main, footer. */
export function pageLayout(options: PageOptions): Html {
  const m = MESSAGES[options.language];
  const og = options.openGraph;
  return html`<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
${og &&
html`<meta property="og:type" content="website">
<meta property="og:title" content="${og.title}">
<meta property="og:description" content="${og.description}">
<meta property="og:url" content="${options.pageUrl}">
${og.image && html`<meta property="og:image" content="${og.image}">`}
<meta name="description" content="${og.description}">`}
<link rel="icon" href="${assetUrl('icon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${assetUrl('mobicred.css')}">
${(options.scripts ?? []).map((file) => html`<script src="${assetUrl(file)}" defer></script>`)}
</head>
<body${options.wide ? html` class="wide"` : false}>
<a class="skip" href="${options.skipTo?.href ?? '#main'}">${options.skipTo?.label ?? m.skipToContent}</a>
<header class="site"><a class="brand" href="/">mobicred</a>${options.navigation}${languageSwitcher(options.pageUrl, options.language, options.languages ?? LANGUAGES)}</header>
<main id="main" tabindex="-1">
${options.body}
</main>
<footer class="site">${options.footer ?? html`<a href="/verify?lang=${options.language}">${m.verifyAnother}</a>`}<a href="/privacy?lang=${privacyLanguage(options.language)}">${m.privacy}</a></footer>
</body>
</html>`;
}

function languageSwitcher(pageUrl: string, current: Language, languages: readonly Language[]): Html {
  return html`<nav aria-label="${MESSAGES[current].languageSwitcher}"><ul>${languages.map(
    (language) =>
      html`<li><a href="${withLanguage(pageUrl, language)}" hreflang="${language}" lang="${language}"${language === current ? html` aria-current="true"` : false}>${MESSAGES[language].languageName}</a></li>`,
  )}</ul></nav>`;
}

/** The privacy page is in French and English: a page in another language links to the English one. */
function privacyLanguage(language: Language): PrivacyLanguage {
  return (PRIVACY_LANGUAGES as readonly string[]).includes(language) ? (language as PrivacyLanguage) : 'en';
}

/** The same page in another language: its path and query, with `lang` set. */
export function withLanguage(pageUrl: string, language: Language): string {
  const url = new URL(pageUrl);
  url.searchParams.set('lang', language);
  return url.pathname + url.search;
}
