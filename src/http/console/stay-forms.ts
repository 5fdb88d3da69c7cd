import countries from 'i18n-iso-countries';
import { CEFR_LEVELS } from '../../domain/cefr.js';
import { MOBILITY_TYPES, PARTICIPANT_KINDS, PROGRAMMES, type MobilityRecord } from '../../domain/mobility.js';
import { SKILL_AREAS, SKILL_LEVELS } from '../../domain/mobility-achievements.js';
import { COMPETENCE_LEVELS, type UfmScheme } from '../../domain/ufm.js';
import type { FieldCodec, FieldType } from './form-codec.js';
import { optionsOf, type Input } from './form-kit.js';
import type { WorkLanguage, WorkMessages } from './work-messages.js';

/**
 * The stay and assessment forms: their inputs (named by the JSON Pointer of the API body they build) and how
 * each is read. The body is then the API's own (POST /v1/mobilities, PUT …/assessment).
 */

export interface FormSpec {
  /** The inputs, grouped as the page shows them. */
  groups: { legend: string; inputs: Input[] }[];
  codecs: FieldCodec[];
}

function spec(groups: { legend: string; inputs: (Input & { type?: FieldType })[] }[]): FormSpec {
  return {
    groups,
    codecs: groups.flatMap((group) => group.inputs.map((input) => ({ pointer: input.pointer, type: input.type ?? 'string' }))),
  };
}

