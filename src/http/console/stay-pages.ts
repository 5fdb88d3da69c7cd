import { html, type Html } from '../views/html.js';
import { PROGRAMMES, STAY_PROGRESS, type StayProgress } from '../../domain/mobility.js';
import { SKILL_AREAS, type MobilityAssessment } from '../../domain/mobility-achievements.js';
import type { MobilitySummary, MobilityView, WithheldCredential } from '../../services/mobilities.js';
import type { CredentialSummary } from '../../services/credential-listing.js';
import { csrfField, formErrorSummary, inputField, optionsOf, type FormError } from './form-kit.js';
import { scrollingTable } from './layout.js';
import type { FormValues } from './form-codec.js';
import { countryOptions, languageName, type FormSpec } from './stay-forms.js';
import { countryName } from '../../domain/places.js';
import { formatDay, workPaths, WORK_ROUTES } from './work-paths.js';
import type { WorkLanguage, WorkMessages } from './work-messages.js';

/** The console's pages about stays: pure functions of their model, each the content of the page's main. */

export interface WorkPage {
  title: string;
  body: Html;
}

interface Base {
  m: WorkMessages;
  language: WorkLanguage;
}

function participantName(stay: Pick<MobilityView, 'record'>): string {
  return stay.record.participant.name ?? stay.record.participant.email;
}

function notice(text: string | undefined): Html | undefined {
  return text ? html`<p class="notice" role="status">${text}</p>` : undefined;
}

function progressTag(progress: StayProgress, m: WorkMessages): Html {
  return html`<span class="tag tag-${progress}">${m.progress[progress]}</span>`;
}

/** Where a stay's next step is done, when it is a part of its page: the mentor's answer is reviewed in its section. */
function nextStepHref(stay: Pick<MobilitySummary, 'id' | 'progress'>, language: WorkLanguage): string | undefined {
  return stay.progress === 'answer-to-review' ? `${workPaths(language).stay(stay.id)}#mentor` : undefined;
}

/** A form's groups of inputs: a group of one input is the input alone (its label says it all). */
export function formGroups(spec: FormSpec, values: FormValues, errors: readonly FormError[], m: WorkMessages): Html {
  return html`${spec.groups.map((group) =>
    group.inputs.length === 1
      ? inputField(group.inputs[0]!, values, errors, m)
      : html`<fieldset><legend>${group.legend}</legend>${group.inputs.map((input) => inputField(input, values, errors, m))}</fieldset>`,
  )}`;
}

/**
 * The home page's part about the school's stays: how many at each step, and what needs doing next; the
 * mentors' answers waiting for review are each a link to their stay's mentor section (`toReview`, the first few).
 */
export function renderHomeSection(model: Base & { schoolName: string; counts: Record<StayProgress, number>; toReview: readonly MobilitySummary[]; canIssue: boolean }): Html {
  const paths = workPaths(model.language);
  const { m, counts } = model;
  const total = STAY_PROGRESS.reduce((sum, progress) => sum + counts[progress], 0);
  const pending = STAY_PROGRESS.filter((progress) => progress !== 'issued' && counts[progress] > 0);
  const listOf = (progress: StayProgress) => `${paths.stays}&progress=${progress}`;
  return html`<section aria-labelledby="by-state"><h2 id="by-state">${m.home.heading(model.schoolName)}</h2>
<ul class="stat-cards">${STAY_PROGRESS.map(
    (progress) => html`<li><a class="tag-${progress}" href="${listOf(progress)}"><span class="stat-number">${counts[progress]}</span> <span class="stat-label">${m.progress[progress]}</span></a></li>`,
  )}</ul></section>
<section aria-labelledby="next"><h2 id="next">${m.home.next}</h2>
${
  total === 0
    ? html`<p>${m.home.nothing}</p>`
    : html`<ul class="next-steps">${pending.map(
        (progress) => html`<li><a href="${listOf(progress)}">${m.home.stays(counts[progress])} — ${m.progress[progress]}</a>. ${m.nextStep[progress]}${
          progress === 'answer-to-review' && model.toReview.length > 0
            ? html`<ul>${model.toReview.map((stay) => html`<li><a href="${nextStepHref(stay, model.language)}">${m.home.answerOf(participantName(stay))}</a></li>`)}${
                counts[progress] > model.toReview.length ? html`<li>${m.home.moreToReview(counts[progress] - model.toReview.length)}</li>` : ''
              }</ul>`
            : ''
        }</li>`,
      )}${
        pending.length === 0 ? html`<li>${m.nextStep.issued}</li>` : ''
      }</ul>`
}
${model.canIssue ? html`<p class="actions"><a class="button" href="${paths.newStay}">${m.home.record}</a> <a class="button secondary" href="${paths.importStays}">${m.home.import}</a></p>` : ''}
</section>`;
}

