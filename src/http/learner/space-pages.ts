import type { GuardianRequest, LearnerCredentialDetail, LearnerCredentialSummary, MinorState } from '../../services/learner-space.js';
import { LOOKUP_DAYS } from '../../services/learner-space.js';
import { textField } from '../console/forms.js';
import { attrs, html, type Html } from '../views/html.js';
import { badgeImage, errorSummary, formatDate } from '../views/page-kit.js';
import { learnerCsrfField, learnerHref, learnerNotice, linkButtonPage, type LearnerPageOptions } from './layout.js';
import { LEARNER_MESSAGES, type LearnerLanguage, type LearnerMessages } from './messages.js';
import { placeName } from '../../domain/places.js';

/** The signed-in learner's pages: pure functions of their model, to pass to sendLearnerPage. */

interface SignedInPage {
  language: LearnerLanguage;
  path: string;
  csrfToken: string;
  notice?: string;
  /** A refused field: its id and the message shown under it and in the summary. */
  error?: { field: string; message: string };
}

/** A page of the signed-in learner: their menu, the page's entry in it marked. */
function signedInPage(model: SignedInPage, page: { title: string; current: 'badges' | 'data'; body: Html; scripts?: readonly string[] }): LearnerPageOptions {
  return { language: model.language, path: model.path, signedIn: { csrfToken: model.csrfToken }, ...page };
}

const statusTag = (status: LearnerCredentialSummary['status'], m: LearnerMessages) =>
  html`<span class="tag tag-${status === 'valid' ? 'active' : status === 'expired' ? 'suspended' : status}">${m.statuses[status]}</span>`;

/** Why a minor's name is not shown, and how a guardian can allow it. */
function minorNotice(model: SignedInPage & { minor: MinorState }, m: LearnerMessages): Html | undefined {
  const { minor } = model;
  if (!minor.minor) return undefined;
  if (!minor.nameWithheld) return html`<p class="notice">${m.minor.approved}</p>`;
  return html`<section class="minor" aria-labelledby="minor-title"><h2 id="minor-title">${m.minor.heading}</h2>
<p>${minor.comingOfAge ? m.minor.byDate(formatDate(minor.comingOfAge, model.language)) : m.minor.byMark}</p>
${
  minor.guardian.recorded
    ? html`<h3>${m.minor.askGuardian}</h3><p>${m.minor.guardianHint}</p>
<form method="post" action="${learnerHref('/me/guardian', model.language)}" class="learner-form">
${learnerCsrfField(model.csrfToken)}<button type="submit">${m.minor.guardianSubmit}</button>
</form>`
    : html`<p${attrs({ role: model.error?.field === 'guardianEmail' ? 'alert' : undefined })}>${m.minor.askSchool}</p>`
}</section>`;
}

export function homePage(model: SignedInPage & { credentials: LearnerCredentialSummary[]; addresses: string[]; minor: MinorState }): LearnerPageOptions {
  const m = LEARNER_MESSAGES[model.language];
  const h = m.home;
  return signedInPage(model, {
    title: h.title,
    current: 'badges',
    body: html`<h1>${h.title}</h1>
${learnerNotice(model.notice)}${errorSummary(model.error ? [model.error] : [])}
<p>${h.intro}</p>
${minorNotice(model, m)}
${model.credentials.length === 0
  ? html`<p id="no-badges">${h.empty}</p>`
  : html`<ul class="learner-badges" id="badges">${model.credentials.map(
      (credential) => html`<li class="learner-badge">
${badgeImage(`/achievements/${credential.achievementId}/image.svg`, '')}
<div><h2><a href="${learnerHref(`/me/credentials/${credential.id}`, model.language)}" aria-label="${h.open(credential.achievementName)}">${credential.achievementName}</a></h2>
<p>${h.issuedBy(credential.issuerName)} ${h.issuedOn(formatDate(credential.issuedOn, model.language))}</p>
${stayLine(credential, model.language)}
<p>${statusTag(credential.status, m)}</p></div>
</li>`,
    )}</ul>`}
<section aria-labelledby="addresses-title"><h2 id="addresses-title">${h.addresses}</h2>
<p>${h.addressesIntro}</p>
<ul id="addresses">${model.addresses.map((address) => html`<li>${address}</li>`)}</ul>
<form method="post" action="${learnerHref('/me/emails', model.language)}" class="learner-form" novalidate>
${learnerCsrfField(model.csrfToken)}
${textField({ id: 'email', label: h.addAddress, type: 'email', hint: h.addAddressHint, autocomplete: 'email', inputmode: 'email', required: true, error: model.error?.field === 'email' ? model.error.message : undefined })}
<button type="submit" class="secondary">${h.addAddressSubmit}</button>
</form></section>`,
  });
}

export interface WalletOffer {
  uri: string;
  qrSvg: string;
  expiresAt: string;
}

