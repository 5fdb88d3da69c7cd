import { attrs, html, type Html } from '../views/html.js';
import type { IssuerView } from '../../services/issuers.js';
import type { AchievementView } from '../../services/achievements.js';
import { BADGE_TEMPLATES } from '../../services/achievements.js';
import type { JsonObject } from '../../domain/open-badges.js';
import type { Programme } from '../../domain/mobility.js';
import { csrfField, formErrorSummary, inputField, optionsOf, type FormError, type Input } from './form-kit.js';
import { scrollingTable } from './layout.js';
import type { FormValues } from './form-codec.js';
import { countryName } from '../../domain/places.js';
import { formGroups, type WorkPage } from './stay-pages.js';
import type { FormSpec } from './stay-forms.js';
import { formatDay, workPaths } from './work-paths.js';
import type { WorkLanguage, WorkMessages } from './work-messages.js';

/** The console's pages about the school itself (profile, keys, UFM scheme), its badges, and an academy's figures. */

interface Base {
  m: WorkMessages;
  language: WorkLanguage;
}

function notice(text: string | undefined) {
  return text ? html`<p class="notice" role="status">${text}</p>` : undefined;
}

/** The academy inputs a platform admin sees: the school's academy, or a new one to put it in. */
export const ACADEMY_INPUTS = (m: WorkMessages, academies: readonly { id: string; name: string }[]): Input[] => [
  { pointer: '/academyId', label: m.school.academyChoice, control: 'select', options: [{ value: '', label: m.school.academyNone }, ...academies.map((academy) => ({ value: academy.id, label: academy.name }))] },
];
export const NEW_ACADEMY_INPUTS = (m: WorkMessages): Input[] => [{ pointer: '/name', label: m.school.academyNew, hint: m.school.academyNewHint, control: 'text', required: true }];

export function renderSchoolPage(
  model: Base & { school: IssuerView; canManage: boolean; csrfToken: string; notice?: string; errors: readonly FormError[]; values: FormValues; academies?: readonly { id: string; name: string }[] },
): WorkPage {
  const paths = workPaths(model.language);
  const { m, school } = model;
  const s = m.school;
  const profile = school.profile;
  const address = (profile.address ?? {}) as JsonObject;
  const identifiers = Array.isArray(profile.otherIdentifier) ? (profile.otherIdentifier as JsonObject[]) : [];
  const usableKeys = school.keys.filter((key) => key.compromisedAt === null);
  const compromiseInputs: Input[] = [
    { pointer: '/verificationMethod', label: s.compromiseKey, control: 'select', required: true, options: [{ value: '', label: m.common.choose }, ...usableKeys.map((key) => ({ value: key.verificationMethod, label: `${key.verificationMethod.split('#')[1]!.slice(0, 12)}… — ${s.keyStatuses[key.status] ?? key.status}` }))] },
    { pointer: '/compromisedAt', label: s.compromiseDate, control: 'date', required: true },
    { pointer: '/reason', label: s.compromiseReason, control: 'textarea', required: true },
  ];
  return {
    title: s.title,
    body: html`<h1>${String(profile.name ?? school.slug)}</h1>
${notice(model.notice)}
${formErrorSummary(model.errors, m)}
<section aria-labelledby="profile"><h2 id="profile">${s.profile}</h2><dl>
<dt>${s.name}</dt><dd>${String(profile.name ?? '')}</dd>
${profile.url ? html`<dt>${s.url}</dt><dd><a href="${String(profile.url)}">${String(profile.url)}</a></dd>` : ''}
${profile.email ? html`<dt>${s.email}</dt><dd>${String(profile.email)}</dd>` : ''}
${address.addressLocality || address.addressCountryCode ? html`<dt>${s.address}</dt><dd>${[address.postalCode, address.addressLocality, typeof address.addressCountryCode === 'string' ? countryName(address.addressCountryCode, model.language) : undefined].filter(Boolean).join(' ')}</dd>` : ''}
${identifiers.length ? html`<dt>${s.identifiers}</dt><dd>${identifiers.map((identifier) => html`${String(identifier.identifierType ?? '').replace(/^ext:/, '')} ${String(identifier.identifier ?? '')}<br>`)}</dd>` : ''}
<dt>${s.did}</dt><dd><code>${school.did}</code> — <a href="${school.didDocumentUrl}">${s.didDocument}</a></dd>
</dl>
${model.canManage ? html`<p><a href="${paths.schoolProfile}">${s.editProfile}</a></p><p><a href="${paths.ufmScheme}">${s.ufmSchemeLink}</a></p>` : ''}
<p><a href="${paths.mentorTexts}">${m.gridTexts.link}</a></p></section>
${model.academies && academySection(model as typeof model & { academies: readonly { id: string; name: string }[] })}
<section aria-labelledby="keys"><h2 id="keys">${s.keys}</h2>
${scrollingTable({ labelledBy: 'keys' }, html`<table><thead><tr><th scope="col">${s.key}</th><th scope="col">${s.keyStatus}</th><th scope="col">${s.created}</th></tr></thead><tbody>
${school.keys.map(
  (key) => html`<tr><td><code>${key.verificationMethod.split('#')[1]}</code></td><td>${key.compromisedAt ? html`${s.keyStatuses.compromised} (${s.compromisedAt(formatDay(key.compromisedAt, model.language))})` : (s.keyStatuses[key.status] ?? key.status)}</td><td>${formatDay(key.createdAt, model.language)}</td></tr>`,
)}</tbody></table>`)}
${
  model.canManage
    ? html`<h3>${s.rotate}</h3><p>${s.rotateIntro}</p>
<form method="post" action="${paths.rotateKey}">${csrfField(model.csrfToken)}<button type="submit">${s.rotate}</button></form>
<h3>${s.compromise}</h3><p>${s.compromiseIntro}</p>
<form method="post" action="${paths.compromiseKey}" novalidate>${csrfField(model.csrfToken)}
${compromiseInputs.map((input) => inputField(input, model.values, model.errors, m))}
<button type="submit" class="danger">${s.compromiseSubmit}</button></form>`
    : ''
}</section>`,
  };
}