export type StayFilters = Partial<Record<'q' | 'year' | 'class' | 'programme' | 'country' | 'progress', string>>;

export function renderStaysPage(
  model: Base & { filters: StayFilters; stays: MobilitySummary[]; nextHref: string | undefined; csrfToken: string; canIssue: boolean; errors: readonly FormError[]; jurySessions: readonly number[] },
): WorkPage {
  const paths = workPaths(model.language);
  const { m, filters } = model;
  const s = m.stays;
  const values: FormValues = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) as FormValues;
  const filterInputs = [
    { pointer: 'q', label: s.q, control: 'text' as const },
    { pointer: 'year', label: s.year, control: 'number' as const },
    { pointer: 'class', label: s.class, control: 'text' as const },
    { pointer: 'programme', label: s.programme, control: 'select' as const, options: optionsOf(PROGRAMMES, m.programmes, m.common.any) },
    { pointer: 'country', label: s.country, control: 'select' as const, options: [{ value: '', label: m.common.any }, ...countryOptions(model.language)] },
    { pointer: 'progress', label: s.state, control: 'select' as const, options: optionsOf(STAY_PROGRESS, m.progress, m.common.any) },
  ];
  const rows = model.stays.map(
    (stay) => html`<tr>
${model.canIssue ? html`<td><input type="checkbox" name="stay" value="${stay.id}" id="select-${stay.id}" aria-label="${s.select(participantName(stay))}"></td>` : ''}
<th scope="row"><a href="${paths.stay(stay.id)}">${participantName(stay)}</a>${stay.record.participant.class ? html`<br><small>${stay.record.participant.class}</small>` : ''}</th>
<td>${formatDay(stay.record.startDate, model.language)} – ${formatDay(stay.record.endDate, model.language)}</td>
<td>${stay.record.hostOrganisation.legalName}<br><small>${stay.record.hostOrganisation.city}, ${countryName(stay.record.hostOrganisation.countryCode, model.language)}</small></td>
<td>${m.programmes[stay.record.programme]}</td>
<td>${nextStepHref(stay, model.language) ? html`<a href="${nextStepHref(stay, model.language)}">${progressTag(stay.progress, m)}</a>` : progressTag(stay.progress, m)}</td>
</tr>`,
  );
  const table = scrollingTable({ label: s.title }, html`<table>
<caption>${s.count(model.stays.length, model.nextHref !== undefined)}</caption>
<thead><tr>${model.canIssue ? html`<td></td>` : ''}<th scope="col">${s.participant}</th><th scope="col">${s.dates}</th><th scope="col">${s.host}</th><th scope="col">${s.programme}</th><th scope="col">${s.state}</th></tr></thead>
<tbody>${rows}</tbody></table>`);
  return {
    title: s.title,
    body: html`<h1>${s.title}</h1>
${formErrorSummary(model.errors, m)}
${model.canIssue ? html`<p class="actions"><a class="button" href="${paths.newStay}">${s.record}</a> <a class="button secondary" href="${paths.importStays}">${s.import}</a></p>` : ''}
<form method="get" action="${paths.stays}" class="filters"><input type="hidden" name="lang" value="${model.language}"><fieldset><legend>${s.find}</legend>
<div class="filter-grid">${filterInputs.map((input) => inputField(input, values, [], m))}</div>
<button type="submit">${m.common.show}</button></fieldset></form>
${
  model.stays.length === 0
    ? html`<p>${s.empty}</p>`
    : model.canIssue
      ? html`<form method="post" action="${paths.issueGroup}" data-group-issue data-progress-label="${m.groupIssue.progress}" data-issued-label="${m.groupIssue.issuedTemplate}" data-already-label="${m.groupIssue.already}" data-failed-label="${m.groupIssue.failed} — ${m.conflicts.notAssessed}">${csrfField(model.csrfToken)}${table}
<div class="field"><label for="group-language">${s.issueLanguage}</label><select id="group-language" name="language"><option value="fr"${model.language === 'fr' ? html` selected` : ''}>Français</option><option value="en"${model.language === 'en' ? html` selected` : ''}>English</option></select></div>
<button type="submit">${s.issueSelected}</button></form>`
      : table
}
${model.nextHref ? html`<p><a href="${model.nextHref}" rel="next">${m.common.nextPage}</a></p>` : ''}
<section aria-labelledby="ufm-jury"><h2 id="ufm-jury">${s.juryHeading}</h2><p>${s.juryIntro}</p>
<form method="get" action="${WORK_ROUTES.ufmJury}"><input type="hidden" name="lang" value="${model.language}">
<div class="field"><label for="jury-session">${s.jurySession}</label><select id="jury-session" name="session">${model.jurySessions.map((session, index) => html`<option value="${session}"${index === 0 ? html` selected` : ''}>${session}</option>`)}</select></div>
<p class="actions"><button type="submit" name="format" value="pdf" class="secondary">${s.juryPdf}</button> <button type="submit" name="format" value="csv" class="secondary">${s.juryCsv}</button></p></form></section>`,
  };
}

