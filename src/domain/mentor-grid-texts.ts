import { MENTOR_FIELD_PROBLEMS } from './mentor-assessment.js';
import { SKILL_AREAS, SKILL_LEVELS } from './mobility-achievements.js';
import { COMPETENCE_LEVELS } from './ufm.js';

/**
 * The fixed texts of the host mentor's grid (its page, the emails that bring the mentor to it, and the Europass
 * document), as message files: one flat JSON object a language, key → text, where `{name}` marks a value filled
 * in when shown. The service ships a file for French and each mentor language; a school may replace one with its
 * own or add a language. Every file has every key, each with exactly its placeholders. Texts are plain text: the
 * pages escape them.
 */

/** Why a link to the grid no longer opens: each says so in the mentor's language. */
export const CLOSED_LINK_REASONS = ['expired', 'answered', 'revoked', 'unknown'] as const;
export type ClosedLinkReason = (typeof CLOSED_LINK_REASONS)[number];

/** The shipped scheme's part 1 competences, whose wording the files translate (a school's own is shown as written). */
export const TRANSLATED_COMPETENCES = ['C1', 'C3'] as const;

const plain = (...keys: string[]) => Object.fromEntries(keys.map((key) => [key, [] as string[]]));
const family = (prefix: string, names: readonly string[]) => plain(...names.map((name) => `${prefix}.${name}`));

/** Every key of a message file, with the placeholders its text must keep. */
export const GRID_TEXT_KEYS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  ...plain('languageName', 'title'),
  intro: ['learner', 'school'],
  ...plain('learner', 'stay', 'host', 'school', 'skills', 'skillsHint'),
  ...family('skillAreas', Object.keys(SKILL_AREAS)),
  ...family('levels', SKILL_LEVELS),
  ...plain('notAssessed', 'outcomes', 'outcomeReached', 'ufm', 'ufmHint'),
  ...family('competences', TRANSLATED_COMPETENCES),
  ...family('competenceLevels', COMPETENCE_LEVELS),
  part1Mark: ['max'],
  cefr: [],
  cefrLabel: ['language'],
  ...plain('notObserved', 'comment'),
  commentHint: ['max'],
  ...plain('signature', 'signatureName', 'signatureRole', 'confirm', 'review', 'reviewTitle', 'reviewIntro', 'change', 'submit', 'errorsTitle'),
  ...family('problems', MENTOR_FIELD_PROBLEMS),
  thanksTitle: [],
  thanks: ['school'],
  ...family('closed', CLOSED_LINK_REASONS),
  contact: ['school'],
  ...plain('question', 'languages'),
  ...family('europass', ['title', 'holder', 'sending', 'hostOrganisation', 'description', 'skillsAcquired', 'mentor']),
  'europass.duration': ['days'],
  'email.subject': ['learner', 'school'],
  'email.hello': [],
  'email.request': ['learner', 'school'],
  'email.reminderBefore': ['learner'],
  'email.reminderAfter': ['learner'],
  'email.returned': ['learner', 'school'],
  'email.question': [],
  'email.until': ['date'],
});

/** A message file whose every key is there (checked by checkGridTexts). */
export type GridTexts = Readonly<Record<string, string>>;

/** A language a school may add: a BCP 47 language, with a region when it matters ("nl", "es-MX", "pt-BR"). */
export const GRID_LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Z]{2})?$/;

export const GRID_TEXT_MAX_LENGTH = 600;

export type GridTextProblem =
  | { key: string; problem: 'missing' | 'unknown-key' | 'not-text' | 'empty' | 'too-long' | 'control-characters' }
  | { key: string; problem: 'placeholders'; expected: readonly string[]; found: string[] };

const PLACEHOLDER = /\{([^{}]*)\}/g;
// Line breaks are allowed (a hint may have two lines); other control characters are not text.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;

/** Everything wrong with a message file, key by key, in the catalogue's order (unknown keys last). */
export function checkGridTexts(file: unknown): GridTextProblem[] {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return [{ key: '', problem: 'not-text' }];
  const texts = file as Record<string, unknown>;
  const problems: GridTextProblem[] = [];
  for (const [key, expected] of Object.entries(GRID_TEXT_KEYS)) {
    const text = texts[key];
    if (text === undefined) problems.push({ key, problem: 'missing' });
    else if (typeof text !== 'string') problems.push({ key, problem: 'not-text' });
    else if (text.trim() === '') problems.push({ key, problem: 'empty' });
    else if (text.length > GRID_TEXT_MAX_LENGTH) problems.push({ key, problem: 'too-long' });
    else if (CONTROL.test(text)) problems.push({ key, problem: 'control-characters' });
    else {
      const found = [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!);
      const same = found.every((name) => expected.includes(name)) && expected.every((name) => found.includes(name)) && !/[{}]/.test(text.replace(PLACEHOLDER, ''));
      if (!same) problems.push({ key, problem: 'placeholders', expected, found });
    }
  }
  for (const key of Object.keys(texts)) if (!(key in GRID_TEXT_KEYS)) problems.push({ key, problem: 'unknown-key' });
  return problems;
}

/** A text with its placeholders filled in (values are text: what fills them is never read as a placeholder). */
export function fillText(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * Intl's formatting for a language, or English when Intl lacks it (a school may add any language). English
 * without a region is written as in Europe, where the stays are ("5 June 2026", not "June 5, 2026").
 */
export function intlTag(tag: string): string {
  const supported = Intl.DateTimeFormat.supportedLocalesOf([tag])[0] ?? 'en';
  return supported === 'en' ? 'en-GB' : supported;
}
