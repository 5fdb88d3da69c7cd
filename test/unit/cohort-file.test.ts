import { describe, expect, it } from 'vitest';
import { COHORT_COLUMNS, CohortFileError, cohortColumnOf, readCohortFile } from '../../src/batches/cohort-file.js';
import { cohortCsv } from '../support/cohort.js';

const read = (overrides: Parameters<typeof cohortCsv>[1]) => () => readCohortFile(Buffer.from(cohortCsv(2, overrides)));

describe('cohort files: spreadsheet formulas (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example")', 'name'],
    ['@SUM(1+1)*cmd|\' /C calc\'!A0', 'name'],
    ["-2+3+cmd|' /C calc'!A0", 'mentor_comment'],
    ['+1+cmd|\' /C calc\'!A0', 'host_city'],
    ['-A1', 'mentor_name'],
    ['- très bon stage', 'mentor_comment'],
    ["|cmd' /C calc'!A0", 'mentor_role'],
    ['\t=1+1', 'mentor_comment'],
    ['\r=1+1', 'mentor_comment'],
  ])('when a cell holds %j, then the whole file is refused, naming its column', (value, column) => {
    expect(read({ 1: { [column]: value } })).toThrow(CohortFileError);
    expect(read({ 1: { [column]: value } })).toThrow(new RegExp(`^Line 3, column ${column}: .* is a spreadsheet formula`));
  });

  it.each(['-2', '+3', '-0,5', '12.5', '-', 'Jean-Pierre', 'Saint-Malo', 'a+b', 'x|y'])('when a cell holds %j (a number, a sign alone or a hyphenated word), then it is read', (value) => {
    expect(read({ 0: { mentor_comment: value } })).not.toThrow();
  });
});

/**
 * The same two participants, once as French Excel saves "CSV UTF-8" (a byte order mark, CRLF, ";" between
 * columns, quotes only around cells holding ";" or a quote, dd/mm/yyyy dates, decimal commas), once as a comma
 * file with ISO dates and decimal points.
 */
const FRENCH_EXCEL = Buffer.from(
  '\uFEFF' +
    [
      COHORT_COLUMNS.join(';'),
      'lea.martin@example.org;Léa Martin;learner;Bac pro Cuisine;bac-pro;4;work-placement;erasmus-plus-ka1;04/05/2026;29/05/2026;"Restaurante La Albufera; S.L.";ES;Valencia;;Carmen Ruiz;Jefa de cocina;carmen@albufera.example.es;es;"Prepare regional dishes; Work in a team in a foreign kitchen";proficient;;developing;developing;advanced;proficient;es;A2;B1;6,5;9,25;oui;"Autonome, appréciée de toute l’équipe; ""sérieuse"""',
      'tom.durand@example.org;Tom Durand;learner;Bac pro Cuisine;bac-pro;4;work-placement;erasmus-plus-ka1;04/05/2026;29/05/2026;Gasthaus Zum Löwen GmbH, Berlin;DE;Berlin;;Katrin Weber;Küchenchefin;k.weber@loewen.example.de;de;Prepare regional dishes;proficient;;developing;developing;advanced;proficient;de;A2;B1;7;10;oui;Très bon stage, motivé.',
    ].join('\r\n') +
    '\r\n',
);
const COMMA_FILE = [
  COHORT_COLUMNS.join(','),
  'lea.martin@example.org,Léa Martin,learner,Bac pro Cuisine,bac-pro,4,work-placement,erasmus-plus-ka1,2026-05-04,2026-05-29,Restaurante La Albufera; S.L.,ES,Valencia,,Carmen Ruiz,Jefa de cocina,carmen@albufera.example.es,es,Prepare regional dishes; Work in a team in a foreign kitchen,proficient,,developing,developing,advanced,proficient,es,A2,B1,6.5,"9,25",oui,"Autonome, appréciée de toute l’équipe; ""sérieuse"""',
  'tom.durand@example.org,Tom Durand,learner,Bac pro Cuisine,bac-pro,4,work-placement,erasmus-plus-ka1,2026-05-04,2026-05-29,"Gasthaus Zum Löwen GmbH, Berlin",DE,Berlin,,Katrin Weber,Küchenchefin,k.weber@loewen.example.de,de,Prepare regional dishes,proficient,,developing,developing,advanced,proficient,de,A2,B1,7,10,oui,"Très bon stage, motivé."',
].join('\n');