export function renderStayFormPage(
  model: Base & { mode: 'new' | 'edit' | 'duplicate'; action: string; spec: FormSpec; values: FormValues; errors: readonly FormError[]; csrfToken: string; cancelHref: string },
): WorkPage {
  const { m } = model;
  const f = m.stayForm;
  const title = { new: f.newTitle, edit: f.editTitle, duplicate: f.duplicateTitle }[model.mode];
  return {
    title,
    body: html`<h1>${title}</h1>
${formErrorSummary(model.errors, m)}
${model.mode === 'duplicate' ? html`<p>${f.duplicateIntro}</p>` : ''}
<form method="post" action="${model.action}" novalidate>${csrfField(model.csrfToken)}
${formGroups(model.spec, model.values, model.errors, m)}
<p class="actions"><button type="submit">${model.mode === 'edit' ? f.submitEdit : f.submitNew}</button> <a href="${model.cancelHref}">${m.common.cancel}</a></p>
</form>`,
  };
}

function assessmentSummary(assessment: MobilityAssessment, stay: MobilityView, model: Base): Html {
  const { m, language } = model;
  const skills = Object.entries(assessment.skills ?? {}) as [keyof typeof SKILL_AREAS, keyof WorkMessages['skillLevels']][];
  const reached = (assessment.outcomesAchieved ?? []).map((index) => stay.record.plannedLearningOutcomes[index]?.title).filter(Boolean);
  return html`<dl>
${skills.map(([area, level]) => html`<dt>${SKILL_AREAS[area][language]}</dt><dd>${m.skillLevels[level]}</dd>`)}
${reached.length ? html`<dt>${m.assessment.outcomesReached}</dt><dd><ul>${reached.map((title) => html`<li>${title}</li>`)}</ul></dd>` : ''}
${assessment.language ? html`<dt>${m.assessment.language}</dt><dd>${languageName(assessment.language.code, language)}, ${assessment.language.before ?? '—'} → ${assessment.language.reached}</dd>` : ''}
${assessment.ufm ? html`<dt>${m.assessment.ufm}</dt><dd>${assessment.ufm.part1 ?? '—'} + ${assessment.ufm.part2 ?? '—'}</dd>` : ''}
${assessment.mentorComment ? html`<dt>${m.assessment.mentorComment}</dt><dd>${assessment.mentorComment}</dd>` : ''}
</dl>`;
}

