import countries from 'i18n-iso-countries';
import { sha256Hex } from './hash.js';

/** A stay abroad, as the school records it, and the rules it must satisfy. Pure: rules are data. */

export const PARTICIPANT_KINDS = ['learner', 'apprentice', 'teacher', 'staff'] as const;
export const MOBILITY_TYPES = ['work-placement', 'study-period', 'job-shadowing', 'teaching-assignment', 'quality-visit', 'group-exchange'] as const;
export const PROGRAMMES = ['erasmus-plus-ka1', 'ofaj-protandem', 'quebec-meq', 'other'] as const;
const UFM_DIPLOMAS = ['bac-pro', 'cap', 'bp', 'bma'] as const;

/** Where a stay is: recorded, assessed, or with credentials issued. */
export const MOBILITY_STATES = ['recorded', 'assessed', 'issued'] as const;

/**
 * Where a stay is in the school's year, as its staff follow it: a recorded stay is planned, under way or
 * waiting for the host's assessment by its dates; a stay whose host mentor answered and whose school has not
 * reviewed the answer yet has that answer to review (whatever its dates and assessment, until credentials
 * are issued); then assessed; then with its credentials issued.
 */
export const STAY_PROGRESS = ['planned', 'under-way', 'awaiting-assessment', 'answer-to-review', 'assessed', 'issued'] as const;
export type StayProgress = (typeof STAY_PROGRESS)[number];

export type MobilityState = (typeof MOBILITY_STATES)[number];
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];
export type MobilityType = (typeof MOBILITY_TYPES)[number];
export type Programme = (typeof PROGRAMMES)[number];

export interface MobilityRecord {
  participant: {
    kind: ParticipantKind;
    email: string;
    name?: string;
    /** The learner's class or group at school (“1re Bac pro Cuisine B”): how staff find a cohort. */
    class?: string;
    /** A minor's date of birth (YYYY-MM-DD), or `minor: true` when the school records only that: see isMinorOn. */
    dateOfBirth?: string;
    minor?: boolean;
    /** A minor's parent or guardian as the school recorded them: the only address asked to allow the name on public pages. */
    guardianEmail?: string;
    /** The qualification the stay counts towards (ECVET): for Bac pro, CAP, BP and BMA, the UFM applies. */
    qualification?: { title: string; diploma?: string; eqfLevel: number };
  };
  type: MobilityType;
  programme: Programme;
  /** ISO dates (YYYY-MM-DD), both days included. */
  startDate: string;
  endDate: string;
  hostOrganisation: {
    legalName: string;
    /** ISO 3166-1 alpha-2. */
    countryCode: string;
    city: string;
    url?: string;
    mentor: { name: string; role: string; email: string };
  };
  /** ISO 639-1 codes of the working languages of the stay. */
  workingLanguages: string[];
  plannedLearningOutcomes: { title: string; description?: string; escoSkill?: string }[];
  evidence?: { name: string; url: string; description?: string }[];
}

export interface RuleViolation {
  rule: string;
  field: string;
  message: string;
}

