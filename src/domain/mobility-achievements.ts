import { CEFR_LEVELS, CEFR_URL, type CefrLevel } from './cefr.js';
import { sha256Hex } from './hash.js';
import { ufmApplies, type MobilityRecord, type MobilityType, type RuleViolation } from './mobility.js';
import type { AchievementInput, AlignmentInput, JsonObject } from './open-badges.js';
import { COMPETENCE_LEVELS, gradeUfm, type UfmOutcome, type UfmScheme } from './ufm.js';

/**
 * The achievements a mobility earns, as shipped templates (French and English), and the results of an
 * assessment expressed against them. Pure: the service stores the templates as each school's own,
 * editable achievements, keyed by `templateKey`.
 */

export type TemplateLanguage = 'fr' | 'en';
export type MobilityCredentialKind = 'mobility-skills' | 'language' | 'ufm' | 'staff-mobility';

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

export interface Template {
  templateKey: string;
  achievement: AchievementInput;
}

const STAFF_ACTIVITY: Partial<Record<MobilityType, { fr: string; en: string }>> = {
  'job-shadowing': { fr: 'observation en situation de travail (job shadowing)', en: 'job shadowing' },
  'teaching-assignment': { fr: 'mission d’enseignement', en: 'teaching assignment' },
  'quality-visit': { fr: 'visite qualité', en: 'quality visit' },
  'group-exchange': { fr: 'échange de groupe', en: 'group exchange' },
};

/**
 * The skills template of a stay. Its planned learning outcomes are part of the achievement (one result
 * description each, so that every outcome reached is in the signed credential by its title), hence stays
 * with other outcomes are other achievements: the key carries a fingerprint of the outcomes.
 */
export function mobilitySkillsTemplate(mobility: MobilityRecord, language: TemplateLanguage): Template {
  const eqf = mobility.participant.qualification?.eqfLevel;
  const outcomes = mobility.plannedLearningOutcomes;
  const outcomesFingerprint = outcomes.length ? `:${sha256Hex(JSON.stringify(outcomes.map((outcome) => [outcome.title, outcome.escoSkill ?? null]))).slice(0, 12)}` : '';
  const text = {
    fr: {
      name: 'Compétences acquises lors d’une mobilité à l’étranger',
      description: 'Compétences professionnelles et transversales acquises lors d’une période de formation en entreprise ou d’études à l’étranger, évaluées par le tuteur de l’organisme d’accueil.',
      criteria: 'Réaliser la période de mobilité prévue par le contrat pédagogique et être évalué par le tuteur de l’organisme d’accueil.',
    },
    en: {
      name: 'Skills gained during a stay abroad',
      description: 'Job-related and transversal skills gained during a work placement or study period abroad, assessed by the host organisation’s mentor.',
      criteria: 'Complete the stay set out in the learning agreement and be assessed by the host organisation’s mentor.',
    },
  }[language];
  return {
    templateKey: `mobility-skills${eqf ? `:eqf${eqf}` : ''}${outcomesFingerprint}@${language}`,
    achievement: {
      name: text.name,
      description: text.description,
      criteria: { narrative: text.criteria },
      achievementType: 'Competency',
      inLanguage: language,
      tag: ['mobility', 'Europass'],
      alignment: eqf ? [eqfAlignment(eqf)] : undefined,
      resultDescription: [
        ...Object.entries(SKILL_AREAS).map(([area, names]) => ({
          key: `skills-${area}`,
          name: names[language],
          resultType: 'PerformanceLevel',
          allowedValue: [...SKILL_LEVELS],
        })),
        ...outcomes.map((outcome, index) => ({
          key: `outcome-${index}`,
          name: outcome.title,
          resultType: 'Status',
          allowedValue: ['achieved'],
          alignment: outcome.escoSkill ? [{ targetName: outcome.title, targetUrl: outcome.escoSkill, targetFramework: 'ESCO', targetType: 'ext:ESCOSkill' }] : undefined,
        })),
      ],
    },
  };
}

