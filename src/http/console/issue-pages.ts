import { html, type Html } from '../views/html.js';
import type { CredentialKind } from '../../domain/credential-kinds.js';
import type { MobilityView, WithheldCredential } from '../../services/mobilities.js';
import type { BatchView } from '../../services/batches.js';
import { csrfField, formErrorSummary, type FormError } from './form-kit.js';
import { formatDay, workPaths } from './work-paths.js';
import type { WorkLanguage, WorkMessages } from './work-messages.js';
import type { WorkPage } from './stay-pages.js';

/** The console's pages that issue: a stay's preview and issuance, a group's, a cohort file's import. */

interface Base {
  m: WorkMessages;
  language: WorkLanguage;
}

function languageChoice(name: string, id: string, label: string, selected: WorkLanguage): Html {
  return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${name}">
<option value="fr" lang="fr"${selected === 'fr' ? html` selected` : ''}>Français</option>
<option value="en" lang="en"${selected === 'en' ? html` selected` : ''}>English</option></select></div>`;
}

export interface PreviewItem {
  kind: CredentialKind;
  /** The credential issued already, if it is. */
  issuedId: string | undefined;
  /** That credential was revoked: issued again only when the school asks. */
  revoked: boolean;
  /** What the employer's page shows of it (the public credential page's own rendering). */
  shown: Html | false;
}

/** An item the assessment still lacks for a credential, named as its form names it, linked to its input there. */
export interface PreviewGap {
  kind: CredentialKind;
  /** The assessment form, at the input (or the form itself when no input is near). */
  href: string;
  /** The input's label on the assessment form. */
  label: string;
  message: string;
}

/**
 * What the stay's credentials will be, before anything is signed. When the assessment lacks something a
 * credential needs (`gaps`, from the service), the page says what, item by item, each a link to the
 * assessment form, and shows the other credentials; issuing waits for the assessment to be complete.
 */
export function renderPreviewPage(
  model: Base & {
    stay: MobilityView;
    credentialLanguage: WorkLanguage;
    previews: PreviewItem[];
    withheld: WithheldCredential[];
    gaps: readonly PreviewGap[];
    csrfToken: string;
    errors: readonly FormError[];
    /** The revoked ones are previewed as issued again (the school asked to see that). */
    reissueRevoked: boolean;
  },
): WorkPage {
  const paths = workPaths(model.language);
  const { m, stay } = model;
  const p = m.preview;
  const name = stay.record.participant.name ?? stay.record.participant.email;
  const toIssue = model.previews.filter((preview) => preview.issuedId === undefined).length;
  const revoked = model.previews.some((preview) => preview.revoked);
  const complete = model.gaps.length === 0;
  const gapKinds = [...new Set(model.gaps.map((gap) => gap.kind))];
  return {
    title: p.title(name),
    body: html`<h1>${p.title(name)}</h1>
${formErrorSummary(model.errors, m)}
${
  complete
    ? ''
    : html`<section class="gaps" aria-labelledby="gaps"><h2 id="gaps">${p.gapsTitle}</h2>
<p>${p.gapsIntro(gapKinds.map((kind) => m.credentialKinds[kind]).join(', '))}</p>
<ul>${model.gaps.map((gap) => html`<li><a href="${gap.href}">${m.common.fieldMessage(gap.label, gap.message)}</a></li>`)}</ul>
${gapKinds.includes('ufm') ? html`<p class="hint">${p.ufmGapsHint}</p>` : ''}
<p class="actions"><a class="button" href="${paths.assessment(stay.id)}">${m.stay.reassess}</a></p></section>`
}
<p>${p.intro}</p>
<form method="get" action="${paths.preview(stay.id)}" class="inline-form"><input type="hidden" name="lang" value="${model.language}">${languageChoice('language', 'preview-language', p.language, model.credentialLanguage)}<button type="submit" class="secondary">${p.change}</button></form>
${model.previews.map(
  (preview, index) => html`<section class="preview" aria-labelledby="preview-${index}">
<h2 id="preview-${index}">${m.credentialKinds[preview.kind]} — ${preview.issuedId ? html`<a href="${paths.credential(preview.issuedId)}">${preview.revoked ? p.revoked : p.alreadyIssued}</a>` : complete ? p.toIssue : p.toIssueLater}</h2>
<div class="preview-frame">${preview.shown}</div></section>`,
)}
${
  model.withheld.length
    ? html`<section aria-labelledby="withheld"><h2 id="withheld">${p.withheld}</h2><ul>${model.withheld.map(
        (entry) => html`<li>${m.common.fieldMessage(m.credentialKinds[entry.kind], m.rules[entry.rule] ?? entry.message)}</li>`,
      )}</ul></section>`
    : ''
}
${
  !complete
    ? html`<p class="actions"><a class="button" href="${paths.assessment(stay.id)}">${m.stay.reassess}</a> <a href="${paths.stay(stay.id)}">${m.common.back}</a></p>`
    : toIssue > 0
      ? html`<form method="post" action="${paths.preview(stay.id)}">${csrfField(model.csrfToken)}<input type="hidden" name="language" value="${model.credentialLanguage}">${model.reissueRevoked ? html`<input type="hidden" name="reissueRevoked" value="yes">` : ''}
<p class="actions"><button type="submit">${model.reissueRevoked ? p.reissue : p.issue}</button> <a href="${paths.stay(stay.id)}">${m.common.cancel}</a></p></form>`
      : html`<p>${p.nothingToIssue} <a href="${paths.stay(stay.id)}">${m.common.back}</a></p>`
}
${complete && revoked ? html`<section aria-labelledby="reissue"><h2 id="reissue">${p.revoked}</h2><p>${p.reissueIntro}</p><p><a class="button secondary" href="${paths.preview(stay.id)}&reissue=revoked&language=${model.credentialLanguage}">${p.reissuePreview}</a></p></section>` : ''}`,
  };
}

export interface GroupIssueOutcome {
  stayId: string;
  name: string;
  issued: number;
  alreadyIssued: number;
  /** Why nothing was issued, in the page's words. */
  refusal: string | undefined;
}

/** The outcome of issuing a group's credentials, stay by stay (the script fills the same table live). */
export function renderGroupIssuePage(model: Base & { outcomes: GroupIssueOutcome[]; errors: readonly FormError[] }): WorkPage {
  const paths = workPaths(model.language);
  const { m } = model;
  const g = m.groupIssue;
  const done = model.outcomes.length;
  return {
    title: g.title,
    body: html`<h1>${g.title}</h1>
${formErrorSummary(model.errors, m)}
<p><label for="group-progress">${g.progress}</label> <progress id="group-progress" max="${Math.max(done, 1)}" value="${done}">${g.done(done, done)}</progress> ${g.done(done, done)}</p>
<table><thead><tr><th scope="col">${g.stay}</th><th scope="col">${g.outcome}</th></tr></thead><tbody>
${model.outcomes.map(
  (outcome) => html`<tr><th scope="row"><a href="${paths.stay(outcome.stayId)}">${outcome.name}</a></th>
<td>${outcome.refusal ? html`<span class="field-error">${m.common.fieldMessage(g.failed, outcome.refusal)}</span>` : outcome.issued > 0 ? g.issued(outcome.issued) : g.already}</td></tr>`,
)}</tbody></table>
<p><a href="${paths.stays}">${m.stays.title}</a></p>`,
  };
}

export function renderImportPage(model: Base & { errors: readonly FormError[]; csrfToken: string }): WorkPage {
  const paths = workPaths(model.language);
  const { m } = model;
  const i = m.import;
  const fileError = model.errors.find((error) => error.pointer === 'file');
  return {
    title: i.title,
    body: html`<h1>${i.title}</h1>
${formErrorSummary(model.errors, m)}
<p>${i.intro}</p>
<p><a href="${paths.cohortTemplate}" download>${i.template}</a></p>
<form method="post" action="${paths.importStays}" enctype="multipart/form-data">${csrfField(model.csrfToken)}
<div class="field${fileError ? ' has-error' : ''}"><label for="ffile">${i.file} <span class="required">${m.common.required}</span></label>
${fileError ? html`<p class="field-error" id="ffile-error">${fileError.message}</p>` : ''}
<input type="file" id="ffile" name="file" accept=".csv,text/csv" required${fileError ? html` aria-invalid="true" aria-describedby="ffile-error"` : ''}></div>
${languageChoice('language', 'import-language', i.language, model.language)}
<p class="actions"><button type="submit">${i.submit}</button></p></form>`,
  };
}

interface RowErrors {
  errors?: { field: string; message: string }[];
}

/**
 * A cohort import's progress, its rejected rows (line and field) and the stays it made. While it runs, the
 * page's script polls the batch's status and updates the bar; without it, a link refreshes the page.
 */
export function renderBatchPage(model: Base & { batch: BatchView; fieldLabel: (field: string) => string }): WorkPage {
  const paths = workPaths(model.language);
  const { m, batch } = model;
  const i = m.import;
  const done = batch.counts.total - batch.counts.pending;
  const rejected = batch.rows.filter((row) => row.status === 'rejected');
  const stays = batch.rows.filter((row) => typeof row.outcome?.mobilityId === 'string');
  return {
    title: i.batchTitle,
    body: html`<h1>${i.batchTitle}</h1>
<p class="muted">${formatDay(batch.createdAt, model.language)}</p>
<div data-batch-status="${paths.batchStatus(batch.id)}" data-batch-state="${batch.status}">
<p><label for="batch-progress">${batch.status === 'running' ? i.running : i.done}</label>
<progress id="batch-progress" max="${Math.max(batch.counts.total, 1)}" value="${done}">${done} / ${batch.counts.total}</progress></p>
<p role="status" data-batch-counts>${i.counts(batch.counts)}</p>
${batch.status === 'running' ? html`<p data-batch-refresh><a href="${paths.batch(batch.id)}">${i.refresh}</a></p>` : ''}
</div>
${
  rejected.length
    ? html`<section aria-labelledby="rejected"><h2 id="rejected">${i.errors}</h2><ul>${rejected.map(
        (row) => html`<li><strong>${i.line(row.line)}</strong><ul>${((row.outcome as RowErrors | null)?.errors ?? []).map(
          (error) => html`<li>${m.common.fieldMessage(model.fieldLabel(error.field), m.rules[(error as { rule?: string }).rule ?? ''] ?? m.common.fieldInvalid)}</li>`,
        )}</ul></li>`,
      )}</ul></section>`
    : ''
}
${
  stays.length
    ? html`<section aria-labelledby="created"><h2 id="created">${i.created}</h2><ul>${stays.map(
        (row) => html`<li><a href="${paths.stay(String(row.outcome!.mobilityId))}">${i.viewStay(row.line)}</a></li>`,
      )}</ul></section>`
    : ''
}`,
  };
}
