import { html, type Html } from '../views/html.js';
import { pageLayout } from '../views/layout.js';
import type { PrivacyFacts } from '../../services/privacy-facts.js';
import { PRIVACY_LANGUAGES, PRIVACY_MESSAGES, type PrivacyLanguage } from './privacy-messages.js';

/** Who runs the deployment, as its configuration names it (MOBICRED_OPERATOR_NAME, MOBICRED_OPERATOR_EMAIL). */
export interface Operator {
  name: string;
  email?: string | undefined;
}

/** `/privacy`: what mobicred keeps about whom, why and for how long, people's rights, and the terms of use (#terms). */
export function renderPrivacyPage(model: { language: PrivacyLanguage; pageUrl: string; operator: Operator | undefined; facts: PrivacyFacts }): Html {
  const m = PRIVACY_MESSAGES[model.language];
  const { operator } = model;
  return pageLayout({
    language: model.language,
    pageUrl: model.pageUrl,
    title: `${m.title} — mobicred`,
    languages: PRIVACY_LANGUAGES,
    body: html`<h1>${m.title}</h1>
<p>${m.intro}</p>
<section aria-labelledby="responsible"><h2 id="responsible">${m.responsibleHeading}</h2>
<p>${m.schoolsResponsible}</p>
<p>${operator ? m.operatorRuns(operator.name) : m.operatorUnnamed}${operator?.email && html` ${m.operatorContact} <a href="mailto:${operator.email}">${operator.email}</a>`}</p>
</section>
<section aria-labelledby="recorded"><h2 id="recorded">${m.recordedHeading}</h2>
<dl class="privacy-recorded">${m.recorded(model.facts).map(({ who, what }) => html`<dt>${who}</dt><dd>${what}</dd>`)}</dl>
</section>
<section aria-labelledby="retention"><h2 id="retention">${m.retentionHeading}</h2>
<ul>${m.retention(model.facts).map((line) => html`<li>${line}</li>`)}</ul>
</section>
<section aria-labelledby="cookies"><h2 id="cookies">${m.cookiesHeading}</h2><p>${m.cookies}</p></section>
<section aria-labelledby="rights"><h2 id="rights">${m.rightsHeading}</h2>
<p>${m.rightsSpace} <a href="/me/sign-in?lang=${model.language}">${m.rightsSpaceLink}</a></p>
<p>${m.rightsSchool}</p>
<p>${m.rightsMinors}</p>
</section>
<section aria-labelledby="terms"><h2 id="terms">${m.termsHeading}</h2>${m.terms.map((line) => html`<p>${line}</p>`)}</section>`,
  });
}
