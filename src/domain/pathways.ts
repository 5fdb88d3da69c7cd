import type { AchievementInput, AchievementRecord, AlignmentInput, JsonObject } from './open-badges.js';

/**
 * Incoming professional mobility (issue #23): a professional order's prescription to a professional trained
 * abroad, the credentials that complete its elements, and the French levels of the Échelle québécoise. Pure:
 * builders of OB 3.0 documents and readers of them.
 */

export type PathwayLanguage = 'fr' | 'en';

/** `achievementType` of a prescription, and `targetType` of an alignment that names the element a credential completes. */
export const PRESCRIPTION_ACHIEVEMENT_TYPE = 'ext:Prescription';
export const PRESCRIPTION_ELEMENT_TARGET_TYPE = 'ext:PrescriptionElement';

export const ELEMENT_KINDS = ['bridging-training', 'stage', 'francisation'] as const;
export type ElementKind = (typeof ELEMENT_KINDS)[number];

export interface PrescribedElementInput {
  /** The competency's code in its referential (the order's, or a college program's). */
  competencyCode: string;
  /** The referential the code belongs to, by name and URL. */
  referential: { name: string; url: string };
  title: string;
  kind: ElementKind;
  hours: number;
  stageRequired: boolean;
  /** Date (YYYY-MM-DD) by which the element must be completed. */
  deadline: string;
}

export interface PrescriptionInput {
  profession: string;
  decisionReference: string;
  /** Date (YYYY-MM-DD) of the order's decision: the prescription's awardedDate. */
  decisionDate: string;
  elements: PrescribedElementInput[];
}

const ELEMENT_KIND_NAMES: Record<ElementKind, Record<PathwayLanguage, string>> = {
  'bridging-training': { fr: 'formation d’appoint', en: 'bridging training' },
  stage: { fr: 'stage prescrit', en: 'prescribed work placement' },
  francisation: { fr: 'francisation', en: 'French-language training' },
};

/** The key of an element in its prescription: its id is `${prescription achievement URL}#${key}`. */
export function elementKey(index: number): string {
  return `element-${index + 1}`;
}

/** An element's terms, as a person reads them: kind, hours, stage, deadline. */
export function elementTerms(element: PrescribedElementInput, language: PathwayLanguage): string {
  const stage = element.stageRequired ? (language === 'fr' ? 'stage requis' : 'work placement required') : language === 'fr' ? 'sans stage' : 'no work placement';
  const deadline = language === 'fr' ? `à terminer au plus tard le ${element.deadline}` : `to be completed by ${element.deadline}`;
  return `${ELEMENT_KIND_NAMES[element.kind][language]} · ${element.hours} h · ${stage} · ${deadline}`;
}

/**
 * The prescription as an OB 3.0 Achievement of the order: one ResultDescription per element (a Status that
 * must reach "Completed"), aligned with the element's competency in its referential. OB 3.0 has no term for an
 * element's hours, placement or deadline: they are in the element alignment's targetDescription (signed text),
 * and the total hours in creditsAvailable.
 */
export function buildPrescriptionAchievement(input: PrescriptionInput, language: PathwayLanguage): AchievementInput {
  const fr = language === 'fr';
  const totalHours = input.elements.reduce((sum, element) => sum + element.hours, 0);
  return {
    name: fr ? `Prescription — ${input.profession}` : `Prescription — ${input.profession}`,
    description: fr
      ? `Prescription de l’ordre professionnel (décision ${input.decisionReference} du ${input.decisionDate}) : éléments de formation d’appoint, de stage ou de francisation à compléter pour obtenir le permis d’exercice.`
      : `The professional order's prescription (decision ${input.decisionReference} of ${input.decisionDate}): bridging training, work placement or French-language elements to complete for the permit to practise.`,
    criteria: {
      narrative: input.elements
        .map((element, index) => `${index + 1}. ${element.competencyCode} — ${element.title} (${elementTerms(element, language)})`)
        .join('\n'),
    },
    achievementType: PRESCRIPTION_ACHIEVEMENT_TYPE,
    fieldOfStudy: input.profession,
    humanCode: input.decisionReference,
    inLanguage: language,
    tag: ['prescription', 'PFÉ'],
    creditsAvailable: totalHours,
    resultDescription: input.elements.map((element, index) => ({
      key: elementKey(index),
      name: `${element.competencyCode} — ${element.title}`,
      resultType: 'Status',
      allowedValue: ['InProgress', 'Completed'],
      requiredValue: 'Completed',
      alignment: [competencyAlignment(element, language)],
    })),
  };
}

