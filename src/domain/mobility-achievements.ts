import type { CefrLevel } from './cefr.js';
import { ufmApplies, type MobilityRecord, type RuleViolation } from './mobility.js';
import { COMPETENCE_LEVELS, gradeUfm, type UfmScheme } from './ufm.js';

/**
 * What the host mentor and the school say of a stay, and what such an assessment may not say. The
 * credentials it earns are the kinds of domain/credential-kinds.
 */

export type TemplateLanguage = 'fr' | 'en';

/** Europass Mobility's skill categories. */
export const SKILL_AREAS = {
  'job-related': { fr: 'Compétences professionnelles', en: 'Job-related skills' },
  digital: { fr: 'Compétences numériques', en: 'Digital skills' },
  organisational: { fr: 'Compétences organisationnelles', en: 'Organisational skills' },
  communication: { fr: 'Compétences de communication', en: 'Communication skills' },
  intercultural: { fr: 'Compétences interculturelles', en: 'Intercultural skills' },
  autonomy: { fr: 'Autonomie', en: 'Autonomy' },
} as const;
export type SkillArea = keyof typeof SKILL_AREAS;
/** Lowest first, as OB 3.0 orders allowedValue. */
export const SKILL_LEVELS = ['emerging', 'developing', 'proficient', 'advanced'] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];

export interface MobilityAssessment {
  skills?: Partial<Record<SkillArea, SkillLevel>>;
  /** Planned learning outcomes reached, by their index in the mobility record. */
  outcomesAchieved?: number[];
  language?: { code: string; before?: CefrLevel; reached: CefrLevel };
  ufm?: { part1?: number; part2?: number; competences?: Record<string, (typeof COMPETENCE_LEVELS)[number]>; specialtyExamsPassed?: boolean };
  mentorComment?: string;
}

/**
 * What an assessment breaks for a stay: a UFM assessment for someone not preparing a UFM diploma, UFM marks
 * the school's scheme cannot grade, learning outcomes the stay did not plan.
 */
export function validateAssessment(record: MobilityRecord, assessment: MobilityAssessment, ufmScheme: UfmScheme): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (assessment.ufm) {
    if (!ufmApplies(record)) {
      violations.push({ rule: 'ufm-needs-diploma', field: '/ufm', message: 'The UFM is for learners preparing a Bac pro, CAP, BP or BMA' });
    } else {
      violations.push(...gradeUfm(assessment.ufm, ufmScheme).violations);
    }
  }
  for (const index of assessment.outcomesAchieved ?? []) {
    if (!record.plannedLearningOutcomes[index]) {
      violations.push({ rule: 'known-outcome', field: '/outcomesAchieved', message: `There is no planned learning outcome ${index}` });
    }
  }
  return violations;
}
