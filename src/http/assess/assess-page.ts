import { CEFR_LEVELS } from '../../domain/cefr.js';
import { MENTOR_LIMITS, type MentorAnswer, type MentorFieldError, type MentorForm, type MentorGrid } from '../../domain/mentor-assessment.js';
import { intlTag, type ClosedLinkReason } from '../../domain/mentor-grid-texts.js';
import type { MobilityRecord } from '../../domain/mobility.js';
import { SKILL_AREAS, SKILL_LEVELS, type SkillArea } from '../../domain/mobility-achievements.js';
import type { IssuerProfileInput } from '../../domain/open-badges.js';
import { COMPETENCE_LEVELS, type UfmScheme } from '../../domain/ufm.js';
import { attrs, html, type Html } from '../views/html.js';
import { pageLayout } from '../views/layout.js';
import type { AssessMessages, TextPair } from './messages.js';
import { errorSummary } from '../views/page-kit.js';
import { dayOrInstant, readableDate } from '../../domain/dates.js';

/**
 * The host mentor's page, made for a phone: every fixed text in the mentor's language with the French beside
 * it (marked with its language), what the school wrote as written. The document's language is French (the
 * school's form); each text in the mentor's language carries its own lang=.
 */

/** The page's languages: its words (the mentor's and French), and the others the mentor can switch to. */
export interface PageLanguages {
  texts: TextPair;
  languages: readonly { language: string; name: string }[];
}

