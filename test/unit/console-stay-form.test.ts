import { describe, expect, it } from 'vitest';
import { readProjectSchemas, type ProjectSchema } from '../../src/json-schemas.js';
import { bodyOfForm } from '../../src/http/console/form-codec.js';
import { formErrors } from '../../src/http/console/form-kit.js';
import { stayFormSpec } from '../../src/http/console/stay-forms.js';
import { WORK_MESSAGES, type WorkLanguage } from '../../src/http/console/work-messages.js';
import { RuleViolationError, ValidationError } from '../../src/errors.js';

/** The members a schema requires whatever else is given: required all the way down from the top. */
function alwaysRequired(schema: ProjectSchema, at = ''): string[] {
  const properties = (schema.properties ?? {}) as Record<string, ProjectSchema>;
  return ((schema.required ?? []) as string[]).flatMap((name) => {
    const child = properties[name];
    const pointer = `${at}/${name}`;
    return child?.type === 'object' ? alwaysRequired(child, pointer) : [pointer];
  });
}

const LANGUAGES: WorkLanguage[] = ['fr', 'en'];

describe('the console stay form', () => {
  it.each(LANGUAGES)('when it is shown in %s, then an input says "(required)" exactly when the API requires it, unless the form always sends it', (language) => {
    const spec = stayFormSpec(WORK_MESSAGES[language], language);
    const inputs = spec.groups.flatMap((group) => group.inputs);
    const schema = readProjectSchemas().find((candidate) => candidate.$id === 'urn:mobicred:schema:mobility-create')!;
    // An input left empty that still makes its member (an empty list of outcomes) can never be missing.
    const sentEmpty = bodyOfForm(Object.fromEntries(inputs.map((input) => [input.pointer, ''])), spec.codecs);
    const required = alwaysRequired(schema).filter((pointer) => pointer !== '/issuerId' && !(pointer.slice(1) in sentEmpty));
    expect(inputs.filter((input) => input.required).map((input) => input.pointer).sort()).toEqual(required.sort());
  });

  it.each(LANGUAGES)('when it is shown in %s, then no two inputs have the same label (an error names the one at fault)', (language) => {
    const labels = stayFormSpec(WORK_MESSAGES[language], language).groups.flatMap((group) => group.inputs.map((input) => input.label));
    expect(labels.filter((label, index) => labels.indexOf(label) !== index)).toEqual([]);
  });

  it('when the schema and a rule both refuse it, then each input at fault gets one error, in the order of the form, a missing host naming each of its required inputs', () => {
    const m = WORK_MESSAGES.en;
    const spec = stayFormSpec(m, 'en');
    const inputs = spec.groups.flatMap((group) => group.inputs);
    const errors = formErrors(
      [
        new ValidationError('missing', [
          { field: '/hostOrganisation', message: 'must have required property \'hostOrganisation\'' },
          { field: '/participant/qualification/eqfLevel', message: 'must have required property \'eqfLevel\'' },
          { field: '/participant/email', message: 'must match format "email"' },
          { field: '/participant/email', message: 'must have required property \'email\'' },
        ]),
        new RuleViolationError([{ rule: 'end-not-before-start', field: '/endDate', message: 'The stay cannot end before it starts' }]),
      ],
      inputs,
      spec.codecs,
      m,
    );
    expect(errors.map((error) => [error.pointer, error.label, error.message])).toEqual([
      ['/participant/email', 'Participant’s email address', 'is not valid'],
      ['/participant/qualification/eqfLevel', 'EQF level', 'is needed with the other details you gave beside it'],
      ['/endDate', 'Last day', 'The stay cannot end before it starts.'],
      ['/hostOrganisation/legalName', 'Host organisation’s name', 'is required'],
      ['/hostOrganisation/countryCode', 'Host country', 'is required'],
      ['/hostOrganisation/city', 'City', 'is required'],
      ['/hostOrganisation/mentor/name', 'Mentor’s name', 'is required'],
      ['/hostOrganisation/mentor/role', 'Mentor’s position', 'is required'],
      ['/hostOrganisation/mentor/email', 'Mentor’s email address', 'is required'],
    ]);
  });
});