function competencyAlignment(element: PrescribedElementInput, language: PathwayLanguage): AlignmentInput {
  return {
    targetName: element.title,
    targetUrl: element.referential.url,
    targetCode: element.competencyCode,
    targetFramework: element.referential.name,
    targetType: 'ceasn:Competency',
    targetDescription: elementTerms(element, language),
  };
}

/** The four skills the Échelle québécoise describes, in its order. */
export const FRENCH_SKILLS = ['comprehension-orale', 'production-orale', 'comprehension-ecrite', 'production-ecrite'] as const;
export type FrenchSkill = (typeof FRENCH_SKILLS)[number];
export const FRENCH_SKILL_NAMES: Record<FrenchSkill, Record<PathwayLanguage, string>> = {
  'comprehension-orale': { fr: 'Compréhension orale', en: 'Oral comprehension' },
  'production-orale': { fr: 'Production orale', en: 'Oral production' },
  'comprehension-ecrite': { fr: 'Compréhension écrite', en: 'Written comprehension' },
  'production-ecrite': { fr: 'Production écrite', en: 'Written production' },
};
/** Twelve levels in three stages: débutant 1–4, intermédiaire 5–8, avancé 9–12. */
export const ECHELLE_LEVELS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'] as const;
export const ECHELLE_STAGES = [
  { from: 1, to: 4, name: { fr: 'débutant', en: 'beginner' } },
  { from: 5, to: 8, name: { fr: 'intermédiaire', en: 'intermediate' } },
  { from: 9, to: 12, name: { fr: 'avancé', en: 'advanced' } },
] as const;
export const ECHELLE_NAME = 'Échelle québécoise des niveaux de compétence en français';
export const ECHELLE_URL = 'https://echelle-quebecoise.gouv.qc.ca/';

export function echelleStage(level: number, language: PathwayLanguage): string {
  return ECHELLE_STAGES.find((stage) => level >= stage.from && level <= stage.to)!.name[language];
}

/** A francisation Achievement: one ResultDescription per skill, its level on the Échelle (1 to 12). */
export function buildFrancisationAchievement(options: { name?: string; language: PathwayLanguage }): AchievementInput {
  const fr = options.language === 'fr';
  return {
    name: options.name ?? (fr ? 'Francisation — niveaux atteints' : 'French-language training — levels reached'),
    description: fr
      ? `Niveaux atteints en français, par compétence, sur l’${ECHELLE_NAME} (12 niveaux en 3 stades : débutant 1–4, intermédiaire 5–8, avancé 9–12).`
      : `Levels reached in French, per skill, on the ${ECHELLE_NAME} (12 levels in 3 stages: beginner 1–4, intermediate 5–8, advanced 9–12).`,
    criteria: { narrative: fr ? 'Niveaux évalués à la fin de la formation.' : 'Levels assessed at the end of the training.' },
    achievementType: 'ext:Francisation',
    inLanguage: options.language,
    alignment: [echelleAlignment()],
    resultDescription: FRENCH_SKILLS.map((skill) => ({
      key: skill,
      name: FRENCH_SKILL_NAMES[skill][options.language],
      resultType: 'ext:EchelleQuebecoiseLevel',
      allowedValue: [...ECHELLE_LEVELS],
      alignment: [echelleAlignment()],
    })),
  };
}

function echelleAlignment(): AlignmentInput {
  return { targetName: ECHELLE_NAME, targetUrl: ECHELLE_URL, targetFramework: ECHELLE_NAME, targetType: 'ext:EchelleQuebecoise' };
}

export const COMPLETION_OUTCOMES = ['course', 'rac', 'stage', 'francisation'] as const;
export type CompletionOutcome = (typeof COMPLETION_OUTCOMES)[number];

