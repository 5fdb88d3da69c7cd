import type { JsonObject } from '../../domain/open-badges.js';
import { badgeImage, escapeHtml, formatDate, layout } from './credential-page.js';
import { MESSAGES, type Language } from './messages.js';

/** What the claim page shows once the credential is claimed: where to take it. */
export interface ClaimedLinks {
  publicPage: string;
  linkedIn: string;
  bakedPng: string;
  bakedSvg: string;
  /** Absent when the credential has no proof of that format. */
  credentialJson?: string;
  credentialJwt?: string;
  europass: string;
  walletOfferUri: string;
  walletQrSvg: string;
}

export function renderClaimPage(options: {
  language: Language;
  pageUrl: string;
  credential: JsonObject;
  badgeImageSrc: string;
  disclosedName: string | undefined;
  claimedAt: Date | null;
  links?: ClaimedLinks;
}): string {
  const m = MESSAGES[options.language];
  const c = m.claim;
  const achievement = ((options.credential.credentialSubject as JsonObject).achievement ?? {}) as JsonObject;
  const name = String(achievement.name ?? options.credential.name ?? '');
  const issuer = options.credential.issuer as JsonObject;
  const heading = `<div class="badge">${badgeImage(options.badgeImageSrc, m.badgeImageAlt(name))}<div>
<h1 id="claim-title">${escapeHtml(c.title(name))}</h1>
<p>${escapeHtml(m.issuedBy)} <strong>${escapeHtml(issuer.name ?? issuer.id)}</strong></p>
</div></div>`;

  const body = options.claimedAt && options.links
    ? `${heading}
<p>${escapeHtml(c.claimedOn)} ${escapeHtml(formatDate(options.claimedAt, options.language))}</p>
<section aria-labelledby="share-title"><h2 id="share-title">${escapeHtml(c.shareHeading)}</h2><ul>
<li><a href="${escapeHtml(options.links.publicPage)}">${escapeHtml(c.publicPage)}</a></li>
<li><a href="${escapeHtml(options.links.linkedIn)}" rel="noopener">${escapeHtml(m.addToLinkedIn)}</a></li>
<li><a href="${escapeHtml(options.links.bakedPng)}" download>${escapeHtml(m.bakedPng)}</a></li>
<li><a href="${escapeHtml(options.links.bakedSvg)}" download>${escapeHtml(m.bakedSvg)}</a></li>
${options.links.credentialJson ? `<li><a href="${escapeHtml(options.links.credentialJson)}" type="application/ld+json">${escapeHtml(m.credentialJson)}</a></li>` : ''}
${options.links.credentialJwt ? `<li><a href="${escapeHtml(options.links.credentialJwt)}" type="application/vc+jwt">${escapeHtml(m.credentialJwt)}</a></li>` : ''}
<li><a href="${escapeHtml(options.links.europass)}">${escapeHtml(m.europass)}</a></li>
</ul></section>
<section aria-labelledby="wallet-title"><h2 id="wallet-title">${escapeHtml(c.walletHeading)}</h2>
<p>${escapeHtml(c.walletIntro)}</p>
<img class="qr" src="data:image/svg+xml;base64,${Buffer.from(options.links.walletQrSvg).toString('base64')}" alt="${escapeHtml(c.walletQrAlt)}">
<p><a href="${escapeHtml(options.links.walletOfferUri)}">${escapeHtml(c.walletLink)}</a></p>
</section>`
    : `${heading}
<p>${escapeHtml(c.intro)}</p>
<form method="post" action="${escapeHtml(new URL(options.pageUrl).pathname)}?lang=${options.language}">
${
  options.disclosedName === undefined
    ? `<p>${escapeHtml(c.nameNotInCredential)}</p><input type="hidden" name="showName" value="no">`
    : `<fieldset><legend>${escapeHtml(c.nameLegend)}</legend>
<p><input type="radio" id="show-name" name="showName" value="yes" checked> <label for="show-name">${escapeHtml(c.showName(options.disclosedName))}</label></p>
<p><input type="radio" id="hide-name" name="showName" value="no"> <label for="hide-name">${escapeHtml(c.hideName)}</label></p>
</fieldset>`
}
<button type="submit">${escapeHtml(c.claimButton)}</button>
</form>`;

  return layout({
    language: options.language,
    pageUrl: options.pageUrl,
    title: c.title(name),
    body: `<section id="claim" aria-labelledby="claim-title" tabindex="-1">${body}</section>`,
    skipTo: { href: '#claim', label: c.skip },
  });
}

export function renderClaimProblem(options: { language: Language; pageUrl: string; problem: 'unknown' | 'expired' | 'inactive' }): string {
  const c = MESSAGES[options.language].claim;
  const text = { unknown: c.unknownLink, expired: c.expiredLink, inactive: c.inactiveCredential }[options.problem];
  return layout({
    language: options.language,
    pageUrl: options.pageUrl,
    title: text,
    body: `<section id="claim" tabindex="-1"><h1>${escapeHtml(text)}</h1></section>`,
    skipTo: { href: '#claim', label: c.skip },
  });
}
