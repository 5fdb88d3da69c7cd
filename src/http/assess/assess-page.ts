import { CEFR_LEVELS } from '../../domain/cefr.js';
import { MENTOR_LANGUAGES, MENTOR_LIMITS, type MentorAnswer, type MentorFieldError, type MentorForm, type MentorGrid, type MentorLanguage } from '../../domain/mentor-assessment.js';
import type { MobilityRecord } from '../../domain/mobility.js';
import { SKILL_AREAS, SKILL_LEVELS, type SkillArea } from '../../domain/mobility-achievements.js';
import type { IssuerProfileInput } from '../../domain/open-badges.js';
import { COMPETENCE_LEVELS, type UfmScheme } from '../../domain/ufm.js';
import { attrs, html, type Html } from '../views/html.js';
import { pageLayout } from '../views/layout.js';
import { ASSESS_MESSAGES, type AssessMessages } from './messages.js';

/**
 * The host mentor's page, made for a phone: every fixed text in the mentor's language with the French beside
 * it (marked with its language), what the school wrote as written. The document's language is French (the
 * school's form); each text in the mentor's language carries its own lang=.
 */

export interface AssessPageModel {
  language: MentorLanguage;
  /** The page's absolute URL (its path is the link). */
  pageUrl: string;
  record: MobilityRecord;
  school: IssuerProfileInput;
  scheme: UfmScheme;
  grid: MentorGrid;
  outcomeTranslations: string[] | undefined;
  /** The school's question, when it returned an earlier answer. */
  question: string | null;
  /** What the mentor typed (after a refused submission, or an answer returned), shown again. */
  values: MentorForm;
  errors: MentorFieldError[];
}

