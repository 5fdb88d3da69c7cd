import { html, type Html } from '../views/html.js';
import { pageLayout } from '../views/layout.js';
import { LANDING_LANGUAGES, LANDING_MESSAGES, type LandingLanguage } from './landing-messages.js';

/** `/`: what mobicred is, and the way in for each kind of visitor. */
export function renderLandingPage(model: { language: LandingLanguage; pageUrl: string }): Html {
  const m = LANDING_MESSAGES[model.language];
  const lang = `lang=${model.language}`;
  return pageLayout({
    language: model.language,
    pageUrl: model.pageUrl,
    title: m.title,
    languages: LANDING_LANGUAGES,
    openGraph: { title: m.title, description: m.lead },
    body: html`<h1>${m.lead}</h1>
<p>${m.what}</p>
<ul class="landing-ways">
<li><h2>${m.schoolsTitle}</h2><p>${m.schoolsText}</p><p><a class="button" href="/console/sign-in?${lang}">${m.schoolsLink}</a></p></li>
<li><h2>${m.employersTitle}</h2><p>${m.employersText}</p><p><a class="button" href="/verify?${lang}">${m.employersLink}</a></p></li>
<li><h2>${m.learnersTitle}</h2><p>${m.learnersText}</p><p><a class="button" href="/me/sign-in?${lang}">${m.learnersLink}</a></p></li>
<li><h2>${m.developersTitle}</h2><p>${m.developersText}</p><p><a href="/docs">${m.developersLink}</a></p></li>
</ul>`,
  });
}