export function languageTemplate(code: string, language: TemplateLanguage): Template {
  const languageName = new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? code;
  const cefr = { key: '', name: '', resultType: 'ext:CEFRLevel', allowedValue: [...CEFR_LEVELS], alignment: [cefrAlignment()] };
  return {
    templateKey: `language:${code}@${language}`,
    achievement: {
      name: language === 'fr' ? `Compétences en langue étrangère : ${languageName}` : `Foreign language skills: ${languageName}`,
      description:
        language === 'fr'
          ? `Niveau atteint en ${languageName} au cours d’une mobilité à l’étranger, sur l’échelle du Cadre européen commun de référence pour les langues (CECRL).`
          : `Level reached in ${languageName} during a stay abroad, on the scale of the Common European Framework of Reference for Languages (CEFR).`,
      criteria: { narrative: language === 'fr' ? 'Niveau évalué à la fin du séjour.' : 'Level assessed at the end of the stay.' },
      achievementType: 'Competency',
      inLanguage: language,
      tag: ['language', 'CEFR', code],
      alignment: [cefrAlignment()],
      resultDescription: [
        { ...cefr, key: 'cefr-before', name: language === 'fr' ? 'Niveau avant le séjour' : 'Level before the stay' },
        { ...cefr, key: 'cefr-reached', name: language === 'fr' ? 'Niveau atteint' : 'Level reached' },
      ],
    },
  };
}

/**
 * The UFM template for a scheme. A school's own scheme is another unit definition, hence another
 * achievement: its key carries a fingerprint of the scheme.
 */
export function ufmTemplate(scheme: UfmScheme, language: TemplateLanguage, schemeFingerprint?: string): Template {
  const total = scheme.part1Points + scheme.part2Points;
  const isFr = language === 'fr';
  return {
    templateKey: schemeFingerprint ? `ufm:${schemeFingerprint}@${language}` : `ufm@${language}`,
    achievement: {
      name: isFr ? 'Unité facultative de mobilité' : 'Optional mobility unit (UFM)',
      description: isFr
        ? 'Unité facultative de mobilité du baccalauréat professionnel, du CAP, du brevet professionnel et du brevet des métiers d’art : compétences acquises lors d’une période de formation à l’étranger.'
        : 'Optional mobility unit of the French vocational diplomas (Bac pro, CAP, BP, BMA): competences gained during a training period abroad.',
      criteria: {
        narrative: isFr
          ? `Partie 1 évaluée à l’étranger par l’organisme d’accueil (sur ${scheme.part1Points}), partie 2 en France dans les trois mois suivant le retour (sur ${scheme.part2Points}). Unité facultative : seuls les points au-dessus de 10 comptent pour le diplôme. Une note d’au moins ${scheme.passMark}/${total}, avec la réussite des épreuves de spécialité, donne l’attestation MobilitéPro ; le candidat qui n’a pas encore le diplôme garde le bénéfice de la note pendant cinq ans.`
          : `Part 1 assessed abroad by the host (out of ${scheme.part1Points}), part 2 in France within three months of return (out of ${scheme.part2Points}). An optional unit: only points above 10 count towards the diploma. A mark of at least ${scheme.passMark}/${total}, with the specialty exams passed, earns the MobilitéPro attestation; a candidate without the diploma yet keeps the benefit of the mark for five years.`,
      },
      achievementType: 'ext:OptionalMobilityUnit',
      humanCode: 'UFM',
      inLanguage: language,
      tag: ['UFM', 'MobilitéPro'],
      resultDescription: [
        ...scheme.competences.map((competence) => ({
          key: `competence-${competence.code}`,
          name: `${competence.code} — ${competence.name[language]}`,
          resultType: 'RubricCriterion',
          allowedValue: [...COMPETENCE_LEVELS],
        })),
        { key: 'part-1', name: isFr ? 'UFM — partie 1 (organisme d’accueil)' : 'UFM — part 1 (host)', resultType: 'RawScore', valueMin: '0', valueMax: String(scheme.part1Points) },
        { key: 'part-2', name: isFr ? 'UFM — partie 2 (en France)' : 'UFM — part 2 (in France)', resultType: 'RawScore', valueMin: '0', valueMax: String(scheme.part2Points) },
        // No requiredValue: the pass mark is the attestation's threshold, not one the mark fails under.
        { key: 'total', name: isFr ? 'UFM — note de l’unité' : 'UFM total', resultType: 'RawScore', valueMin: '0', valueMax: String(total) },
        { key: 'mobilitepro', name: isFr ? 'Attestation MobilitéPro' : 'MobilitéPro attestation', resultType: 'Status', allowedValue: ['not-awarded', 'awarded'] },
      ],
    },
  };
}