export function renderStayPage(
  model: Base & { stay: MobilitySummary; credentials: CredentialSummary[]; withheld: readonly WithheldCredential[]; notice?: string; canIssue: boolean; csrfToken: string; mentorSection?: Html },
): WorkPage {
  const paths = workPaths(model.language);
  const { m, stay, language } = model;
  const r = stay.record;
  const s = m.stay;
  // Correctable while no credential of the stay stands (none issued, or every one revoked), as the service allows.
  const editable = model.canIssue && model.credentials.every((credential) => credential.status === 'revoked');
  return {
    title: s.title(participantName(stay)),
    body: html`<h1>${s.title(participantName(stay))}</h1>
${notice(model.notice)}
<p>${progressTag(stay.progress, m)} ${stay.progress === 'answer-to-review' ? html`<a href="#mentor">${m.nextStep[stay.progress]}</a>` : m.nextStep[stay.progress]}</p>
${
  model.canIssue
    ? html`<p class="actions">
${stay.assessment ? html`<a class="button" href="${paths.preview(stay.id)}">${s.preview}</a>` : ''}
<a class="button${stay.assessment ? ' secondary' : ''}" href="${paths.assessment(stay.id)}">${stay.assessment ? s.reassess : s.assess}</a>
${editable ? html`<a class="button secondary" href="${paths.editStay(stay.id)}">${s.edit}</a>` : ''}
<a class="button secondary" href="${paths.duplicateStay(stay.id)}">${s.duplicate}</a></p>`
    : ''
}
${
  model.canIssue
    ? html`<details class="group-stays"><summary>${s.group}</summary>
<form method="post" action="${paths.groupStays(stay.id)}">${csrfField(model.csrfToken)}
${inputField({ pointer: 'participants', label: s.groupInput, hint: s.groupIntro, control: 'textarea' }, {}, [], m)}
<button type="submit">${s.groupSubmit}</button></form></details>`
    : ''
}
<section aria-labelledby="record"><h2 id="record">${s.record}</h2><dl>
<dt>${m.stayForm.name}</dt><dd>${r.participant.name ?? '—'} (${m.participantKinds[r.participant.kind]})</dd>
<dt>${m.stayForm.email}</dt><dd>${r.participant.email}</dd>
${r.participant.class ? html`<dt>${m.stayForm.class}</dt><dd>${r.participant.class}</dd>` : ''}
${r.participant.dateOfBirth ? html`<dt>${m.stayForm.dateOfBirth}</dt><dd>${formatDay(r.participant.dateOfBirth, language)}</dd>` : r.participant.minor ? html`<dt>${m.stayForm.minor}</dt><dd>${m.common.yes}</dd>` : ''}
${r.participant.guardianEmail ? html`<dt>${m.stayForm.guardianEmail}</dt><dd>${r.participant.guardianEmail}</dd>` : ''}
${r.participant.qualification ? html`<dt>${m.stayForm.qualification}</dt><dd>${r.participant.qualification.title}</dd>` : ''}
<dt>${m.stayForm.type}</dt><dd>${m.stayTypes[r.type]} — ${m.programmes[r.programme]}</dd>
<dt>${m.stays.dates}</dt><dd>${formatDay(r.startDate, language)} – ${formatDay(r.endDate, language)} (${s.days(stay.durationDays)})</dd>
<dt>${m.stayForm.host}</dt><dd>${r.hostOrganisation.legalName}, ${r.hostOrganisation.city}, ${countryName(r.hostOrganisation.countryCode, language)}</dd>
<dt>${m.stayForm.mentor}</dt><dd>${r.hostOrganisation.mentor.name}, ${r.hostOrganisation.mentor.role} — ${r.hostOrganisation.mentor.email}</dd>
<dt>${s.languages}</dt><dd>${r.workingLanguages.map((code) => languageName(code, language)).join(', ')}</dd>
${r.plannedLearningOutcomes.length ? html`<dt>${s.outcomes}</dt><dd><ul>${r.plannedLearningOutcomes.map((outcome) => html`<li>${outcome.title}</li>`)}</ul></dd>` : ''}
</dl></section>
<section aria-labelledby="assessment"><h2 id="assessment">${s.assessment}</h2>
${stay.assessment && stay.assessedAt ? html`<p>${s.assessedOn(formatDay(stay.assessedAt, language))}</p>${assessmentSummary(stay.assessment, stay, model)}` : html`<p>${s.notAssessed}</p>`}
</section>
${model.mentorSection ?? ''}
<section aria-labelledby="credentials"><h2 id="credentials">${s.credentials}</h2>
${
  model.credentials.length
    ? html`<ul>${model.credentials.map(
        (credential) => html`<li><a href="${paths.credential(credential.id)}">${credential.name}</a> — ${m.credentialStates[(credential.status ?? 'active') as keyof WorkMessages['credentialStates']]}</li>`,
      )}</ul>`
    : html`<p>${s.noCredentials}</p>`
}
${model.withheld.map((entry) => html`<p class="hint" data-withheld="${entry.kind}">${m.common.fieldMessage(`${m.credentialKinds[entry.kind]} — ${m.preview.withheld}`, m.rules[entry.rule] ?? entry.message)}</p>`)}
</section>`,
  };
}

