import { html } from '../views/html.js';
import type { CredentialSummary } from '../../services/credential-listing.js';
import type { CredentialView } from '../../services/credential-views.js';
import { allowedStatusChanges, type StatusChange } from '../../services/credential-status.js';
import { copyField, csrfField, formErrorSummary, inputField, optionsOf, type FormError, type Input } from './form-kit.js';
import { scrollingTable } from './layout.js';
import type { FormValues } from './form-codec.js';
import { formatDay, workPaths } from './work-paths.js';
import type { WorkLanguage, WorkMessages } from './work-messages.js';
import type { WorkPage } from './stay-pages.js';

/** The console's pages about issued credentials: find them, see one, change its status, send it again. */

interface Base {
  m: WorkMessages;
  language: WorkLanguage;
}

export const CREDENTIAL_STATES = ['active', 'suspended', 'revoked'] as const;
export type CredentialState = (typeof CREDENTIAL_STATES)[number];

function stateTag(state: string | null | undefined, m: WorkMessages) {
  const known = (CREDENTIAL_STATES as readonly string[]).includes(state ?? '') ? (state as CredentialState) : 'active';
  return html`<span class="tag tag-${known}">${m.credentialStates[known]}</span>`;
}

export function renderCredentialsPage(model: Base & { filters: { q?: string; status?: string }; credentials: CredentialSummary[]; nextHref: string | undefined }): WorkPage {
  const paths = workPaths(model.language);
  const { m } = model;
  const c = m.credentials;
  const values = Object.fromEntries(Object.entries(model.filters).filter(([, value]) => value !== undefined)) as FormValues;
  return {
    title: c.title,
    body: html`<h1>${c.title}</h1>
<form method="get" action="${paths.credentials}" class="filters"><input type="hidden" name="lang" value="${model.language}"><fieldset><legend>${c.find}</legend><div class="filter-grid">
${inputField({ pointer: 'q', label: c.q, control: 'text' }, values, [], m)}
${inputField({ pointer: 'status', label: c.status, control: 'select', options: optionsOf(CREDENTIAL_STATES, m.credentialStates, m.common.any) }, values, [], m)}
</div><button type="submit">${m.common.show}</button></fieldset></form>
${
  model.credentials.length === 0
    ? html`<p>${c.empty}</p>`
    : scrollingTable({ label: c.title }, html`<table><thead><tr><th scope="col">${c.name}</th><th scope="col">${c.recipient}</th><th scope="col">${c.issuedOn}</th><th scope="col">${c.status}</th></tr></thead><tbody>
${model.credentials.map(
  (credential) => html`<tr><th scope="row"><a href="${paths.credential(credential.id)}">${credential.name}</a></th>
<td>${credential.recipientName ?? html`<em>${c.nameHidden}</em>`}</td><td>${formatDay(credential.createdAt, model.language)}</td><td>${stateTag(credential.status, m)}</td></tr>`,
)}</tbody></table>`)
}
${model.nextHref ? html`<p><a href="${model.nextHref}" rel="next">${m.common.nextPage}</a></p>` : ''}`,
  };
}

