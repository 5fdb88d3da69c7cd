import { CEFR_LEVELS, CEFR_URL } from './cefr.js';
import { sha256Hex } from './hash.js';
import { ufmApplies, type MobilityRecord, type MobilityType } from './mobility.js';
import { SKILL_AREAS, SKILL_LEVELS, type MobilityAssessment, type TemplateLanguage } from './mobility-achievements.js';
import type { AchievementInput, AlignmentInput, JsonObject } from './open-badges.js';
import { COMPETENCE_LEVELS, type UfmOutcome, type UfmScheme } from './ufm.js';

/**
 * The kinds of credential a stay earns, each in one place: what earns it, its achievement template (French
 * and English: its name, its result descriptions and their labels), the results an assessment gives against
 * it, and its badge look. Pure: the service stores the templates as each school's own, editable achievements,
 * keyed by `templateKey`. A kind added to CREDENTIAL_KIND_NAMES does not build until it is defined here, and
 * openapi.yaml's kind enums are checked against these names (test/unit/credential-kinds.test.ts).
 */

/** In the order a stay's credentials are issued and answered. */
export const CREDENTIAL_KIND_NAMES = ['mobility-skills', 'staff-mobility', 'language', 'ufm'] as const;
export type CredentialKind = (typeof CREDENTIAL_KIND_NAMES)[number];

export function isCredentialKind(value: unknown): value is CredentialKind {
  return (CREDENTIAL_KIND_NAMES as readonly unknown[]).includes(value);
}

export interface Template {
  templateKey: string;
  achievement: AchievementInput;
}

/** What a template is built from: the stay, its assessment, and the school's UFM unit. */
export interface TemplateInput {
  record: MobilityRecord;
  assessment: MobilityAssessment;
  /** A school's own scheme is another unit definition, hence another achievement: its fingerprint tells it apart. */
  ufmUnit: { scheme: UfmScheme; fingerprint?: string };
}

export interface ResultsInput {
  achievementUrl: string;
  mobility: MobilityRecord;
  assessment: MobilityAssessment;
  ufm?: UfmOutcome;
}

export type BadgeShape = 'hexagon' | 'speech-bubble' | 'shield' | 'circle' | 'rounded-square';

/** A generated badge's look: its shape and colours tell the kinds apart at a glance, its emblem stays readable at 64 px. */
export interface BadgeLook {
  shape: BadgeShape;
  fill: string;
  accent: string;
  emblem: string;
}

export interface KindDefinition {
  /** Whether an assessed stay earns this kind (a rule of the school's may still withhold it). */
  earnedBy(record: MobilityRecord, assessment: MobilityAssessment): boolean;
  template(input: TemplateInput, language: TemplateLanguage): Template;
  /** The results an assessment gives against the template's result descriptions. */
  results(input: ResultsInput, result: ResultOf): JsonObject[];
  badge: BadgeLook & {
    /** The emblem drawn from the template key's detail instead of the look's own (a language's code). */
    emblemOfKeyDetail?: (detail: string) => string;
  };
}

type ResultOf = (key: string, value: string, extra?: JsonObject) => JsonObject;

const isStaff = (record: MobilityRecord) => record.participant.kind === 'teacher' || record.participant.kind === 'staff';

