import { COHORT_COLUMNS, OPTIONAL_COHORT_COLUMNS } from '../../src/batches/cohort-file.js';

type Column = (typeof COHORT_COLUMNS)[number] | (typeof OPTIONAL_COHORT_COLUMNS)[number];

/**
 * A cohort file as a school's spreadsheet would export it: Bac pro learners placed across Europe. Every cell is
 * quoted; `separator: ';'` separates the columns as French Excel does. An optional column is there when a row
 * gives it a value.
 */
export function cohortCsv(
  count: number,
  overrides: Record<number, Partial<Record<Column, string>>> = {},
  { separator = ',' }: { separator?: ',' | ';' } = {},
): string {
  const countries = [['ES', 'Valencia', 'es'], ['DE', 'Berlin', 'de'], ['IT', 'Bologna', 'it'], ['IE', 'Cork', 'en'], ['PT', 'Porto', 'pt']];
  const columns: readonly Column[] = [...COHORT_COLUMNS, ...OPTIONAL_COHORT_COLUMNS.filter((column) => Object.values(overrides).some((row) => row[column] !== undefined))];
  const lines = Array.from({ length: count }, (_, index) => {
    const [country, city, language] = countries[index % countries.length]!;
    const row: Record<string, string> = {
      email: `learner${index}@example.org`, name: `Élève ${index}`, participant_kind: 'learner', qualification_title: 'Bac pro Cuisine', diploma: 'bac-pro', eqf_level: '4',
      type: 'work-placement', programme: 'erasmus-plus-ka1', start_date: '2026-05-04', end_date: '2026-05-29',
      host_name: `Host ${index}, S.L.`, host_country: country!, host_city: city!, host_url: '', mentor_name: 'Mentor', mentor_role: 'Chef', mentor_email: `mentor${index}@host.example`,
      working_languages: language!, learning_outcomes: 'Prepare regional dishes; Work in a team',
      skills_job_related: 'proficient', skills_digital: '', skills_organisational: 'developing', skills_communication: 'developing', skills_intercultural: 'advanced', skills_autonomy: 'proficient',
      language_code: language!, language_before: 'A2', language_reached: 'B1',
      ufm_part1: '6', ufm_part2: '9', ufm_exams_passed: 'oui', mentor_comment: 'Très bon stage, "sérieux" et motivé.',
      ...overrides[index],
    };
    return columns.map((column) => `"${(row[column] ?? '').replace(/"/g, '""')}"`).join(separator);
  });
  return [columns.join(separator), ...lines].join('\r\n') + '\r\n';
}