/** Countries by their name in the page's language. */
export function countryOptions(language: WorkLanguage): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([language], { type: 'region' });
  return Object.keys(countries.getAlpha2Codes())
    .map((code) => ({ value: code, label: names.of(code) ?? code }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
}


export function languageName(code: string, language: WorkLanguage): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function stayFormSpec(m: WorkMessages, language: WorkLanguage): FormSpec {
  const f = m.stayForm;
  return spec([
    {
      legend: f.participant,
      inputs: [
        { pointer: '/participant/kind', label: f.kind, control: 'select', required: true, options: optionsOf(PARTICIPANT_KINDS, m.participantKinds, m.common.choose) },
        { pointer: '/participant/name', label: f.name, hint: f.nameHint, control: 'text', autocomplete: 'off' },
        { pointer: '/participant/email', label: f.email, hint: f.emailHint, control: 'email', required: true, autocomplete: 'off' },
        { pointer: '/participant/class', label: f.class, hint: f.classHint, control: 'text' },
        { pointer: '/participant/dateOfBirth', label: f.dateOfBirth, hint: f.dateOfBirthHint, control: 'date' },
        { pointer: '/participant/minor', label: f.minor, hint: f.minorHint, control: 'select', type: 'boolean', options: [{ value: '', label: '' }, { value: 'yes', label: m.common.yes }, { value: 'no', label: m.common.no }] },
        { pointer: '/participant/guardianEmail', label: f.guardianEmail, hint: f.guardianEmailHint, control: 'email', autocomplete: 'off' },
        { pointer: '/participant/qualification/title', label: f.qualification, control: 'text' },
        { pointer: '/participant/qualification/diploma', label: f.diploma, control: 'select', options: optionsOf(['bac-pro', 'cap', 'bp', 'bma', 'other'] as const, m.diplomas, '') },
        { pointer: '/participant/qualification/eqfLevel', label: f.eqfLevel, hint: f.eqfHint, control: 'number', type: 'integer' },
      ],
    },
    {
      legend: f.stay,
      inputs: [
        { pointer: '/type', label: f.type, control: 'select', required: true, options: optionsOf(MOBILITY_TYPES, m.stayTypes, m.common.choose) },
        { pointer: '/programme', label: f.programme, control: 'select', required: true, options: optionsOf(PROGRAMMES, m.programmes, m.common.choose) },
        { pointer: '/startDate', label: f.startDate, control: 'date', required: true },
        { pointer: '/endDate', label: f.endDate, control: 'date', required: true },
      ],
    },
    {
      legend: f.host,
      inputs: [
        { pointer: '/hostOrganisation/legalName', label: f.legalName, control: 'text', required: true },
        { pointer: '/hostOrganisation/countryCode', label: f.countryCode, control: 'select', required: true, options: [{ value: '', label: m.common.choose }, ...countryOptions(language)] },
        { pointer: '/hostOrganisation/city', label: f.city, control: 'text', required: true },
        { pointer: '/hostOrganisation/url', label: f.url, control: 'url' },
      ],
    },
    {
      legend: f.mentor,
      inputs: [
        { pointer: '/hostOrganisation/mentor/name', label: f.mentorName, control: 'text', required: true },
        { pointer: '/hostOrganisation/mentor/role', label: f.mentorRole, control: 'text', required: true },
        { pointer: '/hostOrganisation/mentor/email', label: f.mentorEmail, control: 'email', required: true },
      ],
    },
    {
      legend: f.languages,
      inputs: [
        { pointer: '/workingLanguages', label: f.workingLanguages, hint: f.workingLanguagesHint, control: 'text', required: true, type: 'list' },
        { pointer: '/plannedLearningOutcomes', label: f.outcomes, hint: f.outcomesHint, control: 'textarea', type: 'titles' },
      ],
    },
  ]);
}

/** The assessment form of a stay: outcomes it planned, the school's UFM competences when the UFM applies. */
export function assessmentFormSpec(m: WorkMessages, language: WorkLanguage, stay: { record: MobilityRecord; ufmApplies: boolean; ufmScheme: UfmScheme }): FormSpec {
  const a = m.assessment;
  const levels = optionsOf(SKILL_LEVELS, m.skillLevels, m.common.notAssessed);
  const cefr = [{ value: '', label: m.common.notAssessed }, ...CEFR_LEVELS.map((level) => ({ value: level, label: level }))];
  const groups: { legend: string; inputs: (Input & { type?: FieldType })[] }[] = [
    {
      legend: a.skills,
      inputs: (Object.keys(SKILL_AREAS) as (keyof typeof SKILL_AREAS)[]).map((area) => ({ pointer: `/skills/${area}`, label: SKILL_AREAS[area][language], control: 'select', options: levels })),
    },
  ];
  if (stay.record.plannedLearningOutcomes.length > 0) {
    groups.push({
      legend: a.outcomesReached,
      inputs: [
        {
          pointer: '/outcomesAchieved',
          label: a.outcomesReached,
          control: 'checkboxes',
          type: 'indexes',
          options: stay.record.plannedLearningOutcomes.map((outcome, index) => ({ value: String(index), label: outcome.title })),
        },
      ],
    });
  }
  groups.push({
    legend: a.language,
    inputs: [
      { pointer: '/language/code', label: a.languageCode, hint: a.languageHint, control: 'text' },
      { pointer: '/language/before', label: a.before, control: 'select', options: cefr },
      { pointer: '/language/reached', label: a.reached, control: 'select', options: cefr },
    ],
  });
  if (stay.ufmApplies) {
    const scheme = stay.ufmScheme;
    groups.push({
      legend: a.ufm,
      inputs: [
        { pointer: '/ufm/part1', label: a.part1(scheme.part1Points), control: 'number', type: 'number' },
        { pointer: '/ufm/part2', label: a.part2(scheme.part2Points), control: 'number', type: 'number' },
        ...scheme.competences.map(
          (competence): Input => ({
            pointer: `/ufm/competences/${competence.code}`,
            label: `${competence.code} — ${competence.name[language]}`,
            control: 'select',
            options: optionsOf(COMPETENCE_LEVELS, m.competenceLevels, m.common.notAssessed),
          }),
        ),
        { pointer: '/ufm/specialtyExamsPassed', label: a.specialtyExams, control: 'select', type: 'boolean', options: [{ value: '', label: m.common.choose }, { value: 'yes', label: m.common.yes }, { value: 'no', label: m.common.no }] },
      ],
    });
  }
  groups.push({ legend: a.mentorComment, inputs: [{ pointer: '/mentorComment', label: a.mentorComment, hint: a.mentorCommentHint, control: 'textarea' }] });
  return spec(groups);
}