/** Which academy vouches for the school (platform admins): choose one, or create one and put the school in it. */
function academySection(model: Base & { school: IssuerView; csrfToken: string; errors: readonly FormError[]; values: FormValues; academies: readonly { id: string; name: string }[] }): Html {
  const paths = workPaths(model.language);
  const { m } = model;
  const s = m.school;
  const values = { '/academyId': model.school.academyId ?? '', ...model.values };
  return html`<section aria-labelledby="academy"><h2 id="academy">${s.academy}</h2><p>${s.academyIntro}</p>
<form method="post" action="${paths.schoolAcademy}" novalidate>${csrfField(model.csrfToken)}
${ACADEMY_INPUTS(m, model.academies).map((input) => inputField(input, values, model.errors, m))}
<button type="submit" class="secondary">${s.academySave}</button></form>
<form method="post" action="${paths.newAcademy}" novalidate>${csrfField(model.csrfToken)}
${NEW_ACADEMY_INPUTS(m).map((input) => inputField(input, model.values, model.errors, m))}
<button type="submit" class="secondary">${s.academyCreate}</button></form></section>`;
}

/** The profile form: what a school corrects itself, and, for a platform admin, the name and UAI its academy vouches for. */
export const PROFILE_INPUTS = (m: WorkMessages, vouched: boolean): Input[] =>
  NEW_SCHOOL_INPUTS(m).filter((input) => input.pointer !== '/slug' && (vouched || (input.pointer !== '/name' && input.pointer !== '/otherIdentifier/0/identifier')));

export function renderProfilePage(model: Base & { school: IssuerView; values: FormValues; errors: readonly FormError[]; csrfToken: string; vouched: boolean }): WorkPage {
  const paths = workPaths(model.language);
  const { m } = model;
  const s = m.school;
  return {
    title: s.profileTitle,
    body: html`<h1>${s.profileTitle}</h1>
${formErrorSummary(model.errors, m)}
<p>${s.profileIntro}</p>${model.vouched ? '' : html`<p class="hint">${s.profileVouched}</p>`}
<form method="post" action="${paths.schoolProfile}" novalidate>${csrfField(model.csrfToken)}
${PROFILE_INPUTS(m, model.vouched).map((input) => inputField(input, model.values, model.errors, m))}
<p class="actions"><button type="submit">${s.profileSave}</button> <a href="${paths.school}">${m.common.cancel}</a></p></form>`,
  };
}

