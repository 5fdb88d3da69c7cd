import { html } from '../views/html.js';
import { GRID_TEXT_KEYS, type GridTexts } from '../../domain/mentor-grid-texts.js';
import type { GridLanguage } from '../../services/mentor-grid-texts.js';
import { csrfField, formErrorSummary, inputField, type FormError, type Input } from './form-kit.js';
import type { FormValues } from './form-codec.js';
import { scrollingTable } from './layout.js';
import type { WorkPage } from './stay-pages.js';
import { formatDay, workPaths } from './work-paths.js';
import type { WorkLanguage, WorkMessages } from './work-messages.js';

/**
 * The school's translations of the host mentor's grid: its languages (shipped or its own), and one language's
 * texts as a form, each text beside the French it translates (and the English, for a translator from it).
 */

interface Base {
  m: WorkMessages;
  language: WorkLanguage;
}

function notice(text: string | undefined) {
  return text ? html`<p class="notice" role="status">${text}</p>` : '';
}

/** The marks a text keeps, as the form says them: "{learner} and {school}". */
export function marksOf(key: string): string {
  return (GRID_TEXT_KEYS[key] ?? []).map((name) => `{${name}}`).join(', ');
}

/** One input a key: labelled by the French it translates (the key beside it: French texts repeat), all required. */
export function gridTextInputs(m: WorkMessages, reference: { fr: GridTexts; en: GridTexts }): Input[] {
  const t = m.gridTexts;
  return Object.keys(GRID_TEXT_KEYS).map((key) => {
    const marks = marksOf(key);
    return {
      pointer: key,
      label: `${reference.fr[key]} (${key})`,
      hint: [t.english(reference.en[key]!), marks ? t.keep(marks) : ''].filter(Boolean).join(' '),
      control: reference.fr[key]!.length > 70 ? 'textarea' : 'text',
      required: true,
      autocomplete: 'off',
    };
  });
}

export const ADD_LANGUAGE_INPUT = (m: WorkMessages): Input => ({ pointer: 'code', label: m.gridTexts.addCode, hint: m.gridTexts.addHint, control: 'text', required: true, autocomplete: 'off' });

export function renderGridLanguagesPage(model: Base & { languages: GridLanguage[]; canManage: boolean; csrfToken: string; notice?: string; values: FormValues; errors: readonly FormError[] }): WorkPage {
  const paths = workPaths(model.language);
  const { m } = model;
  const t = m.gridTexts;
  const rows = model.languages.map(
    (entry) => html`<tr><th scope="row" lang="${entry.language}">${entry.name}</th><td><code>${entry.language}</code></td>
<td>${entry.source === 'school' && entry.updatedAt ? t.own(formatDay(entry.updatedAt, model.language)) : t.shipped}</td>
${model.canManage ? html`<td><a href="${paths.mentorTextsOf(entry.language)}">${t.edit}<span class="visually-hidden"> — ${entry.name}</span></a></td>` : ''}</tr>`,
  );
  return {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${notice(model.notice)}
${formErrorSummary(model.errors, m)}
<p>${t.intro}</p>
${scrollingTable(
  { label: t.caption },
  html`<table><caption>${t.caption}</caption><thead><tr><th scope="col">${t.language}</th><th scope="col">${t.code}</th><th scope="col">${t.source}</th>${model.canManage ? html`<td></td>` : ''}</tr></thead><tbody>${rows}</tbody></table>`,
)}
${
  model.canManage
    ? html`<h2 id="add-language">${t.add}</h2><form method="post" action="${paths.mentorTexts}" novalidate>${csrfField(model.csrfToken)}
${inputField(ADD_LANGUAGE_INPUT(m), model.values, model.errors, m)}
<p class="actions"><button type="submit">${t.addSubmit}</button></p></form>`
    : ''
}
<p><a href="${paths.school}">${m.school.title}</a></p>`,
  };
}

export function renderGridTextsPage(
  model: Base & {
    code: string;
    /** The language's name; undefined for a language being added. */
    name: string | undefined;
    /** Whether the school has its own texts in it, and whether the service ships it (removing the school's then goes back to them). */
    own: boolean;
    shipped: boolean;
    inputs: Input[];
    values: FormValues;
    errors: readonly FormError[];
    csrfToken: string;
  },
): WorkPage {
  const paths = workPaths(model.language);
  const { m } = model;
  const t = m.gridTexts;
  const title = model.name ? t.editTitle(model.name) : t.newTitle(model.code);
  return {
    title,
    body: html`<h1>${title}</h1>
${formErrorSummary(model.errors, m)}
<p>${t.editIntro}</p>
<form method="post" action="${paths.mentorTextsOf(model.code)}" novalidate>${csrfField(model.csrfToken)}
${model.inputs.map((input) => inputField(input, model.values, model.errors, m))}
<p class="actions"><button type="submit">${t.save}</button> <a href="${paths.mentorTexts}">${m.common.cancel}</a></p></form>
${
  model.own
    ? html`<form method="post" action="${paths.removeMentorTexts(model.code)}">${csrfField(model.csrfToken)}<button type="submit" class="secondary">${model.shipped ? t.removeShipped : t.removeAdded}</button></form>`
    : ''
}`,
  };
}
