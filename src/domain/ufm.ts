import type { RuleViolation } from './mobility.js';

/**
 * The optional mobility unit (unité facultative de mobilité, UFM) of the Bac pro, CAP, BP and BMA
 * (arrêtés of 30 August 2019). Part 1 is assessed abroad by the host at the end of the stay; part 2 in
 * France within three months of return. The unit's mark and the MobilitéPro attestation are two results:
 * as an optional unit, only points above 10 count towards the diploma; the attestation goes to a mark of at
 * least 10/20 with the specialty exams passed, and a candidate without the diploma keeps the benefit of the
 * evaluation for five years. So a mark is never a failure. The wording of the competences and the points of each part are not settled
 * by a source at hand: they are a scheme a school can change.
 */

interface UfmCompetence {
  code: string;
  part: 1 | 2;
  name: { fr: string; en: string };
}

export interface UfmScheme {
  competences: UfmCompetence[];
  part1Points: number;
  part2Points: number;
  passMark: number;
  /** Whether a mark under the pass mark is still issued as a credential: the school's choice, not by default. */
  issueBelowPassMark?: boolean;
}

export const DEFAULT_UFM_SCHEME: UfmScheme = {
  competences: [
    { code: 'C1', part: 1, name: { fr: 'Comprendre et se faire comprendre dans un contexte professionnel étranger', en: 'Understand and make oneself understood in a foreign work context' } },
    { code: 'C2', part: 2, name: { fr: 'Caractériser le contexte professionnel étranger', en: 'Characterise the foreign work context' } },
    { code: 'C3', part: 1, name: { fr: 'Réaliser partiellement une activité professionnelle, sous contrôle, à l’étranger', en: 'Carry out part of a work activity under supervision abroad' } },
    { code: 'C4', part: 2, name: { fr: 'Comparer des activités professionnelles similaires, réalisées ou observées, à l’étranger et en France', en: 'Compare similar work activities abroad and in France' } },
    { code: 'C5', part: 2, name: { fr: 'Repérer des éléments culturels du contexte d’accueil', en: 'Identify cultural features of the host context' } },
    { code: 'C6', part: 2, name: { fr: 'Comparer des éléments culturels du pays d’accueil avec ceux de la France', en: 'Compare cultural features of the host country with French ones' } },
  ],
  part1Points: 8,
  part2Points: 12,
  passMark: 10,
  issueBelowPassMark: false,
};

export const COMPETENCE_LEVELS = ['not-acquired', 'partially-acquired', 'acquired'] as const;
export type CompetenceLevel = (typeof COMPETENCE_LEVELS)[number];

interface UfmAssessment {
  part1?: number;
  part2?: number;
  competences?: Record<string, CompetenceLevel>;
  specialtyExamsPassed?: boolean;
}

export interface UfmOutcome {
  part1: number;
  part2: number;
  total: number;
  /** The MobilitéPro attestation: a total of at least the pass mark, with the specialty exams passed. */
  attestation: boolean;
  competences: Record<string, CompetenceLevel>;
}

/** Grades a UFM assessment, or says at which field it cannot be graded. Marks are in half points or finer. */
export function gradeUfm(assessment: UfmAssessment, scheme: UfmScheme): { outcome?: UfmOutcome; violations: RuleViolation[] } {
  const violations: RuleViolation[] = [];
  const parts = [
    { field: '/ufm/part1', mark: assessment.part1, max: scheme.part1Points, label: 'part 1 (abroad)' },
    { field: '/ufm/part2', mark: assessment.part2, max: scheme.part2Points, label: 'part 2 (in France)' },
  ];
  for (const { field, mark, max, label } of parts) {
    if (mark === undefined) violations.push({ rule: 'ufm-both-parts', field, message: `The mark of ${label} is missing` });
    else if (mark < 0 || mark > max) violations.push({ rule: 'ufm-part-maximum', field, message: `The mark of ${label} must be between 0 and ${max}` });
  }
  if (assessment.specialtyExamsPassed === undefined) {
    violations.push({ rule: 'ufm-specialty-exams', field: '/ufm/specialtyExamsPassed', message: 'Say whether the specialty exams were passed: the attestation depends on it' });
  }
  const codes = new Set(scheme.competences.map((competence) => competence.code));
  for (const code of Object.keys(assessment.competences ?? {})) {
    if (!codes.has(code)) violations.push({ rule: 'ufm-known-competence', field: `/ufm/competences/${code}`, message: `${code} is not a competence of this unit` });
  }
  const total = (assessment.part1 ?? 0) + (assessment.part2 ?? 0);
  if (total > scheme.part1Points + scheme.part2Points) {
    violations.push({ rule: 'ufm-total-maximum', field: '/ufm', message: `The total cannot exceed ${scheme.part1Points + scheme.part2Points}` });
  }
  if (violations.length > 0) return { violations };
  return {
    violations,
    outcome: {
      part1: assessment.part1!,
      part2: assessment.part2!,
      total,
      attestation: total >= scheme.passMark && assessment.specialtyExamsPassed === true,
      competences: assessment.competences ?? {},
    },
  };
}

/** Whether a graded UFM is issued as a credential: at the pass mark or above, or below it if the school chose so. */
export function ufmCredentialIssued(outcome: UfmOutcome, scheme: UfmScheme): boolean {
  return outcome.total >= scheme.passMark || scheme.issueBelowPassMark === true;
}

/**
 * The exam session a stay belongs to: the June session of the school year it ends in (a stay ending from
 * 1 September of year S−1 to 31 August of year S is in session S).
 */
export function examSessionOf(endDate: string): number {
  const [year, month] = endDate.split('-').map(Number) as [number, number];
  return month >= 9 ? year + 1 : year;
}

/** A candidate's line for the jury: the marks given so far, and the attestation once both parts are marked. */
export interface UfmJuryMarks {
  part1: number | null;
  part2: number | null;
  total: number | null;
  outOf: number;
  status: 'awarded' | 'not-awarded' | 'incomplete';
}

export function juryMarks(assessment: UfmAssessment | undefined, scheme: UfmScheme): UfmJuryMarks {
  const { outcome } = gradeUfm(assessment ?? {}, scheme);
  return {
    part1: assessment?.part1 ?? null,
    part2: assessment?.part2 ?? null,
    total: outcome ? outcome.total : null,
    outOf: scheme.part1Points + scheme.part2Points,
    status: outcome ? (outcome.attestation ? 'awarded' : 'not-awarded') : 'incomplete',
  };
}
