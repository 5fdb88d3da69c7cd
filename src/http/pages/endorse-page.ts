import type { JsonObject } from '../../domain/open-badges.js';
import { html, type Html } from '../views/html.js';
import { pageLayout } from '../views/layout.js';
import { MESSAGES, type Language } from './messages.js';

/** The endorser's page: what they endorse, and a form to write and sign the endorsement. */
export function renderEndorsePage(options: { language: Language; pageUrl: string; credential: JsonObject; endorserName: string }): Html {
  const e = MESSAGES[options.language].endorse;
  const achievement = ((options.credential.credentialSubject as JsonObject).achievement ?? {}) as JsonObject;
  const school = String((options.credential.issuer as JsonObject).name ?? '');
  const name = String(achievement.name ?? '');
  return endorseLayout(
    options,
    e.title(name),
    html`<section id="endorse" tabindex="-1" aria-labelledby="endorse-title">
<h1 id="endorse-title">${e.title(name)}</h1>
<p>${e.intro(options.endorserName, school)}</p>
${typeof achievement.description === 'string' && html`<p>${achievement.description}</p>`}
<form method="post" action="${new URL(options.pageUrl).pathname}?lang=${options.language}">
<label for="comment">${e.commentLabel}</label>
<textarea id="comment" name="comment" required maxlength="2000"></textarea>
<button type="submit">${e.signButton}</button>
</form>
</section>`,
  );
}

export function renderEndorseMessage(options: { language: Language; pageUrl: string; text: string }): Html {
  return endorseLayout(options, options.text, html`<section id="endorse" tabindex="-1"><h1>${options.text}</h1></section>`);
}

function endorseLayout(options: { language: Language; pageUrl: string }, title: string, body: Html): Html {
  return pageLayout({ ...options, title, body, skipTo: { href: '#endorse', label: MESSAGES[options.language].claim.skip } });
}

/** The endorsements section of a credential's public page, each with its verification. */
export function endorsementsBlock(language: Language, endorsements: { endorserName: string; comment: string; issuedAt: string; verified: boolean; url: string }[]): Html | undefined {
  if (endorsements.length === 0) return undefined;
  const e = MESSAGES[language].endorse;
  return html`<section aria-labelledby="endorsements-title"><h2 id="endorsements-title">${e.heading}</h2><ul class="endorsements">${endorsements.map(
    (endorsement) =>
      html`<li><blockquote>${endorsement.comment}</blockquote><p>— <strong>${endorsement.endorserName}</strong>, ${endorsement.issuedAt.slice(0, 10)} · <a href="${endorsement.url}">${endorsement.verified ? e.verified : e.notVerified}</a></p></li>`,
  )}</ul></section>`;
}