const semicolons = (count: number, overrides: Parameters<typeof cohortCsv>[1] = {}) => Buffer.from(cohortCsv(count, overrides, { separator: ';' }));

describe('cohort files from French Excel: ";" between columns, dd/mm/yyyy dates, decimal commas', () => {
  it('when French Excel’s export is read, then its cells, quoted ";" and "," included, give the same records as the comma file', () => {
    const french = readCohortFile(FRENCH_EXCEL);
    expect(french).toEqual(readCohortFile(Buffer.from(COMMA_FILE)));
    expect(french.map((row) => row.line)).toEqual([2, 3]);
    const [lea, tom] = french;
    expect(lea!.mobility).toMatchObject({ startDate: '2026-05-04', endDate: '2026-05-29', hostOrganisation: { legalName: 'Restaurante La Albufera; S.L.', countryCode: 'ES' } });
    expect(lea!.mobility.plannedLearningOutcomes).toEqual([{ title: 'Prepare regional dishes' }, { title: 'Work in a team in a foreign kitchen' }]);
    expect(lea!.assessment).toMatchObject({ ufm: { part1: 6.5, part2: 9.25, specialtyExamsPassed: true }, mentorComment: 'Autonome, appréciée de toute l’équipe; "sérieuse"' });
    expect(tom!.mobility.hostOrganisation.legalName).toBe('Gasthaus Zum Löwen GmbH, Berlin');
    expect(tom!.assessment.mentorComment).toBe('Très bon stage, motivé.');
  });

  it('when a decimal comma or a dd/mm/yyyy date sits in another column, then it is kept as written', () => {
    const [row] = readCohortFile(semicolons(1, { 0: { host_city: '6,5', mentor_comment: '04/05/2026' } }));
    expect(row!.mobility.hostOrganisation.city).toBe('6,5');
    expect(row!.assessment.mentorComment).toBe('04/05/2026');
  });

  it.each([
    ['31/02/2026', '31/02/2026'],
    ['4/5/2026', '4/5/2026'],
    ['04/05/26', '04/05/26'],
    ['29/02/2028', '2028-02-29'],
    ['2026-05-04', '2026-05-04'],
  ])('when a start date is written %j, then it is read as %j (only a real dd/mm/yyyy day becomes ISO; the rest is left for the row’s checks)', (written, read) => {
    const [row] = readCohortFile(semicolons(1, { 0: { start_date: written } }));
    expect(row!.mobility.startDate).toBe(read);
  });

  it('when a mark is not a plain number, then it is kept as text for the row’s checks to refuse', () => {
    const [row] = readCohortFile(semicolons(1, { 0: { ufm_part1: '6,5,1', ufm_part2: '1e1' } }));
    expect(row!.assessment.ufm).toMatchObject({ part1: '6,5,1', part2: '1e1' });
  });

  it('when the spreadsheet exported rows left blank (";;;…"), then they are skipped and the next rows keep their line', () => {
    const [header, first, second] = cohortCsv(2, {}, { separator: ';' }).split('\r\n');
    const blank = ';'.repeat(COHORT_COLUMNS.length - 1);
    const rows = readCohortFile(Buffer.from([header, first, blank, second, blank, ''].join('\r\n')));
    expect(rows.map((row) => [row.line, row.mobility.participant.email])).toEqual([[2, 'learner0@example.org'], [4, 'learner1@example.org']]);
  });

  it.each([
    ['=HYPERLINK("http://evil.example";"Cliquez")', 'name'],
    ["-2+3+cmd|' /C calc'!A0", 'mentor_comment'],
    ['@SUM(1+1)', 'host_city'],
    ['- très bon stage', 'mentor_comment'],
  ])('when a semicolon file holds the formula %j, then the whole file is still refused, naming its line and column', (value, column) => {
    const file = () => readCohortFile(semicolons(2, { 1: { [column]: value } }));
    expect(file).toThrow(CohortFileError);
    expect(file).toThrow(new RegExp(`^Line 3, column ${column}: .* is a spreadsheet formula`));
  });

  it.each(['-0,5', '+3', '-'])('when a semicolon file holds %j (a number or a sign alone), then it is read', (value) => {
    expect(() => readCohortFile(semicolons(1, { 0: { mentor_comment: value } }))).not.toThrow();
  });
});