const OUTCOME_NARRATIVES: Record<CompletionOutcome, Record<PathwayLanguage, string>> = {
  course: { fr: 'Formation d’appoint suivie et réussie.', en: 'Bridging course taken and passed.' },
  rac: { fr: 'Compétence reconnue par reconnaissance des acquis et des compétences (RAC).', en: 'Competency recognised through prior learning assessment (RAC).' },
  stage: { fr: 'Stage prescrit réalisé; résultat attesté par le milieu de stage.', en: 'Prescribed work placement done; result attested by the host.' },
  francisation: { fr: 'Francisation terminée.', en: 'French-language training completed.' },
};

/**
 * What a completion credential says: the element of the prescription it completes (a Completed result aligned
 * with the element's id), how (course, RAC, placement), and for francisation the level reached per skill.
 */
export function buildCompletionRecord(options: {
  element: { id: string; name: string; competencyCode: string; framework: string };
  outcome: CompletionOutcome;
  completedOn: string;
  achievementId: string;
  frenchLevels?: Partial<Record<FrenchSkill, number>>;
  language: PathwayLanguage;
}): AchievementRecord {
  const { element } = options;
  const elementResult: JsonObject = {
    type: ['Result'],
    status: 'Completed',
    alignment: [
      {
        type: ['Alignment'],
        targetName: element.name,
        targetUrl: element.id,
        targetCode: element.competencyCode,
        targetFramework: element.framework,
        targetType: PRESCRIPTION_ELEMENT_TARGET_TYPE,
      },
    ],
  };
  const levels = FRENCH_SKILLS.flatMap((skill) => {
    const level = options.frenchLevels?.[skill];
    return level === undefined ? [] : [{ type: ['Result'], resultDescription: `${options.achievementId}#${skill}`, value: String(level) }];
  });
  return {
    activityEndDate: `${options.completedOn}T00:00:00Z`,
    narrative: OUTCOME_NARRATIVES[options.outcome][options.language],
    result: [elementResult, ...levels],
  };
}

/** The element ids a credential says it completes (its Completed results aligned with a prescription element). */
export function completedElementIds(credential: JsonObject): string[] {
  const subject = credential.credentialSubject as JsonObject | undefined;
  const results = Array.isArray(subject?.result) ? (subject.result as JsonObject[]) : [];
  return results.flatMap((result) => {
    if (result?.status !== 'Completed' || !Array.isArray(result.alignment)) return [];
    return (result.alignment as JsonObject[]).flatMap((alignment) =>
      alignment?.targetType === PRESCRIPTION_ELEMENT_TARGET_TYPE && typeof alignment.targetUrl === 'string' ? [alignment.targetUrl] : [],
    );
  });
}

/** Whether a credential is a prescription (its achievement's type), and then the element ids it prescribes. */
export function prescribedElementIds(credential: JsonObject): string[] | undefined {
  const achievement = (credential.credentialSubject as JsonObject | undefined)?.achievement as JsonObject | undefined;
  if (achievement?.achievementType !== PRESCRIPTION_ACHIEVEMENT_TYPE) return undefined;
  const descriptions = Array.isArray(achievement.resultDescription) ? (achievement.resultDescription as JsonObject[]) : [];
  return descriptions.flatMap((description) => (typeof description?.id === 'string' ? [description.id] : []));
}

/** The French levels a credential carries, by skill (results whose description is one of the Échelle's skills). */
export function frenchLevelsOf(credential: JsonObject): Partial<Record<FrenchSkill, number>> {
  const subject = credential.credentialSubject as JsonObject | undefined;
  const results = Array.isArray(subject?.result) ? (subject.result as JsonObject[]) : [];
  const levels: Partial<Record<FrenchSkill, number>> = {};
  for (const result of results) {
    const skill = FRENCH_SKILLS.find((candidate) => typeof result?.resultDescription === 'string' && result.resultDescription.endsWith(`#${candidate}`));
    if (skill && typeof result.value === 'string') levels[skill] = Number(result.value);
  }
  return levels;
}

/** The median of a list of numbers (the mean of the two middle ones for an even count); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Groups smaller than this many people are not shown in statistics. */
export const SMALL_CELL_THRESHOLD = 5;
