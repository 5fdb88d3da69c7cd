import { parse } from 'csv-parse/sync';
import type { MobilityRecord } from '../domain/mobility.js';
import type { MobilityAssessment } from '../domain/mobility-achievements.js';

/**
 * A cohort exported from a spreadsheet: one row per participant and stay, with its assessment. Reading is
 * pure; a problem with the file as a whole (encoding, header, formulas) refuses the whole file, while a
 * problem with one row is reported for that row.
 */

/** The header, in this order in the template; a file may order its columns freely but must have them all. */
export const COHORT_COLUMNS = [
  'email', 'name', 'participant_kind', 'qualification_title', 'diploma', 'eqf_level',
  'type', 'programme', 'start_date', 'end_date',
  'host_name', 'host_country', 'host_city', 'host_url', 'mentor_name', 'mentor_role', 'mentor_email',
  'working_languages', 'learning_outcomes',
  'skills_job_related', 'skills_digital', 'skills_organisational', 'skills_communication', 'skills_intercultural', 'skills_autonomy',
  'language_code', 'language_before', 'language_reached',
  'ufm_part1', 'ufm_part2', 'ufm_exams_passed', 'mentor_comment',
] as const;

const MAX_COHORT_ROWS = 5000;

export class CohortFileError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

export interface CohortRow {
  /** 1-based line number in the file, the header being line 1. */
  line: number;
  mobility: MobilityRecord;
  assessment: MobilityAssessment;
}

/**
 * A cell a spreadsheet would run as a formula (OWASP CSV injection): = @ | tab or carriage return first, or + or -
 * first unless the whole cell is a plain number (-2, +3.5, -0,5) or the sign alone, which spreadsheets keep as text.
 */
const FORMULA = /^(?:[=@|\t\r]|[+-](?!\d+(?:[.,]\d+)?$|$))/;

export function readCohortFile(bytes: Buffer): CohortRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CohortFileError('The file is not UTF-8 text; export the spreadsheet as "CSV UTF-8"', 'file');
  }
  if (text.includes('\u0000')) throw new CohortFileError('The file contains NUL characters: it is not a text export', 'file');
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false, skip_empty_lines: true, trim: true, max_record_size: 64 * 1024 });
  } catch (error) {
    throw new CohortFileError(`The file is not well-formed CSV: ${(error as Error).message}`, 'file');
  }
  const [header, ...rows] = records;
  if (!header) throw new CohortFileError('The file is empty', 'file');
  const missing = COHORT_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new CohortFileError(`Missing column(s): ${missing.join(', ')}`, missing[0]!);
  if (rows.length === 0) throw new CohortFileError('The file has a header but no rows', 'file');
  if (rows.length > MAX_COHORT_ROWS) throw new CohortFileError(`At most ${MAX_COHORT_ROWS} rows per file`, 'file');
  rows.forEach((row, index) => {
    const cell = row.findIndex((value) => FORMULA.test(value));
    if (cell >= 0) {
      throw new CohortFileError(`Line ${index + 2}, column ${header[cell]}: a cell starting with = @ | or with + or - (other than a plain number) is a spreadsheet formula and is refused`, header[cell]!);
    }
  });

  return rows.map((row, index) => {
    const cell = (column: (typeof COHORT_COLUMNS)[number]) => row[header.indexOf(column)] ?? '';
    const optional = (column: (typeof COHORT_COLUMNS)[number]) => cell(column) || undefined;
    const number = (column: (typeof COHORT_COLUMNS)[number]) => (cell(column) === '' ? undefined : Number(cell(column).replace(',', '.')));
    const skills = Object.fromEntries(
      (['job-related', 'digital', 'organisational', 'communication', 'intercultural', 'autonomy'] as const)
        .map((area) => [area, cell(`skills_${area.replace('-', '_')}` as (typeof COHORT_COLUMNS)[number])])
        .filter(([, level]) => level !== ''),
    );
    const outcomes = cell('learning_outcomes').split(';').map((title) => title.trim()).filter(Boolean);
    const languageCode = optional('language_code');
    const ufmGiven = cell('ufm_part1') !== '' || cell('ufm_part2') !== '';
    const mobility = {
      participant: {
        kind: cell('participant_kind'),
        email: cell('email'),
        ...(optional('name') ? { name: cell('name') } : {}),
        ...(optional('qualification_title')
          ? { qualification: { title: cell('qualification_title'), ...(optional('diploma') ? { diploma: cell('diploma') } : {}), eqfLevel: number('eqf_level') } }
          : {}),
      },
      type: cell('type'),
      programme: cell('programme'),
      startDate: cell('start_date'),
      endDate: cell('end_date'),
      hostOrganisation: {
        legalName: cell('host_name'),
        countryCode: cell('host_country').toUpperCase(),
        city: cell('host_city'),
        ...(optional('host_url') ? { url: cell('host_url') } : {}),
        mentor: { name: cell('mentor_name'), role: cell('mentor_role'), email: cell('mentor_email') },
      },
      workingLanguages: cell('working_languages').split(/[;,\s]+/).filter(Boolean),
      plannedLearningOutcomes: outcomes.map((title) => ({ title })),
    } as unknown as MobilityRecord;
    const assessment = {
      ...(Object.keys(skills).length ? { skills } : {}),
      ...(outcomes.length ? { outcomesAchieved: outcomes.map((_, i) => i) } : {}),
      ...(languageCode ? { language: { code: languageCode, ...(optional('language_before') ? { before: cell('language_before') } : {}), reached: cell('language_reached') } } : {}),
      ...(ufmGiven
        ? { ufm: { part1: number('ufm_part1'), part2: number('ufm_part2'), specialtyExamsPassed: /^(yes|oui|true|1)$/i.test(cell('ufm_exams_passed')) } }
        : {}),
      ...(optional('mentor_comment') ? { mentorComment: cell('mentor_comment') } : {}),
    } as unknown as MobilityAssessment;
    return { line: index + 2, mobility: JSON.parse(JSON.stringify(mobility)), assessment: JSON.parse(JSON.stringify(assessment)) };
  });
}

/** The template a coordinator downloads: the header and one example line. */
export function cohortTemplate(): string {
  const example: Record<(typeof COHORT_COLUMNS)[number], string> = {
    email: 'lea.martin@example.org', name: 'Léa Martin', participant_kind: 'learner', qualification_title: 'Bac pro Cuisine', diploma: 'bac-pro', eqf_level: '4',
    type: 'work-placement', programme: 'erasmus-plus-ka1', start_date: '2026-05-04', end_date: '2026-05-29',
    host_name: 'Restaurante La Albufera S.L.', host_country: 'ES', host_city: 'Valencia', host_url: '', mentor_name: 'Carmen Ruiz', mentor_role: 'Jefa de cocina', mentor_email: 'carmen@albufera.example.es',
    working_languages: 'es', learning_outcomes: 'Prepare regional dishes; Work in a team in a foreign kitchen',
    skills_job_related: 'proficient', skills_digital: '', skills_organisational: 'developing', skills_communication: 'developing', skills_intercultural: 'advanced', skills_autonomy: 'proficient',
    language_code: 'es', language_before: 'A2', language_reached: 'B1',
    ufm_part1: '6', ufm_part2: '9', ufm_exams_passed: 'yes', mentor_comment: 'Autonome et appréciée de toute l’équipe.',
  };
  const quote = (value: string) => (/[",\n;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return `${COHORT_COLUMNS.join(',')}\n${COHORT_COLUMNS.map((column) => quote(example[column])).join(',')}\n`;
}
