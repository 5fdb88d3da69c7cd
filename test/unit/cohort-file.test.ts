import { describe, expect, it } from 'vitest';
import { CohortFileError, readCohortFile } from '../../src/batches/cohort-file.js';
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
