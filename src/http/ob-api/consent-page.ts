import type { ObScope } from '../../domain/ob-api.js';
import { html, type Html } from '../views/html.js';
import { pageLayout } from '../views/layout.js';
import { CONSENT_LANGUAGES, CONSENT_MESSAGES, type ConsentLanguage } from './messages.js';

/** The platform as it registered itself (OB 3.0 §7.1.2): what the learner is shown to decide. */
export interface PlatformShown {
  name: string;
  uri: string | undefined;
  logoUri: string | undefined;
  tosUri: string | undefined;
  policyUri: string | undefined;
}

/**
 * The learner's decision on a platform's request: who asks (name, logo, address), for what, in plain words,
 * and two buttons posting the page's CSRF token. Works without JavaScript.
 */
export function renderConsentPage(model: {
  language: ConsentLanguage;
  pageUrl: string;
  platform: PlatformShown;
  scopes: readonly ObScope[];
  learnerEmails: readonly string[];
  csrfToken: string;
}): Html {
  const m = CONSENT_MESSAGES[model.language];
  const { platform } = model;
  const action = `${new URL(model.pageUrl).pathname}?lang=${model.language}`;
  const body = html`<section aria-labelledby="consent-title">
<div class="badge">${platform.logoUri ? html`<img class="platform-logo" src="${platform.logoUri}" alt="${m.logoAlt(platform.name)}">` : false}<div>
<h1 id="consent-title">${m.title(platform.name)}</h1>
${platform.uri ? html`<p>${m.platformSite} <a href="${platform.uri}" rel="noopener">${platform.uri}</a></p>` : false}
</div></div>
<p>${m.asks}</p>
<ul>${model.scopes.map((scope) => html`<li>${m.scopes[scope]}</li>`)}</ul>
<p>${m.duration}</p>
<p>${m.signedInAs(model.learnerEmails.join(', '))}</p>
<form method="post" action="${action}" class="consent-actions">
<input type="hidden" name="_csrf" value="${model.csrfToken}">
<button type="submit" name="decision" value="approve">${m.approve}</button>
<button type="submit" name="decision" value="refuse" class="secondary">${m.refuse}</button>
</form>
<ul>${[
    platform.tosUri && html`<li><a href="${platform.tosUri}" rel="noopener">${m.platformTerms}</a></li>`,
    platform.policyUri && html`<li><a href="${platform.policyUri}" rel="noopener">${m.platformPrivacy}</a></li>`,
  ]}</ul>
</section>`;
  return pageLayout({ language: model.language, pageUrl: model.pageUrl, title: m.title(platform.name), body, languages: CONSENT_LANGUAGES, footer: mySpaceLink(model.language) });
}

/** An interaction that is over (expired, finished, or its cookie gone): start again from the platform. */
export function renderConsentExpiredPage(model: { language: ConsentLanguage; pageUrl: string }): Html {
  const m = CONSENT_MESSAGES[model.language];
  return pageLayout({
    language: model.language,
    pageUrl: model.pageUrl,
    title: m.expiredTitle,
    body: html`<h1>${m.expiredTitle}</h1><p>${m.expired}</p>`,
    languages: CONSENT_LANGUAGES,
    footer: mySpaceLink(model.language),
  });
}

function mySpaceLink(language: ConsentLanguage): Html {
  return html`<a href="/me?lang=${language}">${CONSENT_MESSAGES[language].mySpace}</a>`;
}