export const CREDENTIAL_KINDS: Readonly<Record<CredentialKind, KindDefinition>> = {
  'mobility-skills': {
    earnedBy: (record) => !isStaff(record),
    template: ({ record }, language) => mobilitySkillsTemplate(record, language),
    results: ({ mobility, assessment }, result) => [
      ...Object.entries(assessment.skills ?? {}).map(([area, level]) => result(`skills-${area}`, level)),
      ...(assessment.outcomesAchieved ?? []).filter((index) => mobility.plannedLearningOutcomes[index]).map((index) => result(`outcome-${index}`, 'achieved')),
    ],
    badge: { shape: 'hexagon', fill: '#0f6e6e', accent: '#bde8e4', emblem: '★' },
  },
  'staff-mobility': {
    earnedBy: isStaff,
    template: ({ record }, language) => staffMobilityTemplate(record.type, language),
    results: () => [],
    badge: { shape: 'circle', fill: '#9c4a0b', accent: '#f7dfcb', emblem: '⇄' },
  },
  language: {
    earnedBy: (_record, assessment) => assessment.language !== undefined,
    template: ({ assessment }, language) => languageTemplate(assessment.language!.code, language),
    results: ({ assessment }, result) => {
      const language = assessment.language!;
      return [...(language.before ? [result('cefr-before', language.before)] : []), result('cefr-reached', language.reached)];
    },
    badge: { shape: 'speech-bubble', fill: '#6b2fa3', accent: '#e3d2f5', emblem: 'Aa', emblemOfKeyDetail: (code) => code.toUpperCase() },
  },
  ufm: {
    earnedBy: (record, assessment) => assessment.ufm !== undefined && ufmApplies(record),
    template: ({ ufmUnit }, language) => ufmTemplate(ufmUnit.scheme, language, ufmUnit.fingerprint),
    results: (input, result) => {
      const ufm = input.ufm!;
      return [
        ...Object.entries(ufm.competences).map(([code, level]) => result(`competence-${code}`, level)),
        result('part-1', String(ufm.part1)),
        result('part-2', String(ufm.part2)),
        // The unit was assessed: "Completed" is true of any mark, and the attestation says the rest.
        result('total', String(ufm.total), { status: 'Completed' }),
        result('mobilitepro', ufm.attestation ? 'awarded' : 'not-awarded'),
      ];
    },
    badge: { shape: 'shield', fill: '#0b4f9c', accent: '#cfe0f7', emblem: 'UFM' },
  },
};

/** The kinds an assessed stay earns, in CREDENTIAL_KIND_NAMES' order. */
export function earnedKinds(record: MobilityRecord, assessment: MobilityAssessment): CredentialKind[] {
  return CREDENTIAL_KIND_NAMES.filter((kind) => CREDENTIAL_KINDS[kind].earnedBy(record, assessment));
}

/** The results an assessment gives against the template of a kind. */
export function mobilityResults(options: { kind: CredentialKind } & ResultsInput): JsonObject[] {
  const { kind, ...input } = options;
  const result: ResultOf = (key, value, extra = {}) => ({ type: ['Result'], resultDescription: `${input.achievementUrl}#${key}`, value, ...extra });
  return CREDENTIAL_KINDS[kind].results(input, result);
}

/** A template's key: its kind, what sets this achievement apart from the kind's others (if anything), its language. */
function templateKey(kind: CredentialKind, language: TemplateLanguage, detail?: string): string {
  return `${kind}${detail ? `:${detail}` : ''}@${language}`;
}

/** A template key read back ("language:es@fr"); undefined for a key of no known kind. */
export function parseTemplateKey(key: string): { kind: CredentialKind; detail?: string; language: TemplateLanguage } | undefined {
  const match = /^([a-z-]+)(?::(.+))?@(fr|en)$/.exec(key);
  if (!match || !isCredentialKind(match[1])) return undefined;
  return { kind: match[1], ...(match[2] ? { detail: match[2] } : {}), language: match[3] as TemplateLanguage };
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
  const outcomesFingerprint = outcomes.length ? sha256Hex(JSON.stringify(outcomes.map((outcome) => [outcome.title, outcome.escoSkill ?? null]))).slice(0, 12) : '';
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
    templateKey: templateKey('mobility-skills', language, [eqf && `eqf${eqf}`, outcomesFingerprint].filter(Boolean).join(':')),
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
    templateKey: templateKey('language', language, code),
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
    templateKey: templateKey('ufm', language, schemeFingerprint),
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
    templateKey: templateKey('staff-mobility', language, type),
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

function eqfAlignment(level: number): AlignmentInput {
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