/** One fixed text in both languages: the mentor's first, the French beside it (once if they are the same). */
function both(language: MentorLanguage, words: (m: AssessMessages) => string): Html {
  const mine = words(ASSESS_MESSAGES[language]);
  const french = words(ASSESS_MESSAGES.fr);
  return html`<span class="pair"><span lang="${ASSESS_MESSAGES[language].tag}">${mine}</span>${mine === french ? false : html` <span lang="fr" class="fr">${french}</span>`}</span>`;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

function layout(model: { language: MentorLanguage; pageUrl: string; school: IssuerProfileInput | undefined }, title: string, body: Html): Html {
  const m = ASSESS_MESSAGES[model.language];
  return pageLayout({
    language: 'fr',
    pageUrl: model.pageUrl,
    title,
    languages: [],
    navigation: languageSwitch(model.language, model.pageUrl),
    skipTo: { href: '#assess', label: `${m.title} / ${ASSESS_MESSAGES.fr.title}` },
    footer: model.school ? schoolContact(model.language, model.school) : html`<span></span>`,
    body,
  });
}

function languageSwitch(current: MentorLanguage, pageUrl: string): Html {
  const path = new URL(pageUrl).pathname;
  return html`<nav aria-label="${ASSESS_MESSAGES[current].languages} / ${ASSESS_MESSAGES.fr.languages}"><ul>${MENTOR_LANGUAGES.map(
    (language) =>
      html`<li><a href="${path}?lang=${language}" hreflang="${ASSESS_MESSAGES[language].tag}" lang="${ASSESS_MESSAGES[language].tag}"${attrs({ 'aria-current': language === current ? 'true' : undefined })}>${ASSESS_MESSAGES[language].languageName}</a></li>`,
  )}</ul></nav>`;
}

function schoolContact(language: MentorLanguage, school: IssuerProfileInput): Html {
  // The name on its own line: on a phone the French label wraps under the mentor's, and a colon would start a line.
  return html`<p>${both(language, (m) => m.school)}<br><strong>${school.name}</strong>${school.email ? html` — <a href="mailto:${school.email}">${school.email}</a>` : false}${school.url ? html` — <a href="${school.url}" rel="noopener">${school.url}</a>` : false}</p>`;
}

function date(value: string, language: MentorLanguage): string {
  return new Intl.DateTimeFormat(ASSESS_MESSAGES[language].tag, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
}

function stayBlock(model: AssessPageModel): Html {
  const { record, language } = model;
  const country = new Intl.DisplayNames([ASSESS_MESSAGES[language].tag], { type: 'region' }).of(record.hostOrganisation.countryCode);
  return html`<dl class="stay">
<dt>${both(language, (m) => m.learner)}</dt><dd>${record.participant.name ?? record.participant.email}${record.participant.qualification ? html`<br>${record.participant.qualification.title}` : false}</dd>
<dt>${both(language, (m) => m.stay)}</dt><dd lang="${ASSESS_MESSAGES[language].tag}">${date(record.startDate, language)} – ${date(record.endDate, language)}</dd>
<dt>${both(language, (m) => m.host)}</dt><dd>${record.hostOrganisation.legalName}<br>${record.hostOrganisation.city}, ${country}</dd>
<dt>${both(language, (m) => m.school)}</dt><dd>${model.school.name}</dd>
</dl>`;
}

/** The error summary: each field at fault, linked, with what to do, in both languages. */
function errorSummary(model: AssessPageModel, labels: Map<string, Html>): Html | false {
  if (model.errors.length === 0) return false;
  return html`<div class="error-summary" role="alert" id="errors" tabindex="-1"><p>${both(model.language, (m) => m.errorsTitle)}</p><ul>${model.errors.map(
    (error) => html`<li><a href="#${error.field}">${labels.get(error.field) ?? error.field}</a> — ${both(model.language, (m) => m.problems[error.problem])}</li>`,
  )}</ul></div>`;
}

function fieldError(model: AssessPageModel, field: string): Html | false {
  const error = model.errors.find((entry) => entry.field === field);
  return error ? html`<p class="field-error" id="${field}-error">${both(model.language, (m) => m.problems[error.problem])}</p>` : false;
}

const invalid = (model: AssessPageModel, field: string) => attrs({ 'aria-invalid': model.errors.some((error) => error.field === field) ? 'true' : undefined, 'aria-describedby': model.errors.some((error) => error.field === field) ? `${field}-error` : undefined });

function select(model: AssessPageModel, field: string, label: Html, empty: Html | undefined, options: { value: string; label: Html }[], required = false): Html {
  const current = first(model.values[field]);
  return html`<div class="field"><label for="${field}">${label}</label>${fieldError(model, field)}<select id="${field}" name="${field}"${attrs({ required })}${invalid(model, field)}>${
    empty ? html`<option value="">${empty}</option>` : html`<option value=""></option>`
  }${options.map((option) => html`<option value="${option.value}"${attrs({ selected: option.value === current })}>${option.label}</option>`)}</select></div>`;
}

/** Plain text of a pair, for an <option> (which holds no markup). */
function plain(language: MentorLanguage, words: (m: AssessMessages) => string): string {
  const mine = words(ASSESS_MESSAGES[language]);
  const french = words(ASSESS_MESSAGES.fr);
  return mine === french ? mine : `${mine} / ${french}`;
}

/** The grid, filled with what the mentor typed so far. */
export function renderAssessPage(model: AssessPageModel): Html {
  const { language, grid, record } = model;
  const m = ASSESS_MESSAGES[language];
  const labels = new Map<string, Html>();
  const skills = (Object.keys(SKILL_AREAS) as SkillArea[]).map((area) => {
    const label = both(language, (words) => words.skillAreas[area]);
    labels.set(`skill-${area}`, label);
    return select(model, `skill-${area}`, label, html`${plain(language, (words) => words.notAssessed)}`, SKILL_LEVELS.map((level) => ({ value: level, label: html`${plain(language, (words) => words.levels[level])}` })));
  });
  const outcomes = record.plannedLearningOutcomes.map((outcome, index) => {
    const translation = model.outcomeTranslations?.[index];
    const field = `outcome-${index}`;
    labels.set(field, html`${outcome.title}`);
    return html`<div class="check"><input type="checkbox" id="${field}" name="${field}" value="achieved"${attrs({ checked: first(model.values[field]) === 'achieved' })}><label for="${field}"><span lang="fr">${outcome.title}</span>${
      translation ? html` <span class="fr" lang="${m.tag}">${translation}</span>` : false
    } — ${both(language, (words) => words.outcomeReached)}</label></div>`;
  });
  const ufm = grid.ufm
    ? html`<fieldset><legend>${both(language, (words) => words.ufm)}</legend><p class="hint">${both(language, (words) => words.ufmHint)}</p>
${grid.ufm.competences.map((code) => {
  const schemeName = model.scheme.competences.find((competence) => competence.code === code)?.name;
  // The shipped wording in the mentor's language; a school's own wording as it wrote it (French, English).
  const label = html`${code} — ${both(language, (words) => words.competences[code] ?? (language === 'en' ? (schemeName?.en ?? code) : (schemeName?.fr ?? code)))}`;
  labels.set(`competence-${code}`, label);
  return select(model, `competence-${code}`, label, undefined, COMPETENCE_LEVELS.map((level) => ({ value: level, label: html`${plain(language, (words) => words.competenceLevels[level])}` })), true);
})}
<div class="field"><label for="part1">${both(language, (words) => words.part1Mark(grid.ufm!.part1Points))}</label>${fieldError(model, 'part1')}<input type="text" inputmode="decimal" id="part1" name="part1" size="5" required value="${first(model.values.part1)}"${invalid(model, 'part1')}></div>
</fieldset>`
    : false;
  labels.set('part1', both(language, (words) => words.part1Mark(grid.ufm?.part1Points ?? 0)));
  const languageName = (tag: string) => new Intl.DisplayNames([tag], { type: 'language' }).of(grid.cefrLanguage ?? '') ?? grid.cefrLanguage ?? '';
  const cefrLabel = html`<span class="pair"><span lang="${m.tag}">${m.cefrLabel(languageName(m.tag))}</span> <span lang="fr" class="fr">${ASSESS_MESSAGES.fr.cefrLabel(languageName('fr'))}</span></span>`;
  labels.set('cefr', cefrLabel);
  const cefr = grid.cefrLanguage
    ? html`<fieldset><legend>${both(language, (words) => words.cefr)}</legend>${select(model, 'cefr', cefrLabel, html`${plain(language, (words) => words.notObserved)}`, CEFR_LEVELS.map((level) => ({ value: level, label: html`${level}` })))}</fieldset>`
    : false;
  for (const [field, words] of [
    ['comment', (x: AssessMessages) => x.comment],
    ['signature-name', (x: AssessMessages) => x.signatureName],
    ['signature-role', (x: AssessMessages) => x.signatureRole],
    ['confirm', (x: AssessMessages) => x.signature],
  ] as const) {
    labels.set(field, both(language, words));
  }
  const mentor = record.hostOrganisation.mentor;
  const value = (field: string, fallback: string) => (field in model.values ? first(model.values[field]) : fallback);

  const body = html`<section id="assess" tabindex="-1" aria-labelledby="assess-title">
<h1 id="assess-title">${both(language, (words) => words.title)}</h1>
<p>${both(language, (words) => words.intro(record.participant.name ?? record.participant.email, model.school.name))}</p>
${stayBlock(model)}
${model.question ? html`<div class="notice" role="status"><p><strong>${both(language, (words) => words.question)}</strong></p><p>${model.question}</p></div>` : false}
${errorSummary(model, labels)}
<form method="post" action="${new URL(model.pageUrl).pathname}?lang=${language}#errors" class="grid-form">
<fieldset><legend>${both(language, (words) => words.skills)}</legend><p class="hint">${both(language, (words) => words.skillsHint)}</p>${skills}</fieldset>
${outcomes.length > 0 ? html`<fieldset><legend>${both(language, (words) => words.outcomes)}</legend>${outcomes}</fieldset>` : false}
${ufm}
${cefr}
<div class="field"><label for="comment">${both(language, (words) => words.comment)}</label><p class="hint" id="comment-hint">${both(language, (words) => words.commentHint(MENTOR_LIMITS.comment))}</p>${fieldError(
    model,
    'comment',
  )}<textarea id="comment" name="comment" maxlength="${MENTOR_LIMITS.comment}"${invalid(model, 'comment')}>${first(model.values.comment)}</textarea></div>
<fieldset><legend>${both(language, (words) => words.signature)}</legend>
<div class="field"><label for="signature-name">${both(language, (words) => words.signatureName)}</label>${fieldError(model, 'signature-name')}<input type="text" id="signature-name" name="signature-name" autocomplete="name" required maxlength="${MENTOR_LIMITS.name}" value="${value('signature-name', mentor.name)}"${invalid(model, 'signature-name')}></div>
<div class="field"><label for="signature-role">${both(language, (words) => words.signatureRole)}</label>${fieldError(model, 'signature-role')}<input type="text" id="signature-role" name="signature-role" autocomplete="organization-title" required maxlength="${MENTOR_LIMITS.role}" value="${value('signature-role', mentor.role)}"${invalid(model, 'signature-role')}></div>
${fieldError(model, 'confirm')}<div class="check"><input type="checkbox" id="confirm" name="confirm" value="yes" required${attrs({ checked: first(model.values.confirm) === 'yes' })}${invalid(model, 'confirm')}><label for="confirm">${both(language, (words) => words.confirm)}</label></div>
</fieldset>
<button type="submit" name="step" value="review">${both(language, (words) => words.review)}</button>
</form>
</section>`;
  return layout(model, `${m.title} — ${record.participant.name ?? ''}`, body);
}

/** The answer as the mentor will sign it, with the form's values carried along: sign and send, or change. */
export function renderReviewPage(model: AssessPageModel, answer: MentorAnswer): Html {
  const { language, record } = model;
  const rows: Html[] = [];
  for (const [area, level] of Object.entries(answer.skills)) {
    rows.push(html`<dt>${both(language, (m) => m.skillAreas[area as SkillArea])}</dt><dd>${both(language, (m) => m.levels[level])}</dd>`);
  }
  for (const index of answer.outcomesAchieved) rows.push(html`<dt>${both(language, (m) => m.outcomeReached)}</dt><dd lang="fr">${record.plannedLearningOutcomes[index]?.title}</dd>`);
  if (answer.ufm) {
    for (const [code, level] of Object.entries(answer.ufm.competences)) rows.push(html`<dt>${code}</dt><dd>${both(language, (m) => m.competenceLevels[level])}</dd>`);
    rows.push(html`<dt>${both(language, (m) => m.part1Mark(model.grid.ufm?.part1Points ?? 0))}</dt><dd>${answer.ufm.part1}</dd>`);
  }
  if (answer.cefr) rows.push(html`<dt>${both(language, (m) => m.cefr)}</dt><dd>${answer.cefr.level}</dd>`);
  if (answer.comment) rows.push(html`<dt>${both(language, (m) => m.comment)}</dt><dd class="comment">${answer.comment}</dd>`);
  rows.push(html`<dt>${both(language, (m) => m.signature)}</dt><dd>${answer.signature.name} — ${answer.signature.role}</dd>`);
  const hidden = Object.entries(model.values).flatMap(([name, value]) => (name === 'step' ? [] : [html`<input type="hidden" name="${name}" value="${first(value)}">`]));
  const body = html`<section id="assess" tabindex="-1" aria-labelledby="assess-title">
<h1 id="assess-title">${both(language, (m) => m.reviewTitle)}</h1>
<p class="notice">${both(language, (m) => m.reviewIntro)}</p>
${stayBlock(model)}
<dl class="review">${rows}</dl>
<form method="post" action="${new URL(model.pageUrl).pathname}?lang=${language}">
${hidden}
<button type="submit" name="step" value="submit">${both(language, (m) => m.submit)}</button>
<button type="submit" name="step" value="edit" class="secondary">${both(language, (m) => m.change)}</button>
</form>
</section>`;
  return layout(model, ASSESS_MESSAGES[language].reviewTitle, body);
}

export function renderThanksPage(options: { language: MentorLanguage; pageUrl: string; school: IssuerProfileInput }): Html {
  const { language } = options;
  return layout(
    options,
    ASSESS_MESSAGES[language].thanksTitle,
    html`<section id="assess" tabindex="-1" aria-labelledby="assess-title"><h1 id="assess-title">${both(language, (m) => m.thanksTitle)}</h1><p>${both(language, (m) => m.thanks(options.school.name))}</p></section>`,
  );
}

/** An expired, used, withdrawn or unknown link: what happened, and how to reach the school. */
export function renderClosedLinkPage(options: { language: MentorLanguage; pageUrl: string; reason: keyof AssessMessages['closed']; school: IssuerProfileInput | undefined }): Html {
  const { language, school } = options;
  return layout(
    { language, pageUrl: options.pageUrl, school: undefined },
    ASSESS_MESSAGES[language].closed[options.reason],
    html`<section id="assess" tabindex="-1" aria-labelledby="assess-title"><h1 id="assess-title">${both(language, (m) => m.closed[options.reason])}</h1>${
      school ? html`<p>${both(language, (m) => m.contact(school.name))}</p>${schoolContact(language, school)}` : false
    }</section>`,
  );
}
