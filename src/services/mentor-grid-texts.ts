import { readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { checkGridTexts, GRID_LANGUAGE_TAG, GRID_TEXT_KEYS, type GridTextProblem, type GridTexts } from '../domain/mentor-grid-texts.js';
import { AppError, NotFoundError, ValidationError } from '../errors.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { findIssuerById } from '../storage/issuers-repository.js';
import { deleteSchoolGridTexts, findSchoolGridTexts, listSchoolGridTexts, storeSchoolGridTexts } from '../storage/mentor-grid-texts-repository.js';
import type { Tenancy } from '../storage/tenancy.js';
import type { Actor } from './access.js';
import type { ServiceContext } from './context.js';

/**
 * The message files of the host mentor's grid: those shipped in messages/mentor-grid/ (French and each
 * mentor language), and a school's own, which come first for its mentors — a shipped language reworded, or a
 * language added (Dutch for a school sending learners to the Netherlands).
 */

export const GRID_TEXTS_DIR = resolve(PROJECT_ROOT, 'messages', 'mentor-grid');

let shipped: ReadonlyMap<string, GridTexts> | undefined;

/** The shipped files by language, read and checked once: a broken one stops the service at its first use. */
export function shippedGridTexts(): ReadonlyMap<string, GridTexts> {
  shipped ??= new Map(
    readdirSync(GRID_TEXTS_DIR)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => {
        const texts: unknown = JSON.parse(readFileSync(resolve(GRID_TEXTS_DIR, name), 'utf8'));
        const problems = checkGridTexts(texts);
        if (problems.length > 0) throw new Error(`${name}: ${problems.map(problemSentence).join('; ')}`);
        return [basename(name, '.json'), texts as GridTexts] as const;
      }),
  );
  return shipped;
}

export interface GridLanguage {
  language: string;
  /** The language's own name, from its file ("Nederlands"). */
  name: string;
  /** Whose file the mentor sees: the service's, or the school's own (reworded or added). */
  source: 'shipped' | 'school';
  updatedAt: string | null;
}

export interface GridTextsView extends GridLanguage {
  texts: GridTexts;
}

/** A language tag as a school gives it, or a 400 naming the parameter. */
function languageTag(language: string): string {
  if (!GRID_LANGUAGE_TAG.test(language)) throw new ValidationError(`"${language}" is not a language tag such as nl or pt-BR`, [{ field: 'language', message: 'must be a language tag such as nl or pt-BR' }]);
  return language;
}

async function schoolOf(ctx: ServiceContext, issuerId: string, tenancy: Tenancy): Promise<string> {
  const issuer = await findIssuerById(ctx.db, issuerId, tenancy);
  if (!issuer) throw new NotFoundError(`Issuer ${issuerId}`);
  return issuer.id;
}

/** The texts a school's mentors see in a language: its own file, else the shipped one; undefined when neither. */
export async function gridTextsOfSchool(ctx: ServiceContext, issuerId: string, language: string): Promise<GridTexts | undefined> {
  const own = GRID_LANGUAGE_TAG.test(language) ? await findSchoolGridTexts(ctx.db, issuerId, language) : undefined;
  return own?.texts ?? shippedGridTexts().get(language);
}

/** The languages a school's mentors can be asked in (French is the grid's other side, and one of them). */
export async function gridLanguagesOfSchool(ctx: ServiceContext, issuerId: string): Promise<GridLanguage[]> {
  const own = new Map((await listSchoolGridTexts(ctx.db, issuerId)).map((row) => [row.language, row]));
  return [...new Set([...shippedGridTexts().keys(), ...own.keys()])].sort().map((language) => {
    const row = own.get(language);
    const texts = row?.texts ?? shippedGridTexts().get(language)!;
    return { language, name: texts.languageName!, source: row ? 'school' : 'shipped', updatedAt: row ? row.updated_at.toISOString() : null };
  });
}

