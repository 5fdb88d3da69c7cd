import { describe, expect, it } from 'vitest';
import {
  buildCompletionRecord,
  completedElementIds,
  echelleStage,
  elementTerms,
  frenchLevelsOf,
  median,
  prescribedElementIds,
  PRESCRIPTION_ACHIEVEMENT_TYPE,
} from '../../src/domain/pathways.js';
import { pathwayStatisticsCsv } from '../../src/services/pathway-statistics.js';

const ELEMENT = { id: 'https://mobicred.test/achievements/a#element-2', name: 'Stage', competencyCode: 'S-01', framework: 'Référentiel' };

describe('pathways, pure', () => {
  it('when a median is asked of an odd, an even and an empty list, then it is the middle, the mean of the two middles, and undefined', () => {
    expect(median([70, 30, 50])).toBe(50);
    expect(median([30, 40, 50, 60, 70, 200, 200, 200])).toBe(65);
    expect(median([])).toBeUndefined();
  });

  it('when the Échelle stage of each level is asked, then 1–4 is débutant, 5–8 intermédiaire, 9–12 avancé', () => {
    expect([1, 4, 5, 8, 9, 12].map((level) => echelleStage(level, 'fr'))).toEqual(['débutant', 'débutant', 'intermédiaire', 'intermédiaire', 'avancé', 'avancé']);
  });

  it('when an element’s terms are written, then they say its kind, hours, placement and deadline in the language asked', () => {
    const element = { competencyCode: 'S-01', referential: { name: 'R', url: 'https://r.example' }, title: 'Stage', kind: 'stage' as const, hours: 210, stageRequired: true, deadline: '2028-06-30' };
    expect(elementTerms(element, 'en')).toBe('prescribed work placement · 210 h · work placement required · to be completed by 2028-06-30');
  });

  it('when a completion record is read back, then only its Completed results aligned with a prescription element name an element, and its French levels are found', () => {
    const record = buildCompletionRecord({ element: ELEMENT, outcome: 'francisation', completedOn: '2026-05-01', achievementId: 'https://mobicred.test/achievements/f', frenchLevels: { 'production-orale': 7 }, language: 'fr' });
    const credential = { credentialSubject: { result: record.result } };
    expect(completedElementIds(credential)).toEqual([ELEMENT.id]);
    expect(frenchLevelsOf(credential)).toEqual({ 'production-orale': 7 });
    const inProgress = { credentialSubject: { result: [{ ...record.result![0], status: 'InProgress' }] } };
    expect(completedElementIds(inProgress)).toEqual([]);
    const otherAlignment = { credentialSubject: { result: [{ status: 'Completed', alignment: [{ targetType: 'ceasn:Competency', targetUrl: ELEMENT.id }] }] } };
    expect(completedElementIds(otherAlignment)).toEqual([]);
    expect(prescribedElementIds(credential)).toBeUndefined();
    expect(prescribedElementIds({ credentialSubject: { achievement: { achievementType: PRESCRIPTION_ACHIEVEMENT_TYPE, resultDescription: [{ id: ELEMENT.id }] } } })).toEqual([ELEMENT.id]);
  });

  it('when statistics are written as CSV, then suppressed cells say so, text is quoted, and a formula is made inert', () => {
    const csv = pathwayStatisticsCsv({
      suppressedBelow: 5,
      rows: [
        { profession: '=HYPERLINK("x")', year: 2026, element: { competencyCode: 'C-1', title: 'Soins, urgence' }, institution: null, prescriptionsIssued: 6, elementsCompleted: null, medianDaysToCompletion: null },
        { profession: 'Infirmière', year: 2026, element: { competencyCode: 'C-1', title: 'Soins' }, institution: 'Cégep', prescriptionsIssued: null, elementsCompleted: 5, medianDaysToCompletion: 50 },
      ],
    });
    expect(csv.split('\r\n')).toEqual([
      'profession,year,element_code,element_title,institution,prescriptions_issued,elements_completed,median_days_to_completion',
      `"'=HYPERLINK(""x"")",2026,C-1,"Soins, urgence",,6,suppressed,suppressed`,
      'Infirmière,2026,C-1,Soins,Cégep,,5,50',
      '',
    ]);
  });
});
