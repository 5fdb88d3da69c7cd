import { describe, expect, it } from 'vitest';
import { testSigner } from '../support/signer.js';
import { comingOfAgeDate, durationInDays, isMinorOn, validateMobility, ufmApplies, type MobilityRecord } from '../../src/domain/mobility.js';
import { DEFAULT_UFM_SCHEME, gradeUfm } from '../../src/domain/ufm.js';
import {
  languageTemplate,
  mobilityResults,
  mobilitySkillsTemplate,
  staffMobilityTemplate,
  ufmTemplate,
  type CredentialKind,
  type Template,
} from '../../src/domain/credential-kinds.js';
import { buildAchievement, buildAchievementCredential, buildIssuerProfile } from '../../src/domain/open-badges.js';
import { signDataIntegrity } from '../../src/proof/data-integrity.js';
import { createDocumentLoader } from '../../src/proof/document-loader.js';
import { officialOpenBadgeValidator } from '../support/oracles.js';

export const PLACEMENT: MobilityRecord = {
  participant: { kind: 'learner', email: 'lea.martin@example.org', name: 'Léa Martin', qualification: { title: 'Bac pro Cuisine', diploma: 'bac-pro', eqfLevel: 4 } },
  type: 'work-placement',
  programme: 'erasmus-plus-ka1',
  startDate: '2026-05-04',
  endDate: '2026-05-29',
  hostOrganisation: { legalName: 'Restaurante La Albufera S.L.', countryCode: 'ES', city: 'Valencia', mentor: { name: 'Carmen Ruiz', role: 'Jefa de cocina', email: 'carmen@albufera.example.es' } },
  workingLanguages: ['es'],
  plannedLearningOutcomes: [{ title: 'Prepare regional dishes in a professional kitchen' }, { title: 'Work in a team in a foreign kitchen' }],
};

describe('mobility rules', () => {
  it('when a four-week placement is recorded, then it breaks no rule and lasts 26 days', () => {
    expect(validateMobility(PLACEMENT)).toEqual([]);
    expect(durationInDays(PLACEMENT.startDate, PLACEMENT.endDate)).toBe(26);
    expect(ufmApplies(PLACEMENT)).toBe(true);
  });

  it('when the end is before the start, the country unknown, or the activity not for this participant, then each rule is named', () => {
    const broken = { ...PLACEMENT, endDate: '2026-05-01', type: 'job-shadowing' as const, hostOrganisation: { ...PLACEMENT.hostOrganisation, countryCode: 'XX' } };
    expect(validateMobility(broken).map((violation) => [violation.rule, violation.field])).toEqual([
      ['end-not-before-start', '/endDate'],
      ['known-country', '/hostOrganisation/countryCode'],
      ['activity-fits-participant', '/type'],
    ]);
  });

  it('when a Québec programme stay lasts 6 days, then the 7-day rule is broken; 7 days pass', () => {
    const quebec = { ...PLACEMENT, programme: 'quebec-meq' as const, startDate: '2026-05-04' };
    expect(validateMobility({ ...quebec, endDate: '2026-05-09' })).toEqual([expect.objectContaining({ rule: 'quebec-meq-minimum-7-days', field: '/endDate' })]);
    expect(validateMobility({ ...quebec, endDate: '2026-05-10' })).toEqual([]);
  });
});

describe('minors', () => {
  it('when a date of birth is recorded, then the participant is a minor until the day before their 18th birthday', () => {
    expect(comingOfAgeDate('2010-03-12')).toBe('2028-03-12');
    expect(comingOfAgeDate('2008-02-29')).toBe('2026-03-01');
    expect(isMinorOn({ dateOfBirth: '2010-03-12' }, '2028-03-11')).toBe(true);
    expect(isMinorOn({ dateOfBirth: '2010-03-12' }, '2028-03-12')).toBe(false);
  });

  it('when only "minor" is recorded, then it holds whatever the day; a date of birth wins over it; nothing recorded is an adult', () => {
    expect(isMinorOn({ minor: true }, '2090-01-01')).toBe(true);
    expect(isMinorOn({ minor: true, dateOfBirth: '2000-01-01' }, '2026-06-01')).toBe(false);
    expect(isMinorOn({}, '2026-06-01')).toBe(false);
  });

  it('when the date of birth is not before the stay, then the rule is named', () => {
    const participant = { ...PLACEMENT.participant, dateOfBirth: PLACEMENT.startDate };
    expect(validateMobility({ ...PLACEMENT, participant })).toEqual([expect.objectContaining({ rule: 'born-before-stay', field: '/participant/dateOfBirth' })]);
  });
});