/** A school's languages for its mentors, for its staff (API and console). */
export async function listMentorGridLanguages(ctx: ServiceContext, issuerId: string, tenancy: Tenancy): Promise<GridLanguage[]> {
  return gridLanguagesOfSchool(ctx, await schoolOf(ctx, issuerId, tenancy));
}

/** The file in effect for one language of a school (its own, else the shipped one). */
export async function getMentorGridTexts(ctx: ServiceContext, issuerId: string, language: string, tenancy: Tenancy): Promise<GridTextsView> {
  const school = await schoolOf(ctx, issuerId, tenancy);
  const own = await findSchoolGridTexts(ctx.db, school, languageTag(language));
  const texts = own?.texts ?? shippedGridTexts().get(language);
  if (!texts) throw new NotFoundError(`Mentor grid texts in "${language}"`, 'language');
  return { language, name: texts.languageName!, source: own ? 'school' : 'shipped', updatedAt: own ? own.updated_at.toISOString() : null, texts };
}

/**
 * A school's own file for a language: every key, each with its placeholders, or a 400 naming each key at fault.
 * It replaces the school's earlier file for that language; the shipped one stays for other schools.
 */
export async function setMentorGridTexts(ctx: ServiceContext, issuerId: string, language: string, file: unknown, actor: Actor): Promise<GridTextsView> {
  const school = await schoolOf(ctx, issuerId, actor.tenancy);
  languageTag(language);
  const problems = checkGridTexts(file);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).map(problemSentence).join('; ');
    // `problems` says why each key is refused, for a page to say it in its own language (as `rules` for a 422).
    throw new AppError('validation-failed', `The message file for "${language}" ${problems.length === 1 ? 'has a problem' : `has ${problems.length} problems`}: ${shown}${problems.length > 5 ? '; …' : ''}`, {
      errors: problems.map((problem) => ({ field: `/${problem.key.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: problemMessage(problem) })),
      extensions: { problems: problems.map((problem) => problem.problem) },
    });
  }
  const texts = Object.fromEntries(Object.keys(GRID_TEXT_KEYS).map((key) => [key, (file as Record<string, string>)[key]!]));
  const row = await ctx.db.transaction().execute(async (trx) => {
    const stored = await storeSchoolGridTexts(trx, { issuer_id: school, language, texts, updated_by: actor.apiKeyId, updated_at: ctx.now() });
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'issuer.mentor-texts-set', issuerId: school, subjectId: school });
    return stored;
  });
  return { language, name: row.texts.languageName!, source: 'school', updatedAt: row.updated_at.toISOString(), texts: row.texts };
}

/** Removes a school's own file: a shipped language is the service's again, an added one is gone. */
export async function removeMentorGridTexts(ctx: ServiceContext, issuerId: string, language: string, actor: Actor): Promise<void> {
  const school = await schoolOf(ctx, issuerId, actor.tenancy);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteSchoolGridTexts(trx, school, languageTag(language)))) throw new NotFoundError(`The school's own mentor grid texts in "${language}"`, 'language');
    await appendAuditEvent(trx, { actor: actor.apiKeyId, action: 'issuer.mentor-texts-removed', issuerId: school, subjectId: school });
  });
}

function problemMessage(problem: GridTextProblem): string {
  switch (problem.problem) {
    case 'missing':
      return 'is missing';
    case 'unknown-key':
      return 'is not a key of the grid';
    case 'not-text':
      return 'must be text';
    case 'empty':
      return 'must not be empty';
    case 'too-long':
      return 'is too long';
    case 'control-characters':
      return 'holds control characters';
    case 'placeholders':
      return problem.expected.length === 0 ? 'must have no placeholder such as {name}' : `must keep the placeholders ${problem.expected.map((name) => `{${name}}`).join(', ')}, and no other`;
  }
}

function problemSentence(problem: GridTextProblem): string {
  return problem.key === '' ? 'it must be a JSON object of texts by key' : `key "${problem.key}" ${problemMessage(problem)}`;
}
