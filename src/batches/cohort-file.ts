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

/**
 * Columns a file may have or not (files made before them stay valid): the learner's class, and what keeps a
 * minor's name off public pages — their date of birth, or only that they are a minor, and their guardian.
 */
export const OPTIONAL_COHORT_COLUMNS = ['class', 'date_of_birth', 'minor', 'guardian_email'] as const;

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

/**
 * What separates the columns: "," as most spreadsheets write CSV, or ";" as Excel does where the decimal mark is
 * a comma (French locales). Decided once, from the header line and the known column names, never row by row.
 */
type CohortSeparator = ',' | ';';
const SEPARATORS: readonly CohortSeparator[] = [',', ';'];

const EXPECTED_COLUMNS = `The header must name these columns, in any order, separated by "," or ";": ${COHORT_COLUMNS.join(', ')}`;

/** A decimal number as a spreadsheet writes it, with a decimal point or (French) a decimal comma. */
const DECIMAL = /^[+-]?\d+(?:[.,]\d+)?$/;
/** Yes or no as people and spreadsheets write them, in English or French (VRAI/FAUX is French Excel's boolean). */
const YES = /^(yes|oui|true|vrai|1|x)$/i;
const NO = /^(no|non|false|faux|0)$/i;

/**
 * A yes/no cell: true, false, nothing when empty (left out, as in the API: a UFM without the exams' answer is
 * then refused, not signed as "not passed"), or the text as written when it is neither (the row is refused).
 */
function yesNo(value: string): boolean | string | undefined {
  return value === '' ? undefined : YES.test(value) ? true : NO.test(value) ? false : value;
}
/** A date as French spreadsheets write it: dd/mm/yyyy, exactly. */
const FRENCH_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** The header's cells read with one separator (RFC 4180 quoting), or none if it is not CSV that way. */
function headerCells(line: string, delimiter: CohortSeparator): string[] {
  try {
    return (parse(line, { delimiter, trim: true, max_record_size: 64 * 1024 }) as string[][])[0] ?? [];
  } catch {
    return [];
  }
}

/**
 * The separator of a file, from its header line: the one whose reading names every known column. A header that
 * names them neither way is refused, naming the missing columns, the expected ones and, when the header holds ";"
 * or tabs, the separator.
 */
function cohortSeparator(headerLine: string): CohortSeparator {
  const readings = SEPARATORS.map((separator) => ({ separator, missing: COHORT_COLUMNS.filter((column) => !headerCells(headerLine, separator).includes(column)) }));
  const best = readings.reduce((best, reading) => (reading.missing.length < best.missing.length ? reading : best));
  if (best.missing.length > 0) throw headerError(headerLine, best.separator, best.missing);
  return best.separator;
}

function headerError(headerLine: string, separator: CohortSeparator, missing: readonly string[]): CohortFileError {
  const tabs = headerLine.includes('\t');
  if (missing.length === COHORT_COLUMNS.length) {
    const why = tabs
      ? ': its columns are separated by tabs; export the spreadsheet as CSV, with "," or ";" between columns'
      : headerLine.includes(';')
        ? ', whether its columns are read as separated by "," or by ";"'
        : '';
    return new CohortFileError(`The header names none of the expected columns${why}. ${EXPECTED_COLUMNS}`, 'file');
  }
  const readAs = headerLine.includes(';') || tabs ? ` (the header was read with "${separator}" as the separator${tabs ? '; tabs do not separate columns' : ''})` : '';
  return new CohortFileError(`Missing column(s): ${missing.join(', ')}${readAs}. ${EXPECTED_COLUMNS}`, missing[0]!);
}

