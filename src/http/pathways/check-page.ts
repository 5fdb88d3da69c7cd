import { ECHELLE_LEVELS, FRENCH_SKILL_NAMES, FRENCH_SKILLS, echelleStage, type FrenchSkill } from '../../domain/pathways.js';
import type { ElementCheck, PathwayCheck, SubmittedCredentialView } from '../../services/pathways.js';
import { MESSAGES } from '../pages/messages.js';
import { html, type Html } from '../views/html.js';
import { pageLayout } from '../views/layout.js';
import { formatDate } from '../views/page-kit.js';
import { PATHWAY_MESSAGES, type PathwayMessages } from './messages.js';

export type PathwayLanguage = keyof typeof PATHWAY_MESSAGES;
export const PATHWAY_PAGE_LANGUAGES: readonly PathwayLanguage[] = ['fr', 'en'];

export interface PathwayCheckPageModel {
  language: PathwayLanguage;
  pageUrl: string;
  /** What was submitted, shown again in the form. */
  submitted: string;
  check?: PathwayCheck;
  /** The rule a refused submission broke (one-prescription, prescription-hosted-here…). */
  refusal?: string;
}

/** The order's check: the form, and once submitted, the prescription's elements one by one. */
export function renderPathwayCheckPage(model: PathwayCheckPageModel): Html {
  const m = PATHWAY_MESSAGES[model.language];
  const refusal = model.refusal === undefined ? undefined : (m.refusals[model.refusal as keyof PathwayMessages['refusals']] ?? m.refusals.other);
  return pageLayout({
    language: model.language,
    pageUrl: model.pageUrl,
    title: m.title,
    languages: PATHWAY_PAGE_LANGUAGES,
    skipTo: model.check ? { href: '#result', label: m.skipToResult } : undefined,
    body: html`<h1>${m.title}</h1>
${model.check ? checkResult(model.check, model.language) : html`<p>${m.intro}</p>`}
${refusal !== undefined && html`<p class="form-error" role="alert">${refusal}</p>`}
<form method="post" action="/pathways/check?lang=${model.language}">
<label for="credentials">${m.formLabel}</label>
<p class="hint" id="credentials-hint">${m.formHint}</p>
<textarea id="credentials" class="code" name="credentials" spellcheck="false" aria-describedby="credentials-hint">${model.submitted}</textarea>
<p><button type="submit">${m.checkButton}</button></p>
</form>
<p class="hint">${m.apiNote}</p>`,
  });
}

function checkResult(check: PathwayCheck, language: PathwayLanguage): Html {
  const m = PATHWAY_MESSAGES[language];
  const { prescription, summary } = check;
  const prescriptionValid = prescription.verdict === 'valid';
  const tone = !prescriptionValid ? 'bad' : summary.satisfied === summary.prescribed ? 'good' : 'warn';
  return html`<section id="result" tabindex="-1" aria-labelledby="result-heading" class="verdict ${tone}">
<h2 id="result-heading">${m.summary(summary)}</h2>
${!prescriptionValid && html`<p>${m.prescriptionNotValid} (${MESSAGES[language].verdicts[prescription.verdict].title})</p>`}
</section>
<h2>${m.prescriptionHeading}</h2>
<dl>
<dt>${m.order}</dt><dd>${prescription.orderName ?? prescription.issuer}</dd>
<dt>${m.profession}</dt><dd>${prescription.profession}</dd>
<dt>${m.decisionLabel}</dt><dd>${m.decision(prescription.decisionReference, formatDate(prescription.decisionDate, language))}</dd>
<dt>${MESSAGES[language].verdictHeading}</dt><dd>${MESSAGES[language].verdicts[prescription.verdict].title}</dd>
<dt>${m.candidate}</dt><dd>${m.candidateNote}</dd>
</dl>
<h2>${m.elementsHeading}</h2>
<ol class="elements">${check.elements.map((element) => elementItem(element, language))}</ol>
${check.unrelated.length > 0 &&
html`<h2>${m.unrelatedHeading}</h2>
<ul>${check.unrelated.map((item) => html`<li>${m.submittedItem(item.index)}${item.name ? html` — ${item.name}` : false} — ${m.unrelatedReasons[item.reason]}</li>`)}</ul>`}`;
}

function elementItem(element: ElementCheck, language: PathwayLanguage): Html {
  const m = PATHWAY_MESSAGES[language];
  const by = element.satisfiedBy;
  return html`<li class="element ${element.outcome}">
<h3><span class="outcome">${m.outcomes[element.outcome]}</span> ${element.competencyCode} — ${element.title}</h3>
<p class="hint">${m.elementKinds[element.kind]} · ${m.terms(element.hours, element.stageRequired, formatDate(element.deadline, language))}<br>${m.competency(element.competencyCode, element.referential.name)}</p>
${by &&
html`<p>${m.satisfiedBy} ${credentialLine(by, language)} — ${m.signatureVerified}${by.afterDeadline ? html` · <strong>${m.afterDeadline}</strong>` : false}.</p>
${Object.keys(by.frenchLevels).length > 0 && frenchLevels(by.frenchLevels, language)}`}
${element.refused.length > 0 &&
html`<p>${m.refusedCredentials}</p>
<ul>${element.refused.map(
  (refused) =>
    html`<li>${credentialLine(refused, language)} — <strong>${refused.reasons.map((reason) => (reason === 'not-verified' ? `${m.reasons[reason]} (${MESSAGES[language].verdicts[refused.verdict].title})` : m.reasons[reason])).join(' · ')}</strong></li>`,
)}</ul>`}
</li>`;
}

function credentialLine(credential: SubmittedCredentialView, language: PathwayLanguage): Html {
  const m = PATHWAY_MESSAGES[language];
  return html`<strong>${credential.name ?? m.submittedItem(credential.index)}</strong>${credential.issuerName ? html`, ${credential.issuerName}` : false}${credential.completedOn ? html`, ${m.completedOn(formatDate(credential.completedOn, language))}` : false}`;
}

function frenchLevels(levels: Partial<Record<FrenchSkill, number>>, language: PathwayLanguage): Html {
  const m = PATHWAY_MESSAGES[language];
  return html`<dl aria-label="${m.frenchLevels}">${FRENCH_SKILLS.filter((skill) => levels[skill] !== undefined).map(
    (skill) => html`<dt>${FRENCH_SKILL_NAMES[skill][language]}</dt><dd>${levels[skill]!} / ${ECHELLE_LEVELS.length} (${echelleStage(levels[skill]!, language)})</dd>`,
  )}</dl>`;
}
