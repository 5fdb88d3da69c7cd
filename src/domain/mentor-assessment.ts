import { CEFR_LEVELS, type CefrLevel } from './cefr.js';
import type { MobilityAssessment, SkillArea, SkillLevel } from './mobility-achievements.js';
import type { MobilityRecord } from './mobility.js';
import type { JsonObject } from './open-badges.js';
import { SKILL_AREAS, SKILL_LEVELS } from './mobility-achievements.js';
import { COMPETENCE_LEVELS, type CompetenceLevel, type UfmScheme } from './ufm.js';

/**
 * The host mentor's assessment grid (UFM part 1 and Europass Mobility's "skills acquired"), as the mentor
 * fills it in abroad. Pure: what the grid asks, how a submitted form is checked, and how an accepted answer
 * becomes part of the stay's assessment.
 */

/** The mentor's languages, beside French: the host countries' and Québec's partners' (es-MX). */
export const MENTOR_LANGUAGES = ['en', 'es', 'es-MX', 'de', 'it', 'pt'] as const;
export type MentorLanguage = (typeof MENTOR_LANGUAGES)[number];

const COUNTRY_LANGUAGES: Record<string, MentorLanguage> = {
  ES: 'es', MX: 'es-MX', AR: 'es', CL: 'es', CO: 'es', PE: 'es',
  DE: 'de', AT: 'de', LI: 'de', CH: 'de',
  IT: 'it', SM: 'it', VA: 'it',
  PT: 'pt', BR: 'pt',
};

/** The mentor's language a host country suggests; English where none of the grid's languages is spoken. */
export function mentorLanguageOf(countryCode: string): MentorLanguage {
  return COUNTRY_LANGUAGES[countryCode] ?? 'en';
}

/** UFM part 1 is assessed abroad: its competences (C1 and C3 in the shipped scheme) and its mark. */
export function part1Competences(scheme: UfmScheme): string[] {
  return scheme.competences.filter((competence) => competence.part === 1).map((competence) => competence.code);
}

export interface MentorAnswer {
  skills: Partial<Record<SkillArea, SkillLevel>>;
  /** Planned learning outcomes reached, by index. */
  outcomesAchieved: number[];
  ufm?: { part1: number; competences: Record<string, CompetenceLevel> };
  /** What the mentor observed of the learner's level in the stay's working language. */
  cefr?: { code: string; level: CefrLevel };
  comment: string;
  signature: { name: string; role: string };
}

/** What the grid asks of a given stay. */
export interface MentorGrid {
  outcomeCount: number;
  /** Present when the UFM applies to the stay. */
  ufm?: { part1Points: number; competences: string[] };
  /** The working language whose level the mentor may observe. */
  cefrLanguage?: string;
}

export const MENTOR_LIMITS = { comment: 2000, name: 120, role: 120 } as const;

/** Why a field of the grid is refused; the page says it in the mentor's language. */
export const MENTOR_FIELD_PROBLEMS = ['required', 'too-long', 'unknown-value', 'mark-range', 'control-characters', 'confirm'] as const;
export type MentorFieldProblem = (typeof MENTOR_FIELD_PROBLEMS)[number];

export interface MentorFieldError {
  field: string;
  problem: MentorFieldProblem;
}

/** A submitted form, as posted: every value a string (a repeated field, its first value). */
export type MentorForm = Record<string, string | string[] | undefined>;

// Control characters other than tab and line breaks have no place in a typed text.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Checks a submitted grid; every field at fault is named, so that the page can show them all at once. */
export function checkMentorForm(form: MentorForm, grid: MentorGrid): { answer?: MentorAnswer; errors: MentorFieldError[] } {
  const errors: MentorFieldError[] = [];
  const one = (name: string) => {
    const value = form[name];
    return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
  };
  const text = (name: string, max: number, required: boolean) => {
    const value = one(name);
    if (CONTROL.test(value)) errors.push({ field: name, problem: 'control-characters' });
    else if (value.length > max) errors.push({ field: name, problem: 'too-long' });
    else if (required && value === '') errors.push({ field: name, problem: 'required' });
    return value;
  };
  const choice = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = one(name);
    if (value === '') return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      errors.push({ field: name, problem: 'unknown-value' });
      return undefined;
    }
    return value as T;
  };

  const skills: Partial<Record<SkillArea, SkillLevel>> = {};
  for (const area of Object.keys(SKILL_AREAS) as SkillArea[]) {
    const level = choice(`skill-${area}`, SKILL_LEVELS);
    if (level) skills[area] = level;
  }
  const outcomesAchieved: number[] = [];
  for (let index = 0; index < grid.outcomeCount; index++) {
    if (one(`outcome-${index}`) === 'achieved') outcomesAchieved.push(index);
  }
  let ufm: MentorAnswer['ufm'];
  if (grid.ufm) {
    const competences: Record<string, CompetenceLevel> = {};
    for (const code of grid.ufm.competences) {
      const level = choice(`competence-${code}`, COMPETENCE_LEVELS);
      if (level) competences[code] = level;
      else if (one(`competence-${code}`) === '') errors.push({ field: `competence-${code}`, problem: 'required' });
    }
    const mark = one('part1').replace(',', '.');
    const part1 = Number(mark);
    // Half points, as the jury marks.
    if (mark === '') errors.push({ field: 'part1', problem: 'required' });
    else if (!/^\d{1,2}(\.\d{1,2})?$/.test(mark) || part1 > grid.ufm.part1Points || Math.round(part1 * 2) !== part1 * 2) errors.push({ field: 'part1', problem: 'mark-range' });
    ufm = { part1, competences };
  }
  const level = grid.cefrLanguage ? choice('cefr', CEFR_LEVELS) : undefined;
  const comment = text('comment', MENTOR_LIMITS.comment, false);
  const name = text('signature-name', MENTOR_LIMITS.name, true);
  const role = text('signature-role', MENTOR_LIMITS.role, true);
  if (one('confirm') !== 'yes') errors.push({ field: 'confirm', problem: 'confirm' });
  if (errors.length > 0) return { errors };
  return {
    errors,
    answer: {
      skills,
      outcomesAchieved,
      ...(ufm ? { ufm } : {}),
      ...(level && grid.cefrLanguage ? { cefr: { code: grid.cefrLanguage, level } } : {}),
      comment,
      signature: { name, role },
    },
  };
}