export function credentialPage(model: SignedInPage & { credential: LearnerCredentialDetail; wallet?: WalletOffer }): LearnerPageOptions {
  const m = LEARNER_MESSAGES[model.language];
  const c = m.credential;
  const { credential } = model;
  const here = `/me/credentials/${credential.id}`;
  return signedInPage(model, {
    title: credential.achievementName,
    current: 'badges',
    scripts: ['copy-buttons.js'],
    body: html`<p><a href="${learnerHref('/me', model.language)}">← ${c.back}</a></p>
<div class="badge">${badgeImage(`/achievements/${credential.achievementId}/image.svg`, '')}<div>
<h1>${credential.achievementName}</h1>
<p>${m.home.issuedBy(credential.issuerName)} ${m.home.issuedOn(formatDate(credential.issuedOn, model.language))}</p>
${stayLine(credential, model.language)}
<p>${statusTag(credential.status, m)}</p>
</div></div>
${learnerNotice(model.notice)}
${credential.shareable ? undefined : html`<p class="notice">${c.notShareable}</p>`}
<section aria-labelledby="share-title"><h2 id="share-title">${c.shareHeading}</h2>
<div class="field"><label for="verification-link">${c.verificationLink}</label><p class="hint" id="verification-link-hint">${c.verificationLinkHint}</p>
<div class="copy-field"><input type="text" id="verification-link" value="${credential.publicUrl}" readonly aria-describedby="verification-link-hint">
<button type="button" class="secondary" data-copy="verification-link" data-copied="${c.copied}" hidden>${c.copy}</button></div></div>
<ul class="learner-actions">
<li><a class="button secondary" href="${credential.publicUrl}?lang=${model.language}">${c.openPublicPage}</a></li>
<li><a class="button secondary" id="linkedin" href="${credential.linkedInAddToProfileUrl}" rel="noopener">${c.addToLinkedIn}</a></li>
</ul></section>
<section aria-labelledby="public-title"><h2 id="public-title">${c.publicHeading}</h2>${nameChoice(model, m)}</section>
<section aria-labelledby="wallet-title"><h2 id="wallet-title">${c.walletHeading}</h2>${walletSection(model, m, here)}</section>
<section aria-labelledby="download-title"><h2 id="download-title">${c.downloadHeading}</h2><ul>
${[
  // Files to keep are saved as files (named), not shown as text in the browser; the certificate opens to be read.
  { href: credential.downloads.bakedPng, label: c.bakedPng, download: `badge-${credential.id}.png` },
  { href: credential.downloads.bakedSvg, label: c.bakedSvg, download: `badge-${credential.id}.svg` },
  { href: credential.downloads.certificatePdf, label: c.certificatePdf },
  { href: credential.downloads.europass, label: c.europass, download: `europass-${credential.id}.jsonld`, hint: c.europassHint },
  { href: credential.downloads.credentialJson, label: c.credentialJson, download: `badge-${credential.id}.jsonld` },
  { href: credential.downloads.credentialJwt, label: c.credentialJwt, download: `badge-${credential.id}.jwt` },
]
  .filter((link) => link.href !== undefined)
  .map((link) => html`<li><a href="${link.href}"${attrs({ download: link.download })}>${link.label}</a>${link.hint && html`<br><span class="hint">${link.hint}</span>`}</li>`)}
</ul></section>
<section aria-labelledby="lookups-title"><h2 id="lookups-title">${c.lookupsHeading}</h2>${lookups(model, m)}</section>`,
  });
}

/** Where and when the stay was, when the credential says it: "Restaurante La Albufera S.L., Valencia, Espagne · 4 mai 2026 – 29 mai 2026". */
function stayLine(credential: LearnerCredentialSummary, language: LearnerLanguage): Html | false {
  const { host, city, countryCode, startDate, endDate } = credential.stay;
  const place = [host, placeName({ addressLocality: city, addressCountryCode: countryCode }, language)].filter(Boolean).join(', ');
  const dates = startDate && endDate && `${formatDate(startDate, language)} – ${formatDate(endDate, language)}`;
  const line = [place, dates].filter(Boolean).join(' · ');
  return line !== '' && html`<p class="learner-stay" data-stay>${line}</p>`;
}

function nameChoice(model: SignedInPage & { credential: LearnerCredentialDetail }, m: LearnerMessages): Html {
  const c = m.credential;
  const { name } = model.credential;
  const current = name.shown ?? name.withheld;
  if (current === undefined) return html`<p>${c.noName}</p>`;
  if (!name.canShow && !name.canHide) return html`<p>${c.noName}</p><p>${c.minorNoChoice}</p>`;
  const shown = name.shown !== undefined;
  return html`<form method="post" action="${learnerHref(`/me/credentials/${model.credential.id}/name`, model.language)}">
${learnerCsrfField(model.csrfToken)}
<fieldset><legend>${c.nameLegend}</legend><p class="hint">${c.nameIntro}</p>
<div class="checkbox"><input type="radio" id="show-name" name="showName" value="yes"${attrs({ checked: shown, disabled: !shown && !name.canShow })}><label for="show-name">${c.showName(current)}</label></div>
<div class="checkbox"><input type="radio" id="hide-name" name="showName" value="no"${attrs({ checked: !shown })}><label for="hide-name">${c.hideName}</label></div>
${!shown && !name.canShow ? html`<p class="hint">${c.minorNoChoice}</p>` : undefined}
</fieldset>
<button type="submit">${c.nameSave}</button>
</form>`;
}

