import type { JsonObject } from '../../domain/open-badges.js';
import { html, type Html } from '../views/html.js';
import { pageLayout } from '../views/layout.js';
import { badgeImage, formatDate, linkList } from '../views/page-kit.js';
import { MESSAGES, type Language, type Messages } from './messages.js';

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

interface ClaimPageModel {
  language: Language;
  pageUrl: string;
  credential: JsonObject;
  badgeImageSrc: string;
  disclosedName: string | undefined;
  claimedAt: Date | null;
  links?: ClaimedLinks;
  /** The learner space: the session's CSRF token (the forms sign in with it), and whether this learner is signed in there. */
  learnerSpace: { csrfToken: string; signedIn: boolean };
}

export function renderClaimPage(model: ClaimPageModel): Html {
  const m = MESSAGES[model.language];
  const achievement = ((model.credential.credentialSubject as JsonObject).achievement ?? {}) as JsonObject;
  const name = String(achievement.name ?? model.credential.name ?? '');
  const issuer = model.credential.issuer as JsonObject;
  const heading = html`<div class="badge">${badgeImage(model.badgeImageSrc, m.badgeImageAlt(name))}<div>
<h1 id="claim-title">${m.claim.title(name)}</h1>
<p>${m.issuedBy} <strong>${String(issuer.name ?? issuer.id)}</strong></p>
</div></div>`;
  return claimLayout(
    model,
    m.claim.title(name),
    html`<section id="claim" aria-labelledby="claim-title" tabindex="-1">${heading}${
      model.claimedAt && model.links ? html`${whereToTakeIt(model.claimedAt, model.links, model.language, m)}${allMyBadges(model, m)}` : claimForm(model, m)
    }</section>`,
  );
}

function claimForm(model: ClaimPageModel, m: Messages): Html {
  const c = m.claim;
  return html`<p>${c.intro}</p>
<form method="post" action="${new URL(model.pageUrl).pathname}?lang=${model.language}">
<input type="hidden" name="_csrf" value="${model.learnerSpace.csrfToken}">
${
  model.disclosedName === undefined
    ? html`<p>${c.nameNotInCredential}</p><input type="hidden" name="showName" value="no">`
    : html`<fieldset><legend>${c.nameLegend}</legend>
<div class="checkbox"><input type="radio" id="show-name" name="showName" value="yes" checked><label for="show-name">${c.showName(model.disclosedName)}</label></div>
<div class="checkbox"><input type="radio" id="hide-name" name="showName" value="no"><label for="hide-name">${c.hideName}</label></div>
</fieldset>`
}
<button type="submit">${c.claimButton}</button>
</form>`;
}

function whereToTakeIt(claimedAt: Date, links: ClaimedLinks, language: Language, m: Messages): Html {
  const c = m.claim;
  return html`<p>${c.claimedOn} ${formatDate(claimedAt, language)}</p>
<section aria-labelledby="share-title"><h2 id="share-title">${c.shareHeading}</h2>${linkList([
    { href: links.publicPage, label: c.publicPage },
    { href: links.linkedIn, label: m.addToLinkedIn, external: true },
    { href: links.bakedPng, label: m.bakedPng, download: true },
    { href: links.bakedSvg, label: m.bakedSvg, download: true },
    { href: links.credentialJson, label: m.credentialJson, type: 'application/ld+json' },
    { href: links.credentialJwt, label: m.credentialJwt, type: 'application/vc+jwt' },
    { href: links.europass, label: m.europass },
  ])}</section>
<section aria-labelledby="wallet-title"><h2 id="wallet-title">${c.walletHeading}</h2>
<p>${c.walletIntro}</p>
<img class="qr" src="data:image/svg+xml;base64,${Buffer.from(links.walletQrSvg).toString('base64')}" alt="${c.walletQrAlt}">
<p><a href="${links.walletOfferUri}">${c.walletLink}</a></p>
</section>`;
}

/** The way to the learner's space, where every badge sent to them is: a link once signed in, else a button that signs in with this claim link. */
function allMyBadges(model: ClaimPageModel, m: Messages): Html {
  const c = m.claim;
  const spaceLanguage = model.language === 'fr' ? 'fr' : 'en';
  return html`<section aria-labelledby="space-title"><h2 id="space-title">${c.spaceHeading}</h2><p>${c.spaceIntro}</p>${
    model.learnerSpace.signedIn
      ? html`<p><a class="button" href="/me?lang=${spaceLanguage}">${c.seeAllBadges}</a></p>`
      : html`<form method="post" action="${new URL(model.pageUrl).pathname}/sign-in?lang=${model.language}"><input type="hidden" name="_csrf" value="${model.learnerSpace.csrfToken}"><button type="submit">${c.seeAllBadges}</button></form>`
  }</section>`;
}

export function renderClaimProblem(options: { language: Language; pageUrl: string; problem: 'unknown' | 'expired' | 'inactive' }): Html {
  const c = MESSAGES[options.language].claim;
  const text = { unknown: c.unknownLink, expired: c.expiredLink, inactive: c.inactiveCredential }[options.problem];
  return claimLayout(options, text, html`<section id="claim" tabindex="-1"><h1>${text}</h1></section>`);
}

function claimLayout(options: { language: Language; pageUrl: string }, title: string, body: Html): Html {
  return pageLayout({ ...options, title, body, skipTo: { href: '#claim', label: MESSAGES[options.language].claim.skip } });
}
