import type { Request, Response } from 'express';
import { html, type Html } from '../views/html.js';
import { areaPageLayout } from '../views/layout.js';
import { chooseLanguage, sendPage } from '../page-responses.js';
import { LEARNER_LANGUAGES, LEARNER_MESSAGES, type LearnerLanguage } from './messages.js';

export interface LearnerPageOptions {
  language: LearnerLanguage;
  /** The page's path and query (req.originalUrl): the language switcher links to it. */
  path: string;
  title: string;
  body: Html;
  /** The signed-in learner's CSRF token: the menu and the sign-out button are shown. */
  signedIn?: { csrfToken: string };
  /** The menu entry of this page. */
  current?: 'badges' | 'data';
  scripts?: readonly string[];
}

/** Every page of the learner space: the shared layout, with the space's menu and sign-out once signed in. */
export function learnerLayout(options: LearnerPageOptions): Html {
  const m = LEARNER_MESSAGES[options.language];
  return areaPageLayout({
    language: options.language,
    path: options.path,
    title: options.title,
    areaName: m.spaceName,
    languages: LEARNER_LANGUAGES,
    skipToContent: m.skipToContent,
    navigation:
      options.signedIn &&
      html`<nav class="learner-nav" aria-label="${m.navigation}"><ul>
<li><a href="${learnerHref('/me', options.language)}"${options.current === 'badges' ? html` aria-current="page"` : false}>${m.nav.badges}</a></li>
<li><a href="${learnerHref('/me/data', options.language)}"${options.current === 'data' ? html` aria-current="page"` : false}>${m.nav.data}</a></li>
<li><form method="post" action="${learnerHref('/me/sign-out', options.language)}">${learnerCsrfField(options.signedIn.csrfToken)}<button type="submit" class="link-button">${m.signOut}</button></form></li>
</ul></nav>`,
    body: options.body,
    scripts: options.scripts,
  });
}

export function learnerCsrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** A learner-space URL in a language: links and form actions keep the language the learner chose. */
export function learnerHref(path: string, language: LearnerLanguage): string {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${language}`;
}

export function learnerLanguage(req: Request, res: Response): LearnerLanguage {
  return chooseLanguage(req, res, LEARNER_LANGUAGES);
}

/** A one-time link's page (signing in, adding an address, a guardian's approval): what it does, and a button, so that a mail scanner fetching the link does not use it up. */
export function linkButtonPage(model: { language: LearnerLanguage; path: string; csrfToken: string; title: string; body: Html; action: string; submit: string }): LearnerPageOptions {
  return {
    language: model.language,
    path: model.path,
    title: model.title,
    body: html`<h1>${model.title}</h1>${model.body}
<form method="post" action="${learnerHref(model.action, model.language)}">${learnerCsrfField(model.csrfToken)}<button type="submit">${model.submit}</button></form>`,
  };
}

/** A notice after an action, announced to screen readers. */
export function learnerNotice(text: string | undefined): Html | undefined {
  return text ? html`<p class="notice" role="status">${text}</p>` : undefined;
}

export function sendLearnerPage(res: Response, options: LearnerPageOptions, status = 200): void {
  sendPage(res, learnerLayout(options), status);
}