function walletSection(model: SignedInPage & { credential: LearnerCredentialDetail; wallet?: WalletOffer }, m: LearnerMessages, here: string): Html {
  const c = m.credential;
  if (!model.credential.shareable) return html`<p>${c.notShareable}</p>`;
  if (model.wallet) {
    return html`<div id="wallet-offer"><p>${c.walletExpires(formatDate(model.wallet.expiresAt, model.language, true))}</p>
<img class="qr" src="data:image/svg+xml;base64,${Buffer.from(model.wallet.qrSvg).toString('base64')}" alt="${c.walletQrAlt}">
<p><a href="${model.wallet.uri}">${c.walletLink}</a></p></div>`;
  }
  return html`<p>${c.walletIntro}</p>
<form method="post" action="${learnerHref(`${here}/wallet`, model.language)}#wallet-offer">${learnerCsrfField(model.csrfToken)}<button type="submit" class="secondary">${c.walletStart}</button></form>`;
}

function lookups(model: SignedInPage & { credential: LearnerCredentialDetail }, m: LearnerMessages): Html {
  const c = m.credential;
  const days = model.credential.lookups;
  const total = days.reduce((sum, day) => sum + day.count, 0);
  return html`<p>${c.lookupsIntro(LOOKUP_DAYS)}</p>${
    days.length === 0
      ? html`<p id="lookups-none">${c.lookupsNone}</p>`
      : html`<table id="lookups"><thead><tr><th scope="col">${c.lookupsDay}</th><th scope="col" class="number">${c.lookupsCount}</th></tr></thead><tbody>${days.map(
          (day) => html`<tr><td>${formatDate(day.day, model.language)}</td><td class="number">${day.count}</td></tr>`,
        )}</tbody><tfoot><tr><td colspan="2">${c.lookupsTotal(total)}</td></tr></tfoot></table>`
  }`;
}

export function dataPage(model: SignedInPage): LearnerPageOptions {
  const m = LEARNER_MESSAGES[model.language];
  const d = m.data;
  return signedInPage(model, {
    title: d.title,
    current: 'data',
    body: html`<h1>${d.title}</h1>
${learnerNotice(model.notice)}${errorSummary(model.error ? [model.error] : [])}
<section aria-labelledby="download-title"><h2 id="download-title">${d.downloadHeading}</h2><p>${d.downloadIntro}</p>
<p><a class="button secondary" href="/me/data.json" download="my-badges.json">${d.download}</a></p></section>
<section aria-labelledby="delete-title"><h2 id="delete-title">${d.deleteHeading}</h2>
<p>${d.deleteIntro}</p><ul><li>${d.deleteRemoved}</li><li>${d.deleteKept}</li></ul>
<form method="post" action="${learnerHref('/me/data/delete', model.language)}" novalidate>
${learnerCsrfField(model.csrfToken)}
${model.error && html`<p class="field-error" id="confirm-error">${model.error.message}</p>`}
<div class="checkbox"><input type="checkbox" id="confirm" name="confirm" value="yes"${attrs({ 'aria-describedby': model.error ? 'confirm-error' : undefined, 'aria-invalid': model.error ? 'true' : undefined })}><label for="confirm">${d.deleteConfirm}</label></div>
<button type="submit" class="danger">${d.deleteSubmit}</button>
</form></section>`,
  });
}

export function addressLinkPage(model: { language: LearnerLanguage; path: string; csrfToken: string; token: string; address: string; askedBy: string }): LearnerPageOptions {
  const a = LEARNER_MESSAGES[model.language].addressLink;
  return linkButtonPage({
    ...model,
    title: a.title,
    body: html`<p>${a.intro(model.address, model.askedBy)}</p><p>${a.oneSpace(model.askedBy)}</p>`,
    action: `/me/emails/${model.token}`,
    submit: a.submit,
  });
}

export function guardianPage(model: { language: LearnerLanguage; path: string; csrfToken: string; token: string; request: GuardianRequest }): LearnerPageOptions {
  const g = LEARNER_MESSAGES[model.language].guardian;
  return linkButtonPage({
    ...model,
    title: g.title,
    body: html`<p>${g.intro}</p>
${model.request.names.length > 0 ? html`<p><strong>${g.names(model.request.names.join(', '))}</strong></p>` : undefined}
<h2>${g.badges}</h2><ul>${model.request.credentials.map((credential) => html`<li>${credential.achievementName} — ${credential.issuerName}</li>`)}</ul>`,
    action: `/me/guardian/${model.token}`,
    submit: g.submit,
  });
}

/** A page with one message (after an action done through a link by someone maybe not signed in). */
export function messagePage(model: { language: LearnerLanguage; path: string; title: string; message: string; signedIn?: { csrfToken: string } }): LearnerPageOptions {
  return {
    language: model.language,
    path: model.path,
    title: model.title,
    body: html`<h1>${model.title}</h1><p class="notice" role="status">${model.message}</p>`,
    ...(model.signedIn ? { signedIn: model.signedIn } : {}),
  };
}