export function staffMobilityTemplate(type: MobilityType, language: TemplateLanguage): Template {
  const activity = STAFF_ACTIVITY[type] ?? { fr: 'mobilité', en: 'mobility' };
  return {
    templateKey: `staff-mobility:${type}@${language}`,
    achievement: {
      name: language === 'fr' ? `Mobilité des personnels : ${activity.fr}` : `Staff mobility: ${activity.en}`,
      description:
        language === 'fr'
          ? `Séjour professionnel à l’étranger d’un enseignant ou d’un personnel de l’établissement (${activity.fr}).`
          : `A teacher’s or school staff member’s professional stay abroad (${activity.en}).`,
      criteria: { narrative: language === 'fr' ? 'Réaliser le séjour prévu avec l’organisme d’accueil.' : 'Complete the stay agreed with the host organisation.' },
      achievementType: 'ext:StaffMobility',
      inLanguage: language,
      tag: ['staff mobility', type],
    },
  };
}

/** The results an assessment gives against a template's result descriptions. */
export function mobilityResults(options: {
  kind: MobilityCredentialKind;
  achievementUrl: string;
  mobility: MobilityRecord;
  assessment: MobilityAssessment;
  ufm?: UfmOutcome;
}): JsonObject[] {
  const { achievementUrl, assessment } = options;
  const result = (key: string, value: string, extra: JsonObject = {}) => ({ type: ['Result'], resultDescription: `${achievementUrl}#${key}`, value, ...extra });
  switch (options.kind) {
    case 'mobility-skills':
      return [
        ...Object.entries(assessment.skills ?? {}).map(([area, level]) => result(`skills-${area}`, level)),
        ...(assessment.outcomesAchieved ?? []).filter((index) => options.mobility.plannedLearningOutcomes[index]).map((index) => result(`outcome-${index}`, 'achieved')),
      ];
    case 'language': {
      const language = assessment.language!;
      return [...(language.before ? [result('cefr-before', language.before)] : []), result('cefr-reached', language.reached)];
    }
    case 'ufm': {
      const ufm = options.ufm!;
      return [
        ...Object.entries(ufm.competences).map(([code, level]) => result(`competence-${code}`, level)),
        result('part-1', String(ufm.part1)),
        result('part-2', String(ufm.part2)),
        // The unit was assessed: "Completed" is true of any mark, and the attestation says the rest.
        result('total', String(ufm.total), { status: 'Completed' }),
        result('mobilitepro', ufm.attestation ? 'awarded' : 'not-awarded'),
      ];
    }
    case 'staff-mobility':
      return [];
  }
}

export function eqfAlignment(level: number): AlignmentInput {
  return {
    targetName: `EQF level ${level}`,
    targetUrl: `http://data.europa.eu/snb/eqf/${level}`,
    targetFramework: 'European Qualifications Framework',
    targetCode: String(level),
    targetType: 'ext:EQF',
  };
}

function cefrAlignment(): AlignmentInput {
  return { targetName: 'Common European Framework of Reference for Languages', targetUrl: CEFR_URL, targetFramework: 'CEFR', targetType: 'ext:CEFR' };
}
