import { html, type Html } from '../views/html.js';
import { SKILL_AREAS } from '../../domain/mobility-achievements.js';
import type { MentorAssessmentView } from '../../services/mentor-assessments.js';
import type { MobilityView } from '../../services/mobilities.js';
import { copyField, csrfField, inputField } from './form-kit.js';
import { MENTOR_MESSAGES } from './mentor-messages.js';
import { languageName } from './stay-forms.js';
import { formatDay, inLanguage } from './work-paths.js';
import type { WorkLanguage, WorkMessages } from './work-messages.js';

/** The console's addresses for the mentor's link of a stay (one place for the section's forms and the routes). */
export const MENTOR_ROUTES = {
  send: (id: string) => `/console/stays/${id}/mentor`,
  action: (id: string, action: MentorAction) => `/console/stays/${id}/mentor/${action}`,
};
export const MENTOR_ACTIONS = ['resend', 'revoke', 'accept', 'return'] as const;
export type MentorAction = (typeof MENTOR_ACTIONS)[number];

/** The link's validity offered: long enough for a stay's last weeks and the answer after it. */
export const DEFAULT_VALID_DAYS = 30;

/** What can be done with the link in each state: the service refuses the rest anyway (a 409 shown as a notice). */
const OPEN_STATES = new Set(['sent', 'opened', 'returned']);
/** No new link while an answer waits for review (accept or return it first), nor once one is accepted. */
const SETTLED_STATES = new Set(['answered', 'accepted']);

function postButton(model: SectionModel, action: string, label: string, secondary = true): Html {
  return html`<form method="post" action="${inLanguage(action, model.language)}" class="inline">${csrfField(model.csrfToken)}<button type="submit"${secondary ? html` class="secondary"` : ''}>${label}</button></form>`;
}

interface SectionModel {
  m: WorkMessages;
  language: WorkLanguage;
  stay: MobilityView;
  mentor: MentorAssessmentView | undefined;
  canIssue: boolean;
  csrfToken: string;
  mailer: boolean;
  /** How the last action on the link went: said in the section, where the page opens after it (#mentor). */
  outcome: { text: string; refused: boolean } | undefined;
  /** The languages the school's grid has for mentors (French aside), and the one the host country suggests. */
  languages: readonly { language: string; name: string }[];
  suggestedLanguage: string;
}