/**
 * The stay's assessment once the school accepts the mentor's answer: the mentor's skills, outcomes, part 1
 * and observed level replace the school's; what the school assessed itself (part 2, the specialty exams,
 * the level before the stay) stays.
 */
export function withMentorAnswer(current: MobilityAssessment | null, answer: MentorAnswer): MobilityAssessment {
  const base = current ?? {};
  return {
    ...base,
    skills: answer.skills,
    outcomesAchieved: answer.outcomesAchieved,
    ...(answer.ufm ? { ufm: { ...base.ufm, part1: answer.ufm.part1, competences: { ...base.ufm?.competences, ...answer.ufm.competences } } } : {}),
    ...(answer.cefr ? { language: { ...base.language, code: answer.cefr.code, reached: answer.cefr.level } } : {}),
    ...(answer.comment ? { mentorComment: answer.comment } : {}),
  };
}

/** The genre of the evidence item that names the host's signed assessment in a credential. */
export const HOST_ASSESSMENT_GENRE = 'HostMentorAssessment';

/** The evidence item a credential carries for the host's signed assessment (its statement's URL and who signed). */
export function hostAssessmentEvidence(options: { statementUrl: string; signature: MentorAnswer['signature']; hostName: string }): JsonObject {
  return {
    id: options.statementUrl,
    type: ['Evidence'],
    genre: HOST_ASSESSMENT_GENRE,
    name: `${options.signature.name} (${options.signature.role})`,
    description: options.hostName,
  };
}

/** Who assessed the achievement for the host, as the credential says it (its host assessment evidence), if it does. */
export function hostAssessmentOf(credential: JsonObject): { mentor: string; host: string } | undefined {
  const evidence = Array.isArray(credential.evidence) ? (credential.evidence as JsonObject[]) : [];
  const item = evidence.find((entry) => entry && entry.genre === HOST_ASSESSMENT_GENRE);
  return item && typeof item.name === 'string' && typeof item.description === 'string' ? { mentor: item.name, host: item.description } : undefined;
}

/**
 * The host's signed statement, in French (the school's and the jury's language): the stay, every answer of
 * the grid by its French label, the comment as written, and who signed.
 */
export function mentorStatementText(answer: MentorAnswer, record: MobilityRecord, scheme: UfmScheme): string {
  const lines = [
    `Évaluation par l’organisme d’accueil ${record.hostOrganisation.legalName} de la période du ${record.startDate} au ${record.endDate}${record.participant.name ? ` de ${record.participant.name}` : ''}.`,
    ...Object.entries(answer.skills).map(([area, level]) => `${SKILL_AREAS[area as SkillArea].fr} : ${level}`),
    ...answer.outcomesAchieved.map((index) => `Acquis atteint : ${record.plannedLearningOutcomes[index]?.title ?? index}`),
    ...(answer.ufm
      ? [
          `UFM partie 1 : ${answer.ufm.part1}/${scheme.part1Points}`,
          ...Object.entries(answer.ufm.competences).map(([code, level]) => `${code} — ${scheme.competences.find((competence) => competence.code === code)?.name.fr ?? code} : ${level}`),
        ]
      : []),
    ...(answer.cefr ? [`Niveau observé (${answer.cefr.code}, CECRL) : ${answer.cefr.level}`] : []),
    ...(answer.comment ? [`Commentaire : ${answer.comment}`] : []),
    `Signé par ${answer.signature.name}, ${answer.signature.role}.`,
  ];
  return lines.join('\n');
}

/** An answer as the grid's form fields: a returned answer opens the form filled in. */
export function mentorFormOf(answer: MentorAnswer): MentorForm {
  return {
    ...Object.fromEntries(Object.entries(answer.skills).map(([area, level]) => [`skill-${area}`, level])),
    ...Object.fromEntries(answer.outcomesAchieved.map((index) => [`outcome-${index}`, 'achieved'])),
    ...(answer.ufm ? { part1: String(answer.ufm.part1), ...Object.fromEntries(Object.entries(answer.ufm.competences).map(([code, level]) => [`competence-${code}`, level])) } : {}),
    ...(answer.cefr ? { cefr: answer.cefr.level } : {}),
    comment: answer.comment,
    'signature-name': answer.signature.name,
    'signature-role': answer.signature.role,
  };
}