/** Inclusive length of the stay in days. */
export function durationInDays(startDate: string, endDate: string): number {
  return Math.round((Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * Programme rules. Only what a source states is here; a school whose programme sets more adds it here.
 * Québec (MEQ): placements and staff stays of at least 7 days outside Québec.
 */
const PROGRAMME_RULES: Record<Programme, { rule: string; minimumDays?: number; maximumDays?: number }[]> = {
  'erasmus-plus-ka1': [],
  'ofaj-protandem': [],
  'quebec-meq': [{ rule: 'quebec-meq-minimum-7-days', minimumDays: 7 }],
  other: [],
};

/** Which participants each kind of stay is for: placements are for learners, job shadowing for staff. */
const MOBILITY_TYPE_PARTICIPANTS: Record<MobilityType, ParticipantKind[]> = {
  'work-placement': ['learner', 'apprentice'],
  'study-period': ['learner', 'apprentice'],
  'group-exchange': ['learner', 'apprentice', 'teacher', 'staff'],
  'job-shadowing': ['teacher', 'staff'],
  'teaching-assignment': ['teacher', 'staff'],
  'quality-visit': ['teacher', 'staff'],
};

/**
 * A stay as someone submitted it, its schema not checked yet: any part may be missing or malformed. The rules
 * read the parts they need and skip those that are not there, so that a form reports every problem at once.
 */
export interface MobilityDraft {
  participant?: unknown;
  type?: unknown;
  programme?: unknown;
  startDate?: unknown;
  endDate?: unknown;
  hostOrganisation?: unknown;
}

function memberOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find((candidate) => candidate === value);
}

function isDay(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export function validateMobility(mobility: MobilityDraft): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const days = isDay(mobility.startDate) && isDay(mobility.endDate) ? durationInDays(mobility.startDate, mobility.endDate) : undefined;
  if (days !== undefined && days < 1) {
    violations.push({ rule: 'end-not-before-start', field: '/endDate', message: 'The stay cannot end before it starts' });
  }
  const countryCode = memberOf(mobility.hostOrganisation, 'countryCode');
  if (typeof countryCode === 'string' && !countries.isValid(countryCode)) {
    violations.push({ rule: 'known-country', field: '/hostOrganisation/countryCode', message: `"${countryCode}" is not an ISO 3166-1 country code` });
  }
  const programme = oneOf(PROGRAMMES, mobility.programme);
  if (programme && days !== undefined) {
    for (const limit of PROGRAMME_RULES[programme]) {
      if (limit.minimumDays !== undefined && days >= 1 && days < limit.minimumDays) {
        violations.push({ rule: limit.rule, field: '/endDate', message: `This programme requires a stay of at least ${limit.minimumDays} days; this one lasts ${days}` });
      }
      if (limit.maximumDays !== undefined && days > limit.maximumDays) {
        violations.push({ rule: limit.rule, field: '/endDate', message: `This programme allows a stay of at most ${limit.maximumDays} days; this one lasts ${days}` });
      }
    }
  }
  const dateOfBirth = memberOf(mobility.participant, 'dateOfBirth');
  if (isDay(dateOfBirth) && isDay(mobility.startDate) && dateOfBirth >= mobility.startDate) {
    violations.push({ rule: 'born-before-stay', field: '/participant/dateOfBirth', message: 'The participant must be born before the stay starts' });
  }
  const type = oneOf(MOBILITY_TYPES, mobility.type);
  const kind = oneOf(PARTICIPANT_KINDS, memberOf(mobility.participant, 'kind'));
  if (type && kind && !MOBILITY_TYPE_PARTICIPANTS[type].includes(kind)) {
    violations.push({ rule: 'activity-fits-participant', field: '/type', message: `A ${type} is not a stay for a ${kind}` });
  }
  return violations;
}

/** The age of majority: until then, the public pages of a learner's credentials never show their name. */
export const AGE_OF_MAJORITY = 18;

/** The day a person born on `dateOfBirth` (YYYY-MM-DD) comes of age (a 29 February birthday: 1 March). */
export function comingOfAgeDate(dateOfBirth: string): string {
  const [year, month, day] = dateOfBirth.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year + AGE_OF_MAJORITY, month - 1, day)).toISOString().slice(0, 10);
}

/**
 * Whether a stay's participant is a minor on a day (YYYY-MM-DD): by their date of birth when the school gave
 * it; else by the school's "minor" mark, which holds until a guardian approves (nobody knows when it ends).
 */
export function isMinorOn(participant: Pick<MobilityRecord['participant'], 'dateOfBirth' | 'minor'>, day: string): boolean {
  if (participant.dateOfBirth) return day < comingOfAgeDate(participant.dateOfBirth);
  return participant.minor === true;
}

/**
 * What one participant's stay says of another of the same group (a duplicated stay, a group recorded at once):
 * their kind, class and qualification — never the first one's name, address, date of birth or guardian. A
 * minor's groupmates are marked minors, so that no name is published before the school records each one's age.
 */
export function groupmateOf(participant: MobilityRecord['participant'], startDate: string): Omit<MobilityRecord['participant'], 'name' | 'email'> {
  const { name: _name, email: _email, dateOfBirth: _born, minor: _minor, guardianEmail: _guardian, ...shared } = participant;
  return { ...shared, ...(isMinorOn(participant, startDate) ? { minor: true } : {}) };
}

/** Whether the optional mobility unit (UFM) applies: a learner preparing a Bac pro, CAP, BP or BMA. */
export function ufmApplies(mobility: MobilityRecord): boolean {
  const diploma = mobility.participant.qualification?.diploma;
  return mobility.participant.kind !== 'teacher' && mobility.participant.kind !== 'staff' && (UFM_DIPLOMAS as readonly string[]).includes(diploma ?? '');
}

/**
 * What makes a stay the same stay, whichever way it was entered (the API, a cohort file): the school, the
 * participant's email (case-insensitive), the dates, the host's name (case, spacing and Unicode form
 * ignored) and the programme. Stored as `mobilities.external_key`, unique per school.
 */
export function stayKey(issuerId: string, record: MobilityRecord): string {
  const normalised = (text: string) => text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  const parts = [issuerId, normalised(record.participant.email), record.startDate, record.endDate, normalised(record.hostOrganisation.legalName), record.programme];
  return sha256Hex(parts.join('\u0000'));
}