/** The UFM scheme form: one row of inputs a competence, with room for new ones. */
export function renderUfmSchemePage(model: Base & { spec: FormSpec; values: FormValues; errors: readonly FormError[]; csrfToken: string; notice?: string }): WorkPage {
  const paths = workPaths(model.language);
  const { m } = model;
  return {
    title: m.ufmScheme.title,
    body: html`<h1>${m.ufmScheme.title}</h1>
${notice(model.notice)}
${formErrorSummary(model.errors, m)}
<p>${m.ufmScheme.intro}</p>
<form method="post" action="${paths.ufmScheme}" novalidate>${csrfField(model.csrfToken)}
${formGroups(model.spec, model.values, model.errors, m)}
<p class="actions"><button type="submit">${m.ufmScheme.submit}</button> <a href="${paths.school}">${m.common.cancel}</a></p></form>`,
  };
}

export interface FigureRow {
  school: string;
  country: string;
  programme: Programme;
  stays: number;
  credentials: number;
}

/** `academyWide`: the figures of one academy's schools (an academy reader), else of every school (a platform admin). */
export function renderFiguresPage(model: Base & { rows: FigureRow[]; academyWide: boolean }): WorkPage {
  const paths = workPaths(model.language);
  const { m } = model;
  const f = m.figures;
  const title = model.academyWide ? f.title : f.titleAllSchools;
  const total = model.rows.reduce((sum, row) => ({ stays: sum.stays + row.stays, credentials: sum.credentials + row.credentials }), { stays: 0, credentials: 0 });
  return {
    title,
    body: html`<h1>${title}</h1><p>${f.intro}</p>
<p><a class="button secondary" href="${paths.figuresCsv}" download>${f.csv}</a></p>
${
  model.rows.length === 0
    ? html`<p>${f.empty}</p>`
    : scrollingTable({ label: title }, html`<table><thead><tr><th scope="col">${f.school}</th><th scope="col">${f.country}</th><th scope="col">${f.programme}</th><th scope="col" class="number">${f.stays}</th><th scope="col" class="number">${f.credentials}</th></tr></thead>
<tbody>${model.rows.map(
        (row) => html`<tr><th scope="row">${row.school}</th><td>${countryName(row.country, model.language)}</td><td>${m.programmes[row.programme] ?? row.programme}</td><td class="number">${row.stays}</td><td class="number">${row.credentials}</td></tr>`,
      )}</tbody>
<tfoot><tr><th scope="row" colspan="3">${f.total}</th><td class="number">${total.stays}</td><td class="number">${total.credentials}</td></tr></tfoot></table>`)
}`,
  };
}

export function renderBadgesPage(model: Base & { badges: AchievementView[]; canManage: boolean; values: FormValues }): WorkPage {
  const paths = workPaths(model.language);
  const { m } = model;
  const b = m.badges;
  return {
    title: b.title,
    body: html`<h1>${b.title}</h1><p>${b.intro}</p>
${
  model.canManage
    ? html`<form method="get" action="${paths.newBadge}" class="filters"><input type="hidden" name="lang" value="${model.language}"><fieldset><legend>${b.fromTemplate}</legend><div class="filter-grid">
${inputField({ pointer: 'template', label: b.template, control: 'select', options: optionsOf(BADGE_TEMPLATES, b.templates) }, model.values, [], m)}
${inputField({ pointer: 'code', label: b.languageCode, hint: m.assessment.languageHint, control: 'text' }, model.values, [], m)}
</div><button type="submit">${b.start}</button></fieldset></form>`
    : ''
}
${
  model.badges.length === 0
    ? html`<p>${b.empty}</p>`
    : html`<ul class="badge-list">${model.badges.map((badge) => {
        const name = String(badge.achievement.name);
        const image = (badge.achievement.image as JsonObject | undefined)?.id;
        // What the school wrote is in its own language, maybe not the page's.
        const lang = typeof badge.achievement.inLanguage === 'string' && badge.achievement.inLanguage !== model.language ? badge.achievement.inLanguage : undefined;
        return html`<li><img src="${String(image ?? '')}" alt="" width="64" height="64"><div><strong${attrs({ lang })}>${name}</strong><br><small${attrs({ lang })}>${String(badge.achievement.description ?? '')}</small>
${model.canManage ? html`<br><a href="${paths.badge(badge.id)}">${b.edit}<span class="visually-hidden"> ${name}</span></a>` : ''}</div></li>`;
      })}</ul>`
}`,
  };
}