export function renderCredentialPage(
  model: Base & {
    view: CredentialView;
    name: string;
    recipientName: string | undefined;
    mobilityId: string | null;
    europassUrl: string;
    certificateUrl: string;
    notice?: string;
    errors: readonly FormError[];
    csrfToken: string;
    canManage: boolean;
    canIssue: boolean;
    mailerConfigured: boolean;
    /** A claim link just created: its secret is shown once, on this response only. */
    claimLink?: { url: string; expiresAt: string };
  },
): WorkPage {
  const paths = workPaths(model.language);
  const { m, view } = model;
  const c = m.credential;
  const changes = model.canManage && view.status ? allowedStatusChanges(view.status) : [];
  const active = view.status?.state !== 'revoked' && view.status?.state !== 'suspended';
  return {
    title: c.title(model.name),
    body: html`<h1>${model.name}</h1>
${model.notice ? html`<p class="notice" role="status">${model.notice}</p>` : ''}
${formErrorSummary(model.errors, m)}
<dl>
<dt>${m.credentials.recipient}</dt><dd>${model.recipientName ?? html`<em>${m.credentials.nameHidden}</em>`}</dd>
<dt>${m.credentials.issuedOn}</dt><dd>${formatDay(view.createdAt, model.language)}</dd>
<dt>${c.status}</dt><dd>${stateTag(view.status?.state, m)}${view.status?.changedAt ? html` (${formatDay(view.status.changedAt, model.language)})` : ''}</dd>
${view.status?.publicReason ? html`<dt>${c.publicReason}</dt><dd>${view.status.publicReason}</dd>` : ''}
${model.mobilityId ? html`<dt>${c.stay}</dt><dd><a href="${paths.stay(model.mobilityId)}">${c.openStay}</a></dd>` : ''}
</dl>
<section aria-labelledby="link"><h2 id="link">${c.verificationLink}</h2>
${copyField('verification-link', c.verificationLink, view.url, c)}
<p><a href="${view.url}">${view.url}</a></p></section>
<section aria-labelledby="downloads"><h2 id="downloads">${c.downloads}</h2><ul>
<li><a href="${view.badgeImages.png}" download>${c.badgePng}</a></li>
<li><a href="${view.badgeImages.svg}" download>${c.badgeSvg}</a></li>
${active ? html`<li><a href="${model.europassUrl}" download>${c.europass}</a></li>
<li><a href="${model.certificateUrl}">${c.certificate}</a></li>` : ''}
</ul></section>
${
  model.canIssue && active
    ? html`<section aria-labelledby="claim"><h2 id="claim">${c.claim}</h2><p>${c.claimIntro}</p>
${model.mailerConfigured ? html`<form method="post" action="${paths.claimEmail(view.id)}">${csrfField(model.csrfToken)}<button type="submit">${c.claim}</button></form>` : html`<p class="hint">${m.conflicts.noSmtp}</p>`}
${
  model.claimLink
    ? html`<p role="status">${c.claimLinkMade(formatDay(model.claimLink.expiresAt, model.language))}</p>${copyField('claim-link', c.claimLink, model.claimLink.url, c)}`
    : html`<form method="post" action="${paths.claimLink(view.id)}">${csrfField(model.csrfToken)}<button type="submit" class="${model.mailerConfigured ? 'secondary' : ''}">${c.claimLink}</button></form>`
}
</section>`
    : ''
}
${
  changes.length
    ? html`<section aria-labelledby="status-actions"><h2 id="status-actions">${c.status}</h2>
${view.status?.purpose === 'suspension' ? html`<p class="hint">${c.suspendable}</p>` : ''}
<p class="actions">${changes.map((change) => html`<a class="button${change === 'revoke' ? ' danger' : ''}" href="${paths.statusChange(view.id, change)}">${c[change]}</a> `)}</p></section>`
    : ''
}`,
  };
}

/**
 * The inputs of a status change's confirmation: one list for the page and for reading a refusal back, so
 * that the reason the form marks required is the one its error calls required.
 */
export function statusChangeInputs(m: WorkMessages, change: StatusChange): Input[] {
  const c = m.credential;
  return [
    { pointer: '/reason', label: c.reason, control: 'textarea', required: true },
    ...(change === 'reinstate' ? [] : [{ pointer: '/publicReason', label: c.publicReasonInput, control: 'text' } satisfies Input]),
  ];
}

/** The confirmation step of a status change, with its reasons: nothing changes until it is submitted. */
export function renderStatusChangePage(
  model: Base & { change: StatusChange; credentialId: string; name: string; values: FormValues; errors: readonly FormError[]; csrfToken: string },
): WorkPage {
  const paths = workPaths(model.language);
  const { m, change } = model;
  const c = m.credential;
  return {
    title: c.confirmTitle[change],
    body: html`<h1>${c.confirmTitle[change]}</h1>
${formErrorSummary(model.errors, m)}
<p><strong>${model.name}</strong></p>
<p>${c.changeIntro[change]}</p>
<form method="post" action="${paths.statusChange(model.credentialId, change)}" novalidate>${csrfField(model.csrfToken)}
${statusChangeInputs(m, change).map((input) => inputField(input, model.values, model.errors, m))}
<p class="actions"><button type="submit" class="${change === 'revoke' ? 'danger' : ''}">${c.confirm[change]}</button> <a href="${paths.credential(model.credentialId)}">${m.common.cancel}</a></p>
</form>`,
  };
}