/** The answer as the school reviews it: the grid's values with the console's words, the comment, the signature. */
function answerOf(model: SectionModel, view: MentorAssessmentView): Html {
  const { m, language, stay } = model;
  const t = MENTOR_MESSAGES[language];
  const answer = view.answer!;
  const skills = Object.entries(answer.skills);
  return html`<h3>${t.answer}</h3><dl>
${skills.length ? html`<dt>${t.skills}</dt><dd><ul>${skills.map(([area, level]) => html`<li>${SKILL_AREAS[area as keyof typeof SKILL_AREAS][language]} — ${m.skillLevels[level]}</li>`)}</ul></dd>` : ''}
${answer.outcomesAchieved.length ? html`<dt>${t.outcomes}</dt><dd><ul>${answer.outcomesAchieved.map((index) => html`<li>${stay.record.plannedLearningOutcomes[index]?.title ?? `#${index + 1}`}</li>`)}</ul></dd>` : ''}
${answer.ufm ? html`<dt>${t.ufmPart1}</dt><dd>${t.part1(answer.ufm.part1)}<ul>${Object.entries(answer.ufm.competences).map(([code, level]) => html`<li>${code} — ${m.competenceLevels[level]}</li>`)}</ul></dd>` : ''}
${answer.cefr ? html`<dt>${t.cefr}</dt><dd>${languageName(answer.cefr.code, language)} ${answer.cefr.level}</dd>` : ''}
${answer.comment ? html`<dt>${t.comment}</dt><dd>${answer.comment}</dd>` : ''}
<dt>${t.signedBy}</dt><dd>${answer.signature.name}, ${answer.signature.role}${view.answeredAt ? html` — ${formatDay(view.answeredAt, language)}` : ''}</dd>
</dl>`;
}

/** The stay page's section: the link (with its QR code and dates), its actions, and the answer to review. */
export function mentorSection(model: SectionModel): Html {
  const { language, stay, mentor: view, canIssue } = model;
  const t = MENTOR_MESSAGES[language];
  const day = (value: string | null) => (value ? formatDay(value, language) : undefined);
  const dates = view
    ? ([
        [t.emailed, day(view.emailedAt)],
        [t.opened, day(view.openedAt)],
        [t.answered, day(view.answeredAt)],
        [t.reviewed, view.review ? day(view.review.at) : undefined],
        [t.revoked, day(view.revokedAt)],
        [t.expires, day(view.expiresAt)],
      ].filter(([, value]) => value) as [string, string][])
    : [];
  const sendForm = canIssue && !(view && SETTLED_STATES.has(view.state))
    ? html`<form method="post" action="${inLanguage(MENTOR_ROUTES.send(stay.id), language)}">${csrfField(model.csrfToken)}
${inputField({ pointer: 'language', label: t.language, hint: t.languageHint, control: 'select', options: model.languages.map(({ language, name }) => ({ value: language, label: name })) }, { language: view?.language ?? model.suggestedLanguage }, [], model.m)}
${inputField({ pointer: 'expiresInDays', label: t.validDays, control: 'number' }, { expiresInDays: String(DEFAULT_VALID_DAYS) }, [], model.m)}
${model.mailer ? html`<div class="check"><input type="checkbox" id="mentor-email" name="sendEmail" value="yes" checked><label for="mentor-email">${t.emailIt} (${stay.record.hostOrganisation.mentor.email})</label></div>` : ''}
<button type="submit"${view ? html` class="secondary"` : ''}>${view ? t.sendNew : t.send}</button></form>`
    : '';
  const outcome = model.outcome && (model.outcome.refused ? html`<p class="form-error" role="alert">${model.outcome.text}</p>` : html`<p class="notice" role="status">${model.outcome.text}</p>`);
  return html`<section aria-labelledby="mentor"><h2 id="mentor">${t.title}</h2>
${outcome}
<p class="hint">${t.intro}</p>
${canIssue && !model.mailer ? html`<p class="hint">${t.noSmtp}</p>` : ''}
${
  view
    ? html`<dl><dt>${t.state}</dt><dd><span class="tag mentor-${view.state}">${t.states[view.state]}</span></dd>
${dates.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}
${OPEN_STATES.has(view.state) ? html`<dt>${t.link}</dt><dd>${copyField('mentor-link', t.link, view.url, t)}<img src="${view.qrCode}" alt="${t.qr}" width="160" height="160"></dd>` : ''}
${view.review?.question ? html`<dt>${t.question}</dt><dd>${view.review.question}</dd>` : ''}
</dl>
${view.answer && view.state !== 'returned' ? answerOf(model, view) : ''}
${
  canIssue && view.state === 'answered'
    ? html`<p class="hint">${t.acceptHint}</p>${postButton(model, MENTOR_ROUTES.action(stay.id, 'accept'), t.accept, false)}
<form method="post" action="${inLanguage(MENTOR_ROUTES.action(stay.id, 'return'), language)}">${csrfField(model.csrfToken)}
${inputField({ pointer: 'question', label: t.question, hint: t.questionHint, control: 'textarea' }, {}, [], model.m)}
<button type="submit" class="secondary">${t.returnIt}</button></form>`
    : ''
}
${canIssue && OPEN_STATES.has(view.state) ? html`<p class="actions">${model.mailer ? postButton(model, MENTOR_ROUTES.action(stay.id, 'resend'), t.resend) : ''}${postButton(model, MENTOR_ROUTES.action(stay.id, 'revoke'), t.revoke)}</p>` : ''}`
    : html`<p>${t.none}</p>`
}
${sendForm}
</section>`;
}