export interface AssessPageModel extends PageLanguages {
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
function both(texts: TextPair, words: (m: AssessMessages) => string): Html {
  const mine = words(texts.mine);
  const french = words(texts.fr);
  return html`<span class="pair"><span lang="${texts.mine.tag}">${mine}</span>${mine === french ? false : html` <span lang="fr" class="fr">${french}</span>`}</span>`;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

function layout(model: PageLanguages & { pageUrl: string; school: IssuerProfileInput | undefined }, title: string, body: Html): Html {
  const { texts } = model;
  return pageLayout({
    language: 'fr',
    pageUrl: model.pageUrl,
    title,
    languages: [],
    navigation: languageSwitch(model),
    skipTo: { href: '#assess', label: `${texts.mine.title} / ${texts.fr.title}` },
    footer: model.school ? schoolContact(texts, model.school) : html`<span></span>`,
    body,
  });
}

function languageSwitch(model: PageLanguages & { pageUrl: string }): Html {
  const path = new URL(model.pageUrl).pathname;
  const current = model.texts.mine.tag;
  return html`<nav aria-label="${model.texts.mine.languages} / ${model.texts.fr.languages}"><ul>${model.languages.map(
    ({ language, name }) => html`<li><a href="${path}?lang=${language}" hreflang="${language}" lang="${language}"${attrs({ 'aria-current': language === current ? 'true' : undefined })}>${name}</a></li>`,
  )}</ul></nav>`;
}

function schoolContact(texts: TextPair, school: IssuerProfileInput): Html {
  // The name on its own line: on a phone the French label wraps under the mentor's, and a colon would start a line.
  return html`<p>${both(texts, (m) => m.school)}<br><strong>${school.name}</strong>${school.email ? html` — <a href="mailto:${school.email}">${school.email}</a>` : false}${school.url ? html` — <a href="${school.url}" rel="noopener">${school.url}</a>` : false}</p>`;
}

function date(value: string, texts: TextPair): string {
  return readableDate(dayOrInstant(value), intlTag(texts.mine.tag));
}

function stayBlock(model: AssessPageModel): Html {
  const { record, texts } = model;
  const country = new Intl.DisplayNames([intlTag(texts.mine.tag)], { type: 'region' }).of(record.hostOrganisation.countryCode);
  return html`<dl class="stay">
<dt>${both(texts, (m) => m.learner)}</dt><dd>${record.participant.name ?? record.participant.email}${record.participant.qualification ? html`<br>${record.participant.qualification.title}` : false}</dd>
<dt>${both(texts, (m) => m.stay)}</dt><dd lang="${texts.mine.tag}">${date(record.startDate, texts)} – ${date(record.endDate, texts)}</dd>
<dt>${both(texts, (m) => m.host)}</dt><dd>${record.hostOrganisation.legalName}<br>${record.hostOrganisation.city}, ${country}</dd>
<dt>${both(texts, (m) => m.school)}</dt><dd>${model.school.name}</dd>
</dl>`;
}

/** The error summary: each field at fault, linked, with what to do, in both languages. */
function assessErrorSummary(model: AssessPageModel, labels: Map<string, Html>): Html | undefined {
  return errorSummary(
    model.errors.map((error) => ({ field: error.field, message: html`${labels.get(error.field) ?? error.field} — ${both(model.texts, (m) => m.problems[error.problem])}` })),
    both(model.texts, (m) => m.errorsTitle),
  );
}

function fieldError(model: AssessPageModel, field: string): Html | false {
  const error = model.errors.find((entry) => entry.field === field);
  return error ? html`<p class="field-error" id="${field}-error">${both(model.texts, (m) => m.problems[error.problem])}</p>` : false;
}

const invalid = (model: AssessPageModel, field: string) => attrs({ 'aria-invalid': model.errors.some((error) => error.field === field) ? 'true' : undefined, 'aria-describedby': model.errors.some((error) => error.field === field) ? `${field}-error` : undefined });

function select(model: AssessPageModel, field: string, label: Html, empty: Html | undefined, options: { value: string; label: Html }[], required = false): Html {
  const current = first(model.values[field]);
  return html`<div class="field"><label for="${field}">${label}</label>${fieldError(model, field)}<select id="${field}" name="${field}"${attrs({ required })}${invalid(model, field)}>${
    empty ? html`<option value="">${empty}</option>` : html`<option value=""></option>`
  }${options.map((option) => html`<option value="${option.value}"${attrs({ selected: option.value === current })}>${option.label}</option>`)}</select></div>`;
}

/** Plain text of a pair, for an <option> (which holds no markup). */
function plain(texts: TextPair, words: (m: AssessMessages) => string): string {
  const mine = words(texts.mine);
  const french = words(texts.fr);
  return mine === french ? mine : `${mine} / ${french}`;
}

/** The grid, filled with what the mentor typed so far. */
export function renderAssessPage(model: AssessPageModel): Html {
  const { texts, grid, record } = model;
  const m = texts.mine;
  const labels = new Map<string, Html>();
  const skills = (Object.keys(SKILL_AREAS) as SkillArea[]).map((area) => {
    const label = both(texts, (words) => words.skillAreas[area]);
    labels.set(`skill-${area}`, label);
    return select(model, `skill-${area}`, label, html`${plain(texts, (words) => words.notAssessed)}`, SKILL_LEVELS.map((level) => ({ value: level, label: html`${plain(texts, (words) => words.levels[level])}` })));
  });
  const outcomes = record.plannedLearningOutcomes.map((outcome, index) => {
    const translation = model.outcomeTranslations?.[index];
    const field = `outcome-${index}`;
    labels.set(field, html`${outcome.title}`);
    return html`<div class="check"><input type="checkbox" id="${field}" name="${field}" value="achieved"${attrs({ checked: first(model.values[field]) === 'achieved' })}><label for="${field}"><span lang="fr">${outcome.title}</span>${
      translation ? html` <span class="fr" lang="${m.tag}">${translation}</span>` : false
    } — ${both(texts, (words) => words.outcomeReached)}</label></div>`;
  });
  const ufm = grid.ufm
    ? html`<fieldset><legend>${both(texts, (words) => words.ufm)}</legend><p class="hint">${both(texts, (words) => words.ufmHint)}</p>
${grid.ufm.competences.map((code) => {
  const schemeName = model.scheme.competences.find((competence) => competence.code === code)?.name;
  // The shipped wording in the mentor's language; a school's own wording as it wrote it (French, English).
  const label = html`${code} — ${both(texts, (words) => words.competences[code] ?? (words.tag === 'en' ? (schemeName?.en ?? code) : (schemeName?.fr ?? code)))}`;
  labels.set(`competence-${code}`, label);
  return select(model, `competence-${code}`, label, undefined, COMPETENCE_LEVELS.map((level) => ({ value: level, label: html`${plain(texts, (words) => words.competenceLevels[level])}` })), true);
})}
<div class="field"><label for="part1">${both(texts, (words) => words.part1Mark(grid.ufm!.part1Points))}</label>${fieldError(model, 'part1')}<input type="text" inputmode="decimal" id="part1" name="part1" size="5" required value="${first(model.values.part1)}"${invalid(model, 'part1')}></div>
</fieldset>`
    : false;
  labels.set('part1', both(texts, (words) => words.part1Mark(grid.ufm?.part1Points ?? 0)));
  const languageName = (tag: string) => new Intl.DisplayNames([intlTag(tag)], { type: 'language' }).of(grid.cefrLanguage ?? '') ?? grid.cefrLanguage ?? '';
  const cefrLabel = html`<span class="pair"><span lang="${m.tag}">${m.cefrLabel(languageName(m.tag))}</span> <span lang="fr" class="fr">${texts.fr.cefrLabel(languageName('fr'))}</span></span>`;
  labels.set('cefr', cefrLabel);
  const cefr = grid.cefrLanguage
    ? html`<fieldset><legend>${both(texts, (words) => words.cefr)}</legend>${select(model, 'cefr', cefrLabel, html`${plain(texts, (words) => words.notObserved)}`, CEFR_LEVELS.map((level) => ({ value: level, label: html`${level}` })))}</fieldset>`
    : false;
  for (const [field, words] of [
    ['comment', (x: AssessMessages) => x.comment],
    ['signature-name', (x: AssessMessages) => x.signatureName],
    ['signature-role', (x: AssessMessages) => x.signatureRole],
    ['confirm', (x: AssessMessages) => x.signature],
  ] as const) {
    labels.set(field, both(texts, words));
  }
  const mentor = record.hostOrganisation.mentor;
  const value = (field: string, fallback: string) => (field in model.values ? first(model.values[field]) : fallback);

  const body = html`<section id="assess" tabindex="-1" aria-labelledby="assess-title">
<h1 id="assess-title">${both(texts, (words) => words.title)}</h1>
<p>${both(texts, (words) => words.intro(record.participant.name ?? record.participant.email, model.school.name))}</p>
${stayBlock(model)}
${model.question ? html`<div class="notice" role="status"><p><strong>${both(texts, (words) => words.question)}</strong></p><p>${model.question}</p></div>` : false}
${assessErrorSummary(model, labels)}
<form method="post" action="${new URL(model.pageUrl).pathname}?lang=${texts.mine.tag}#error-summary" class="grid-form">
<fieldset><legend>${both(texts, (words) => words.skills)}</legend><p class="hint">${both(texts, (words) => words.skillsHint)}</p>${skills}</fieldset>
${outcomes.length > 0 ? html`<fieldset><legend>${both(texts, (words) => words.outcomes)}</legend>${outcomes}</fieldset>` : false}
${ufm}
${cefr}
<div class="field"><label for="comment">${both(texts, (words) => words.comment)}</label><p class="hint" id="comment-hint">${both(texts, (words) => words.commentHint(MENTOR_LIMITS.comment))}</p>${fieldError(
    model,
    'comment',
  )}<textarea id="comment" name="comment" maxlength="${MENTOR_LIMITS.comment}"${invalid(model, 'comment')}>${first(model.values.comment)}</textarea></div>
<fieldset><legend>${both(texts, (words) => words.signature)}</legend>
<div class="field"><label for="signature-name">${both(texts, (words) => words.signatureName)}</label>${fieldError(model, 'signature-name')}<input type="text" id="signature-name" name="signature-name" autocomplete="name" required maxlength="${MENTOR_LIMITS.name}" value="${value('signature-name', mentor.name)}"${invalid(model, 'signature-name')}></div>
<div class="field"><label for="signature-role">${both(texts, (words) => words.signatureRole)}</label>${fieldError(model, 'signature-role')}<input type="text" id="signature-role" name="signature-role" autocomplete="organization-title" required maxlength="${MENTOR_LIMITS.role}" value="${value('signature-role', mentor.role)}"${invalid(model, 'signature-role')}></div>
${fieldError(model, 'confirm')}<div class="check"><input type="checkbox" id="confirm" name="confirm" value="yes" required${attrs({ checked: first(model.values.confirm) === 'yes' })}${invalid(model, 'confirm')}><label for="confirm">${both(texts, (words) => words.confirm)}</label></div>
</fieldset>
<button type="submit" name="step" value="review">${both(texts, (words) => words.review)}</button>
</form>
</section>`;
  return layout(model, `${m.title} — ${record.participant.name ?? ''}`, body);
}

/** The answer as the mentor will sign it, with the form's values carried along: sign and send, or change. */
export function renderReviewPage(model: AssessPageModel, answer: MentorAnswer): Html {
  const { texts, record } = model;
  const rows: Html[] = [];
  for (const [area, level] of Object.entries(answer.skills)) {
    rows.push(html`<dt>${both(texts, (m) => m.skillAreas[area as SkillArea])}</dt><dd>${both(texts, (m) => m.levels[level])}</dd>`);
  }
  for (const index of answer.outcomesAchieved) rows.push(html`<dt>${both(texts, (m) => m.outcomeReached)}</dt><dd lang="fr">${record.plannedLearningOutcomes[index]?.title}</dd>`);
  if (answer.ufm) {
    for (const [code, level] of Object.entries(answer.ufm.competences)) rows.push(html`<dt>${code}</dt><dd>${both(texts, (m) => m.competenceLevels[level])}</dd>`);
    rows.push(html`<dt>${both(texts, (m) => m.part1Mark(model.grid.ufm?.part1Points ?? 0))}</dt><dd>${answer.ufm.part1}</dd>`);
  }
  if (answer.cefr) rows.push(html`<dt>${both(texts, (m) => m.cefr)}</dt><dd>${answer.cefr.level}</dd>`);
  if (answer.comment) rows.push(html`<dt>${both(texts, (m) => m.comment)}</dt><dd class="comment">${answer.comment}</dd>`);
  rows.push(html`<dt>${both(texts, (m) => m.signature)}</dt><dd>${answer.signature.name} — ${answer.signature.role}</dd>`);
  const hidden = Object.entries(model.values).flatMap(([name, value]) => (name === 'step' ? [] : [html`<input type="hidden" name="${name}" value="${first(value)}">`]));
  const body = html`<section id="assess" tabindex="-1" aria-labelledby="assess-title">
<h1 id="assess-title">${both(texts, (m) => m.reviewTitle)}</h1>
<p class="notice">${both(texts, (m) => m.reviewIntro)}</p>
${stayBlock(model)}
<dl class="review">${rows}</dl>
<form method="post" action="${new URL(model.pageUrl).pathname}?lang=${texts.mine.tag}">
${hidden}
<button type="submit" name="step" value="submit">${both(texts, (m) => m.submit)}</button>
<button type="submit" name="step" value="edit" class="secondary">${both(texts, (m) => m.change)}</button>
</form>
</section>`;
  return layout(model, texts.mine.reviewTitle, body);
}

export function renderThanksPage(options: PageLanguages & { pageUrl: string; school: IssuerProfileInput }): Html {
  const { texts } = options;
  return layout(
    options,
    texts.mine.thanksTitle,
    html`<section id="assess" tabindex="-1" aria-labelledby="assess-title"><h1 id="assess-title">${both(texts, (m) => m.thanksTitle)}</h1><p>${both(texts, (m) => m.thanks(options.school.name))}</p></section>`,
  );
}

/** An expired, used, withdrawn or unknown link: what happened, and how to reach the school. */
export function renderClosedLinkPage(options: PageLanguages & { pageUrl: string; reason: ClosedLinkReason; school: IssuerProfileInput | undefined }): Html {
  const { texts, school } = options;
  return layout(
    { ...options, school: undefined },
    texts.mine.closed[options.reason],
    html`<section id="assess" tabindex="-1" aria-labelledby="assess-title"><h1 id="assess-title">${both(texts, (m) => m.closed[options.reason])}</h1>${
      school ? html`<p>${both(texts, (m) => m.contact(school.name))}</p>${schoolContact(texts, school)}` : false
    }</section>`,
  );
}