describe('cohort files: a header that names the columns otherwise', () => {
  const refusal = (header: string) => {
    try {
      readCohortFile(Buffer.from(`${header}\r\n${cohortCsv(1, {}, { separator: ';' }).split('\r\n')[1]}\r\n`));
    } catch (error) {
      if (error instanceof CohortFileError) return { message: error.message, field: error.field };
    }
    throw new Error('the file was accepted');
  };

  it('when a semicolon header lacks a column, then the error names the column, the separator it was read with, and the expected columns', () => {
    const { message, field } = refusal(COHORT_COLUMNS.join(';').replace('mentor_email', 'mentor_mail'));
    expect(field).toBe('mentor_email');
    expect(message).toMatch(/^Missing column\(s\): mentor_email \(the header was read with ";" as the separator\)\./);
    expect(message).toContain(`separated by "," or ";": ${COHORT_COLUMNS.join(', ')}`);
  });

  it('when the header is separated by tabs, then the error says so and lists the expected columns', () => {
    const { message, field } = refusal(COHORT_COLUMNS.join('\t'));
    expect(field).toBe('file');
    expect(message).toMatch(/separated by tabs/);
    expect(message).toContain(COHORT_COLUMNS.join(', '));
  });

  it('when a header with ";" names none of the columns, then the error mentions both separators and the expected columns', () => {
    const { message, field } = refusal('courriel;nom;date_début');
    expect(field).toBe('file');
    expect(message).toMatch(/^The header names none of the expected columns, whether its columns are read as separated by "," or by ";"\./);
    expect(message).toContain(COHORT_COLUMNS.join(', '));
  });

  it('when a comma header lacks a column, then the error names it and the expected columns, without speaking of separators it does not use', () => {
    const { message, field } = refusal(COHORT_COLUMNS.join(',').replace('email,', 'mail,'));
    expect(field).toBe('email');
    expect(message).toMatch(/^Missing column\(s\): email\. The header must name these columns/);
  });
});

describe('cohort files: the optional columns (class, minors and their guardians)', () => {
  it('when a file gives a class, a date of birth (dd/mm/yyyy or ISO), the minor mark and a guardian, then the stay records them; files without those columns read as before', () => {
    const [first, second, third] = readCohortFile(
      Buffer.from(
        cohortCsv(3, {
          0: { class: '1re Bac pro Cuisine B', date_of_birth: '14/09/2009', guardian_email: 'parent.eleve0@example.org' },
          1: { minor: 'oui' },
          2: { date_of_birth: '2007-03-02' },
        }),
      ),
    );
    expect(first!.mobility.participant).toMatchObject({ class: '1re Bac pro Cuisine B', dateOfBirth: '2009-09-14', guardianEmail: 'parent.eleve0@example.org' });
    expect(first!.mobility.participant).not.toHaveProperty('minor');
    expect(second!.mobility.participant).toMatchObject({ minor: true });
    expect(second!.mobility.participant).not.toHaveProperty('dateOfBirth');
    expect(third!.mobility.participant).toMatchObject({ dateOfBirth: '2007-03-02' });
    expect(readCohortFile(Buffer.from(cohortCsv(1)))[0]!.mobility.participant).not.toHaveProperty('class');
    expect(cohortColumnOf('/participant/dateOfBirth')).toBe('date_of_birth');
    expect(cohortColumnOf('/participant/guardianEmail')).toBe('guardian_email');
  });
});

describe('cohort files: yes and no', () => {
  it('when a yes/no cell says yes or no as people and French Excel write it, then it is read so; anything else is kept for the row to be refused', () => {
    const rows = readCohortFile(Buffer.from(cohortCsv(6, { 0: { minor: 'VRAI' }, 1: { minor: 'x' }, 2: { minor: 'FAUX' }, 3: { minor: 'non' }, 4: { minor: 'peut-être' }, 5: { ufm_exams_passed: 'NON' } })));
    expect(rows.map((row) => (row.mobility.participant as { minor?: unknown }).minor)).toEqual([true, true, undefined, undefined, 'peut-être', undefined]);
    expect(rows[5]!.assessment.ufm).toMatchObject({ specialtyExamsPassed: false });
    expect(rows[0]!.assessment.ufm).toMatchObject({ specialtyExamsPassed: true });
    // Left empty beside UFM marks: left out (the row is then refused as in the API), never signed as "not passed".
    expect(readCohortFile(Buffer.from(cohortCsv(1, { 0: { ufm_exams_passed: '' } })))[0]!.assessment.ufm).not.toHaveProperty('specialtyExamsPassed');
  });
});