/** dd/mm/yyyy (a real day) as yyyy-mm-dd; anything else unchanged, for the row's checks to judge. */
function isoDate(value: string): string {
  const match = FRENCH_DATE.exec(value);
  if (!match) return value;
  const [, day, month, year] = match;
  const iso = `${year}-${month}-${day}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : value;
}

export function readCohortFile(bytes: Buffer): CohortRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CohortFileError('The file is not UTF-8 text; export the spreadsheet as "CSV UTF-8"', 'file');
  }
  if (text.includes('\u0000')) throw new CohortFileError('The file contains NUL characters: it is not a text export', 'file');
  text = text.replace(/^\uFEFF/, '');
  const headerLine = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== '');
  if (headerLine === undefined) throw new CohortFileError('The file is empty', 'file');
  const separator = cohortSeparator(headerLine);
  let records: string[][];
  try {
    records = parse(text, { delimiter: separator, relax_column_count: false, skip_empty_lines: true, trim: true, max_record_size: 64 * 1024 });
  } catch (error) {
    throw new CohortFileError(`The file is not well-formed CSV (columns separated by "${separator}"): ${(error as Error).message}`, 'file');
  }
  const [header = [], ...lines] = records;
  const missing = COHORT_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) throw headerError(header.join(separator), separator, missing);
  // A row left blank in the spreadsheet (exported as ";;;…" or ",,,…") is no participant: skipped, other rows keep their line.
  const rows = lines.map((row, index) => ({ row, line: index + 2 })).filter(({ row }) => row.some((value) => value !== ''));
  if (rows.length === 0) throw new CohortFileError('The file has a header but no rows', 'file');
  if (rows.length > MAX_COHORT_ROWS) throw new CohortFileError(`At most ${MAX_COHORT_ROWS} rows per file`, 'file');
  rows.forEach(({ row, line }) => {
    const cell = row.findIndex((value) => FORMULA.test(value));
    if (cell >= 0) {
      throw new CohortFileError(`Line ${line}, column ${header[cell]}: a cell starting with = @ | or with + or - (other than a plain number) is a spreadsheet formula and is refused`, header[cell]!);
    }
  });

  return rows.map(({ row, line }) => {
    const cell = (column: CohortColumn) => (header.includes(column) ? (row[header.indexOf(column)] ?? '') : '');
    const optional = (column: CohortColumn) => cell(column) || undefined;
    // A number with a decimal point or comma (6.5 or 6,5); anything else is left as text for the row's checks to refuse.
    const number = (column: (typeof COHORT_COLUMNS)[number]) => (cell(column) === '' ? undefined : DECIMAL.test(cell(column)) ? Number(cell(column).replace(',', '.')) : cell(column));
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
        ...(optional('class') ? { class: cell('class') } : {}),
        ...(optional('date_of_birth') ? { dateOfBirth: isoDate(cell('date_of_birth')) } : {}),
        ...(yesNo(cell('minor')) !== false && yesNo(cell('minor')) !== undefined ? { minor: yesNo(cell('minor')) } : {}),
        ...(optional('guardian_email') ? { guardianEmail: cell('guardian_email') } : {}),
        ...(optional('qualification_title')
          ? { qualification: { title: cell('qualification_title'), ...(optional('diploma') ? { diploma: cell('diploma') } : {}), eqfLevel: number('eqf_level') } }
          : {}),
      },
      type: cell('type'),
      programme: cell('programme'),
      startDate: isoDate(cell('start_date')),
      endDate: isoDate(cell('end_date')),
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
        ? { ufm: { part1: number('ufm_part1'), part2: number('ufm_part2'), specialtyExamsPassed: yesNo(cell('ufm_exams_passed')) } }
        : {}),
      ...(optional('mentor_comment') ? { mentorComment: cell('mentor_comment') } : {}),
    } as unknown as MobilityAssessment;
    return { line, mobility: JSON.parse(JSON.stringify(mobility)), assessment: JSON.parse(JSON.stringify(assessment)) };
  });
}

type CohortColumn = (typeof COHORT_COLUMNS)[number] | (typeof OPTIONAL_COHORT_COLUMNS)[number];

/** Where each field of a row's stay or assessment comes from, to name the column of a row's error. */
const FIELD_COLUMNS: Record<string, CohortColumn> = {
  '/participant/email': 'email',
  '/participant/name': 'name',
  '/participant/class': 'class',
  '/participant/dateOfBirth': 'date_of_birth',
  '/participant/minor': 'minor',
  '/participant/guardianEmail': 'guardian_email',
  '/participant/kind': 'participant_kind',
  '/participant/qualification/title': 'qualification_title',
  '/participant/qualification/diploma': 'diploma',
  '/participant/qualification/eqfLevel': 'eqf_level',
  '/participant/qualification': 'qualification_title',
  '/type': 'type',
  '/programme': 'programme',
  '/startDate': 'start_date',
  '/endDate': 'end_date',
  '/hostOrganisation/legalName': 'host_name',
  '/hostOrganisation/countryCode': 'host_country',
  '/hostOrganisation/city': 'host_city',
  '/hostOrganisation/url': 'host_url',
  '/hostOrganisation/mentor/name': 'mentor_name',
  '/hostOrganisation/mentor/role': 'mentor_role',
  '/hostOrganisation/mentor/email': 'mentor_email',
  '/workingLanguages': 'working_languages',
  '/plannedLearningOutcomes': 'learning_outcomes',
  '/outcomesAchieved': 'learning_outcomes',
  '/skills/job-related': 'skills_job_related',
  '/skills/digital': 'skills_digital',
  '/skills/organisational': 'skills_organisational',
  '/skills/communication': 'skills_communication',
  '/skills/intercultural': 'skills_intercultural',
  '/skills/autonomy': 'skills_autonomy',
  '/language/code': 'language_code',
  '/language/before': 'language_before',
  '/language/reached': 'language_reached',
  '/ufm/part1': 'ufm_part1',
  '/ufm/part2': 'ufm_part2',
  '/ufm/specialtyExamsPassed': 'ufm_exams_passed',
  '/ufm': 'ufm_part1',
  '/mentorComment': 'mentor_comment',
};

/** The column of the file a row's error is about (its field is a JSON Pointer into the row's stay or assessment). */
export function cohortColumnOf(field: string): CohortColumn | undefined {
  for (let pointer = field; pointer !== ''; pointer = pointer.slice(0, pointer.lastIndexOf('/'))) {
    const column = FIELD_COLUMNS[pointer];
    if (column) return column;
  }
  return undefined;
}

/** The template a coordinator downloads: the header and one example line. */
export function cohortTemplate(): string {
  const example: Record<CohortColumn, string> = {
    email: 'lea.martin@example.org', name: 'Léa Martin', class: '1re Bac pro Cuisine B', date_of_birth: '2007-09-14', minor: '', guardian_email: '', participant_kind: 'learner', qualification_title: 'Bac pro Cuisine', diploma: 'bac-pro', eqf_level: '4',
    type: 'work-placement', programme: 'erasmus-plus-ka1', start_date: '2026-05-04', end_date: '2026-05-29',
    host_name: 'Restaurante La Albufera S.L.', host_country: 'ES', host_city: 'Valencia', host_url: '', mentor_name: 'Carmen Ruiz', mentor_role: 'Jefa de cocina', mentor_email: 'carmen@albufera.example.es',
    working_languages: 'es', learning_outcomes: 'Prepare regional dishes; Work in a team in a foreign kitchen',
    skills_job_related: 'proficient', skills_digital: '', skills_organisational: 'developing', skills_communication: 'developing', skills_intercultural: 'advanced', skills_autonomy: 'proficient',
    language_code: 'es', language_before: 'A2', language_reached: 'B1',
    ufm_part1: '6', ufm_part2: '9', ufm_exams_passed: 'yes', mentor_comment: 'Autonome et appréciée de toute l’équipe.',
  };
  const quote = (value: string) => (/[",\n;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const columns = [...COHORT_COLUMNS, ...OPTIONAL_COHORT_COLUMNS];
  return `${columns.join(',')}\n${columns.map((column) => quote(example[column])).join(',')}\n`;
}
