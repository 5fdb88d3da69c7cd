import { MENTOR_FIELD_PROBLEMS, type MentorFieldProblem } from '../../domain/mentor-assessment.js';
import { CLOSED_LINK_REASONS, TRANSLATED_COMPETENCES, fillText, type ClosedLinkReason, type GridTexts } from '../../domain/mentor-grid-texts.js';
import { SKILL_AREAS, SKILL_LEVELS, type SkillArea, type SkillLevel } from '../../domain/mobility-achievements.js';
import { COMPETENCE_LEVELS, type CompetenceLevel } from '../../domain/ufm.js';

/**
 * The fixed texts of the host mentor's grid, in French and in the mentor's language, side by side on the
 * page and in the Europass document: a message file (messages/mentor-grid/, or the school's own) made ready
 * to show. What the school wrote (its outcomes) is shown as written.
 */

export interface AssessMessages {
  /** BCP 47 tag of the texts, for lang= and dates. */
  tag: string;
  languageName: string;
  title: string;
  intro: (learner: string, school: string) => string;
  learner: string;
  stay: string;
  host: string;
  school: string;
  skills: string;
  skillsHint: string;
  skillAreas: Record<SkillArea, string>;
  levels: Record<SkillLevel, string>;
  notAssessed: string;
  outcomes: string;
  outcomeReached: string;
  ufm: string;
  ufmHint: string;
  /** The default scheme's part 1 competences; a school's own wording is shown as it wrote it. */
  competences: Record<string, string>;
  competenceLevels: Record<CompetenceLevel, string>;
  part1Mark: (max: number) => string;
  cefr: string;
  cefrLabel: (language: string) => string;
  notObserved: string;
  comment: string;
  commentHint: (max: number) => string;
  signature: string;
  signatureName: string;
  signatureRole: string;
  confirm: string;
  review: string;
  reviewTitle: string;
  reviewIntro: string;
  change: string;
  submit: string;
  errorsTitle: string;
  problems: Record<MentorFieldProblem, string>;
  thanksTitle: string;
  thanks: (school: string) => string;
  closed: Record<ClosedLinkReason, string>;
  contact: (school: string) => string;
  question: string;
  languages: string;
  /** Europass Mobility document. */
  europass: { title: string; holder: string; sending: string; hostOrganisation: string; description: string; skillsAcquired: string; mentor: string; duration: (days: number) => string };
}

/** The mentor's language and French, each from the school's file or the shipped one. */
export interface TextPair {
  mine: AssessMessages;
  fr: AssessMessages;
}

/** A message file (checked: every key there) as the page's words, its placeholders filled in when shown. */
export function assessMessages(tag: string, texts: GridTexts): AssessMessages {
  const text = (key: string) => texts[key]!;
  const group = <K extends string>(prefix: string, names: readonly K[]) => Object.fromEntries(names.map((name) => [name, text(`${prefix}.${name}`)])) as Record<K, string>;
  return {
    tag,
    languageName: text('languageName'),
    title: text('title'),
    intro: (learner, school) => fillText(text('intro'), { learner, school }),
    learner: text('learner'),
    stay: text('stay'),
    host: text('host'),
    school: text('school'),
    skills: text('skills'),
    skillsHint: text('skillsHint'),
    skillAreas: group('skillAreas', Object.keys(SKILL_AREAS) as SkillArea[]),
    levels: group('levels', SKILL_LEVELS),
    notAssessed: text('notAssessed'),
    outcomes: text('outcomes'),
    outcomeReached: text('outcomeReached'),
    ufm: text('ufm'),
    ufmHint: text('ufmHint'),
    competences: group('competences', TRANSLATED_COMPETENCES),
    competenceLevels: group('competenceLevels', COMPETENCE_LEVELS),
    part1Mark: (max) => fillText(text('part1Mark'), { max }),
    cefr: text('cefr'),
    cefrLabel: (language) => fillText(text('cefrLabel'), { language }),
    notObserved: text('notObserved'),
    comment: text('comment'),
    commentHint: (max) => fillText(text('commentHint'), { max }),
    signature: text('signature'),
    signatureName: text('signatureName'),
    signatureRole: text('signatureRole'),
    confirm: text('confirm'),
    review: text('review'),
    reviewTitle: text('reviewTitle'),
    reviewIntro: text('reviewIntro'),
    change: text('change'),
    submit: text('submit'),
    errorsTitle: text('errorsTitle'),
    problems: group('problems', MENTOR_FIELD_PROBLEMS),
    thanksTitle: text('thanksTitle'),
    thanks: (school) => fillText(text('thanks'), { school }),
    closed: group('closed', CLOSED_LINK_REASONS),
    contact: (school) => fillText(text('contact'), { school }),
    question: text('question'),
    languages: text('languages'),
    europass: {
      ...group('europass', ['title', 'holder', 'sending', 'hostOrganisation', 'description', 'skillsAcquired', 'mentor'] as const),
      duration: (days) => fillText(text('europass.duration'), { days }),
    },
  };
}