export const BADGE_INPUTS = (m: WorkMessages): Input[] => [
  { pointer: '/name', label: m.badges.name, control: 'text', required: true },
  { pointer: '/description', label: m.badges.description, control: 'textarea', required: true },
  { pointer: '/criteria/narrative', label: m.badges.criteria, control: 'textarea' },
];

export function renderBadgeFormPage(
  model: Base & { badge: AchievementView | undefined; action: string; hidden: Record<string, string>; values: FormValues; errors: readonly FormError[]; csrfToken: string; notice?: string },
): WorkPage {
  const paths = workPaths(model.language);
  const { m, badge } = model;
  const b = m.badges;
  const title = badge ? b.editTitle(String(badge.achievement.name)) : b.newTitle;
  const image = (badge?.achievement.image as JsonObject | undefined)?.id;
  return {
    title,
    body: html`<h1>${title}</h1>
${notice(model.notice)}
${formErrorSummary(model.errors, m)}
<form method="post" action="${model.action}" novalidate>${csrfField(model.csrfToken)}
${Object.entries(model.hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
${BADGE_INPUTS(m).map((input) => inputField(input, model.values, model.errors, m))}
<p class="actions"><button type="submit">${b.submit}</button> <a href="${paths.badges}">${m.common.cancel}</a></p></form>
${
  badge
    ? html`<section aria-labelledby="image"><h2 id="image">${b.image}</h2>
${image ? html`<img src="${String(image)}" alt="${b.currentImage(String(badge.achievement.name))}" width="128" height="128">` : ''}
<p>${b.imageIntro}</p>
<form method="post" action="${paths.badgeImage(badge.id)}" enctype="multipart/form-data">${csrfField(model.csrfToken)}
<div class="field"><label for="badge-image">${b.imageFile}</label><input type="file" id="badge-image" name="image" accept="image/png,image/svg+xml" required></div>
<button type="submit">${b.upload}</button></form></section>`
    : ''
}`,
  };
}

/** The new school form: the profile `POST /v1/issuers` takes, the UAI as its French identifier. */
export const NEW_SCHOOL_INPUTS = (m: WorkMessages): Input[] => {
  const s = m.newSchool;
  return [
    { pointer: '/slug', label: s.slug, hint: s.slugHint, control: 'text', required: true, autocomplete: 'off' },
    { pointer: '/name', label: s.name, control: 'text', required: true, autocomplete: 'organization' },
    { pointer: '/url', label: s.url, control: 'url', autocomplete: 'url' },
    { pointer: '/email', label: s.email, control: 'email', autocomplete: 'email' },
    { pointer: '/address/addressLocality', label: s.city, control: 'text' },
    { pointer: '/address/addressCountryCode', label: s.country, hint: s.countryHint, control: 'text' },
    { pointer: '/otherIdentifier/0/identifier', label: s.uai, control: 'text', autocomplete: 'off' },
  ];
};

export function renderNewSchoolPage(model: Base & { values: FormValues; errors: readonly FormError[]; csrfToken: string }): WorkPage {
  const paths = workPaths(model.language);
  const { m } = model;
  return {
    title: m.newSchool.title,
    body: html`<h1>${m.newSchool.title}</h1>
${formErrorSummary(model.errors, m)}
<form method="post" action="${paths.schools}" novalidate>${csrfField(model.csrfToken)}
${NEW_SCHOOL_INPUTS(m).map((input) => inputField(input, model.values, model.errors, m))}
<p class="actions"><button type="submit">${m.newSchool.submit}</button></p></form>`,
  };
}

/** The home page of a platform admin looking at no school: the way to the first one. */
export function renderNoSchoolSection(model: Base) {
  const paths = workPaths(model.language);
  return html`<p>${model.m.newSchool.noSchoolYet}</p>
<p><a class="button" href="${paths.newSchool}">${model.m.newSchool.title}</a></p>`;
}