export function renderAssessmentPage(
  model: Base & { stay: MobilityView; action: string; spec: FormSpec; values: FormValues; errors: readonly FormError[]; csrfToken: string },
): WorkPage {
  const paths = workPaths(model.language);
  const { m, stay } = model;
  const a = m.assessment;
  return {
    title: a.title(participantName(stay)),
    body: html`<h1>${a.title(participantName(stay))}</h1>
${formErrorSummary(model.errors, m)}
<p>${a.intro}</p>
${stay.ufmApplies ? '' : html`<p class="hint">${a.ufmNotApplicable}</p>`}
<form method="post" action="${model.action}" novalidate>${csrfField(model.csrfToken)}
${formGroups(model.spec, model.values, model.errors, m)}
<p class="actions"><button type="submit">${a.submit}</button> <a href="${paths.stay(stay.id)}">${m.common.cancel}</a></p>
</form>`,
  };
}

export interface GroupStayOutcome {
  line: number;
  name: string;
  /** The stay recorded (or found recorded before); undefined when the line is refused. */
  stayId: string | undefined;
  created: boolean;
}

/** The stays a group duplication recorded, line by line. */
export function renderGroupStaysPage(model: Base & { outcomes: GroupStayOutcome[] }): WorkPage {
  const paths = workPaths(model.language);
  const { m } = model;
  return {
    title: m.stay.groupTitle,
    body: html`<h1>${m.stay.groupTitle}</h1><ul>${model.outcomes.map((outcome) =>
      outcome.stayId
        ? html`<li><a href="${paths.stay(outcome.stayId)}">${outcome.name}</a> — ${outcome.created ? m.stay.groupCreated : m.stay.groupExisting}</li>`
        : html`<li class="field-error">${m.stay.groupRefused(outcome.line)}</li>`,
    )}</ul><p><a href="${paths.stays}">${m.stays.title}</a></p>`,
  };
}