describe('UFM grading', () => {
  const grade = (assessment: Parameters<typeof gradeUfm>[0]) => gradeUfm(assessment, DEFAULT_UFM_SCHEME);

  it('when the parts make 15/20 and the exams are passed, then the MobilitéPro attestation is awarded', () => {
    expect(grade({ part1: 6, part2: 9, specialtyExamsPassed: true }).outcome).toMatchObject({ total: 15, attestation: true });
  });

  it('when the mark is 9.5/20, or the exams were failed, then there is no attestation', () => {
    expect(grade({ part1: 4, part2: 5.5, specialtyExamsPassed: true }).outcome).toMatchObject({ total: 9.5, attestation: false });
    expect(grade({ part1: 8, part2: 12, specialtyExamsPassed: false }).outcome).toMatchObject({ total: 20, attestation: false });
  });

  it('when a part is missing or above its maximum, or a competence unknown, then the field is named', () => {
    expect(grade({ part1: 6, specialtyExamsPassed: true }).violations).toEqual([expect.objectContaining({ rule: 'ufm-both-parts', field: '/ufm/part2' })]);
    expect(grade({ part1: 9, part2: 12, specialtyExamsPassed: true }).violations).toEqual([
      expect.objectContaining({ rule: 'ufm-part-maximum', field: '/ufm/part1' }),
      expect.objectContaining({ rule: 'ufm-total-maximum', field: '/ufm' }),
    ]);
    expect(grade({ part1: 6, part2: 9, specialtyExamsPassed: true, competences: { C9: 'acquired' } }).violations).toEqual([
      expect.objectContaining({ field: '/ufm/competences/C9' }),
    ]);
  });
});

describe('mobility achievement templates', () => {
  const signer = testSigner();
  const validate = officialOpenBadgeValidator();
  const issuer = buildIssuerProfile({ id: signer.issuer, profile: { name: 'LP Jean Moulin' } });
  const ufm = gradeUfm({ part1: 6, part2: 9, specialtyExamsPassed: true, competences: { C1: 'acquired', C3: 'partially-acquired' } }, DEFAULT_UFM_SCHEME).outcome!;
  const assessment = { skills: { 'job-related': 'proficient', intercultural: 'advanced' } as const, outcomesAchieved: [0], language: { code: 'es', before: 'A2', reached: 'B1' } as const };
  const cases: [CredentialKind, Template][] = [];
  for (const language of ['fr', 'en'] as const) {
    cases.push(['mobility-skills', mobilitySkillsTemplate(PLACEMENT, language)], ['language', languageTemplate('es', language)], ['ufm', ufmTemplate(DEFAULT_UFM_SCHEME, language)], ['staff-mobility', staffMobilityTemplate('job-shadowing', language)]);
  }

  it.each(cases)('when the %s template is issued with its results, then the official schema accepts it and it signs in JSON-LD safe mode', async (kind, template) => {
    const achievementUrl = `https://example.org/achievements/${template.templateKey}`;
    const credential = buildAchievementCredential({
      id: 'https://example.org/credentials/1',
      issuer,
      achievement: buildAchievement({ id: achievementUrl, creator: issuer, achievement: template.achievement }),
      recipient: { email: PLACEMENT.participant.email, salt: 'salt', displayName: 'Léa Martin' },
      validFrom: '2026-07-01T00:00:00Z',
      record: {
        activityStartDate: '2026-05-04T00:00:00Z',
        activityEndDate: '2026-05-29T00:00:00Z',
        result: mobilityResults({ kind, achievementUrl, mobility: PLACEMENT, assessment, ufm }),
        source: buildIssuerProfile({ id: 'https://albufera.example.es', profile: { name: 'Restaurante La Albufera S.L.', address: { addressCountryCode: 'ES', addressLocality: 'Valencia' } } }),
        evidence: [{ id: 'https://example.org/evidence/agreement.pdf', type: ['Evidence'], name: 'Learning agreement' }],
      },
    });
    const signed = await signDataIntegrity({ credential, signer, documentLoader: createDocumentLoader(), created: new Date('2026-07-01T00:00:00Z') });
    expect(validate(signed).errors).toBeNull();
  });

  it('when the UFM template is built, then its parts and total carry the scheme points and results point at them', () => {
    const template = ufmTemplate(DEFAULT_UFM_SCHEME, 'fr');
    const byKey = Object.fromEntries(template.achievement.resultDescription!.map((description) => [description.key, description]));
    expect(byKey['part-1']).toMatchObject({ valueMax: '8' });
    expect(byKey['part-2']).toMatchObject({ valueMax: '12' });
    expect(byKey.total).toMatchObject({ valueMax: '20' });
    // The pass mark is the attestation's, not a mark the unit fails under.
    expect(byKey.total!.requiredValue).toBeUndefined();
    const results = mobilityResults({ kind: 'ufm', achievementUrl: 'https://x/a', mobility: PLACEMENT, assessment: {}, ufm });
    expect(results).toContainEqual({ type: ['Result'], resultDescription: 'https://x/a#mobilitepro', value: 'awarded' });
    expect(results).toContainEqual({ type: ['Result'], resultDescription: 'https://x/a#total', value: '15', status: 'Completed' });
  });
});
