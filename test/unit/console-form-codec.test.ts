import { describe, expect, it } from 'vitest';
import { bodyOfForm, formOfBody, inputId, inputOfError, type FieldCodec } from '../../src/http/console/form-codec.js';

const CODECS: FieldCodec[] = [
  { pointer: '/participant/email', type: 'string' },
  { pointer: '/participant/qualification/title', type: 'string' },
  { pointer: '/participant/qualification/eqfLevel', type: 'integer' },
  { pointer: '/workingLanguages', type: 'list' },
  { pointer: '/plannedLearningOutcomes', type: 'titles' },
  { pointer: '/outcomesAchieved', type: 'indexes' },
  { pointer: '/ufm/part1', type: 'number' },
  { pointer: '/ufm/specialtyExamsPassed', type: 'boolean' },
];

describe('console forms as API bodies', () => {
  it('when a form is posted, then each input sets its pointer, typed, and empty inputs leave their member (and empty objects) out', () => {
    expect(
      bodyOfForm(
        {
          '/participant/email': ' lea@example.org ',
          '/participant/qualification/title': '',
          '/participant/qualification/eqfLevel': '',
          '/workingLanguages': 'es, en;ca',
          '/plannedLearningOutcomes': 'Cook paella\r\n\r\n  Work in a team \n',
          '/outcomesAchieved': ['0', '1'],
          '/ufm/part1': '6,5',
          '/ufm/specialtyExamsPassed': 'no',
        },
        CODECS,
      ),
    ).toEqual({
      participant: { email: 'lea@example.org' },
      workingLanguages: ['es', 'en', 'ca'],
      plannedLearningOutcomes: [{ title: 'Cook paella' }, { title: 'Work in a team' }],
      outcomesAchieved: [0, 1],
      ufm: { part1: 6.5, specialtyExamsPassed: false },
    });
  });

  it('when the box of titles is left empty, then it is a list of none (a stay may plan no outcome), not a missing member', () => {
    expect(bodyOfForm({ '/participant/email': 'lea@example.org', '/plannedLearningOutcomes': ' \n ' }, CODECS)).toEqual({ participant: { email: 'lea@example.org' }, plannedLearningOutcomes: [] });
  });

  it('when a number is not one, then the text is kept so that the schema refuses it by its field', () => {
    expect(bodyOfForm({ '/participant/qualification/eqfLevel': '4.5', '/ufm/part1': 'six' }, CODECS)).toEqual({ participant: { qualification: { eqfLevel: '4.5' } }, ufm: { part1: 'six' } });
  });

  it('when a body is shown in its form, then reading the form back gives the same body', () => {
    const body = { participant: { email: 'tom@example.org', qualification: { title: 'CAP Cuisine', eqfLevel: 3 } }, workingLanguages: ['de'], plannedLearningOutcomes: [{ title: 'Bake bread' }], outcomesAchieved: [0], ufm: { part1: 7, specialtyExamsPassed: true } };
    expect(bodyOfForm(formOfBody(body, CODECS), CODECS)).toEqual(body);
  });

  it('when an error names a field, then it points at that input, or the nearest one around or inside it', () => {
    expect(inputOfError({ field: '/participant/email', message: '' }, CODECS)).toBe('/participant/email');
    expect(inputOfError({ field: '/workingLanguages/1', message: '' }, CODECS)).toBe('/workingLanguages');
    expect(inputOfError({ field: '/participant/qualification', message: '' }, CODECS)).toBe('/participant/qualification/title');
    expect(inputOfError({ field: '/', message: '' }, CODECS)).toBeUndefined();
    expect(inputId('/hostOrganisation/mentor/email')).toBe('f-hostOrganisation-mentor-email');
  });
});
