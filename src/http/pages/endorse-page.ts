import type { JsonObject } from '../../domain/open-badges.js';
import { escapeHtml, layout } from './credential-page.js';
import { MESSAGES, type Language } from './messages.js';

/** The endorser's page: what they endorse, and a form to write and sign the endorsement. */
export function renderEndorsePage(options: { language: Language; pageUrl: string; credential: JsonObject; endorserName: string }): string {
  const m = MESSAGES[options.language];
  const e = m.endorse;
  const achievement = ((options.credential.credentialSubject as JsonObject).achievement ?? {}) as JsonObject;
  const school = String((options.credential.issuer as JsonObject).name ?? '');
  const name = String(achievement.name ?? '');
  return layout({
    language: options.language,
    pageUrl: options.pageUrl,
    title: e.title(name),
    skipTo: { href: '#endorse', label: m.claim.skip },
    body: `<section id="endorse" tabindex="-1" aria-labelledby="endorse-title">
<h1 id="endorse-title">${escapeHtml(e.title(name))}</h1>
<p>${escapeHtml(e.intro(options.endorserName, school))}</p>
${achievement.description ? `<p>${escapeHtml(achievement.description)}</p>` : ''}
<form method="post" action="${escapeHtml(new URL(options.pageUrl).pathname)}?lang=${options.language}">
<label for="comment">${escapeHtml(e.commentLabel)}</label>
<textarea id="comment" name="comment" required maxlength="2000"></textarea>
<button type="submit">${escapeHtml(e.signButton)}</button>
</form>
</section>`,
  });
}

export function renderEndorseMessage(options: { language: Language; pageUrl: string; text: string }): string {
  return layout({
    language: options.language,
    pageUrl: options.pageUrl,
    title: options.text,
    skipTo: { href: '#endorse', label: MESSAGES[options.language].claim.skip },
    body: `<section id="endorse" tabindex="-1"><h1>${escapeHtml(options.text)}</h1></section>`,
  });
}

/** The endorsements section of a credential's public page, each with its verification. */
export function endorsementsBlock(language: Language, endorsements: { endorserName: string; comment: string; issuedAt: string; verified: boolean; url: string }[]): string {
  if (endorsements.length === 0) return '';
  const e = MESSAGES[language].endorse;
  return `<section aria-labelledby="endorsements-title"><h2 id="endorsements-title">${escapeHtml(e.heading)}</h2><ul class="endorsements">${endorsements
    .map(
      (endorsement) =>
        `<li><blockquote>${escapeHtml(endorsement.comment)}</blockquote><p>— <strong>${escapeHtml(endorsement.endorserName)}</strong>, ${escapeHtml(endorsement.issuedAt.slice(0, 10))} · <a href="${escapeHtml(endorsement.url)}">${escapeHtml(endorsement.verified ? e.verified : e.notVerified)}</a></p></li>`,
    )
    .join('')}</ul></section>`;
}
