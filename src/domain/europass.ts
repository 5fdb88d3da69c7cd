import countries from 'i18n-iso-countries';
import type { MobilityRecord } from './mobility.js';
import { disclosedRecipientName, type JsonObject } from './open-badges.js';
import { escapeXml } from './xml.js';

/**
 * Europass: an Open Badges credential (and, when it comes from a mobility, the stay) expressed as a European
 * Learning Model 3 EuropeanDigitalCredential. Pure. Vocabularies are the EU's: country and language
 * authority tables, EQF, ESCO.
 */

const ELM_CONTEXT = 'http://data.europa.eu/snb/model/context/edc-ap';
const EDC_GENERIC_SHAPE = 'http://data.europa.eu/snb/model/ap/edc-generic-full';
const COUNTRY_SCHEME = 'http://publications.europa.eu/resource/authority/country';
const LANGUAGE_SCHEME = 'http://publications.europa.eu/resource/authority/language';
const FILE_TYPE_SCHEME = 'http://publications.europa.eu/resource/authority/file-type';
const EQF_SCHEME = 'http://data.europa.eu/snb/eqf/25831c2';
const ESCO_SKILLS_SCHEME = 'http://data.europa.eu/esco/concept-scheme/skills';
const CREDENTIAL_PROFILE_GENERIC = 'http://data.europa.eu/snb/credential/e34929035b';
const CREDENTIAL_PROFILE_SCHEME = 'http://data.europa.eu/snb/credential/25831c2';
const BASE64_ENCODING = 'http://data.europa.eu/snb/encoding/6146cde7dd';
const ENCODING_SCHEME = 'http://data.europa.eu/snb/encoding/25831c2';

/** ISO 639-1 → the EU language authority's three-letter codes (ISO 639-2/T), for the languages of the stays. */
const EU_LANGUAGE_CODES: Record<string, string> = {
  bg: 'BUL', cs: 'CES', da: 'DAN', de: 'DEU', el: 'ELL', en: 'ENG', es: 'SPA', et: 'EST', fi: 'FIN', fr: 'FRA',
  ga: 'GLE', hr: 'HRV', hu: 'HUN', it: 'ITA', lt: 'LIT', lv: 'LAV', mt: 'MLT', nl: 'NLD', pl: 'POL', pt: 'POR',
  ro: 'RON', sk: 'SLK', sl: 'SLV', sv: 'SWE', is: 'ISL', no: 'NOR', tr: 'TUR', ar: 'ARA', zh: 'ZHO', ja: 'JPN',
  ru: 'RUS', uk: 'UKR', ca: 'CAT', eu: 'EUS',
};

export type LanguageMap = Record<string, string>;

interface EuropassInput {
  /** The URL of this Europass document. */
  id: string;
  /** The issuing school's identifier (its DID): the JWT securing the document names it as `iss`. */
  issuerId: string;
  /** The Open Badges credential it expresses (the source of every fact below). */
  credential: JsonObject;
  issuer: { legalName: LanguageMap; homepage?: string; email?: string; countryCode: string; identifiers?: { notation: string; schemeName: string }[] };
  achievement: { title: LanguageMap; description?: LanguageMap; eqfLevel?: number };
  /** Results worth a LearningAssessment each: a title and a grade. */
  assessments: { title: LanguageMap; grade: string }[];
  learningOutcomes: { title: LanguageMap; escoSkill?: string }[];
  mobility?: MobilityRecord;
  primaryLanguage: string;
  issued: string;
}

export function buildEuropassCredential(input: EuropassInput): JsonObject {
  const { credential } = input;
  const subject = credential.credentialSubject as JsonObject;
  const id = (suffix: string) => `${input.id}#${suffix}`;
  const issuerOrganisation = organisation(input.issuerId, id('issuer'), input.issuer.legalName, input.issuer.countryCode, {
    homepage: input.issuer.homepage,
    email: input.issuer.email,
    identifiers: input.issuer.identifiers,
  });
  const awarding = (suffix: string) => ({ id: id(`awarding-${suffix}`), type: 'AwardingProcess', awardingBody: [issuerOrganisation] });
  const fullName = disclosedRecipientName(credential);

  const activity = input.mobility && learningActivity(input.mobility, id, awarding('activity'), input.primaryLanguage);
  const assessments = input.assessments.map((assessment, index) => ({
    id: id(`assessment-${index + 1}`),
    type: 'LearningAssessment',
    title: assessment.title,
    grade: { id: id(`grade-${index + 1}`), type: 'Note', noteLiteral: { [input.primaryLanguage]: assessment.grade } },
    awardedBy: awarding(`assessment-${index + 1}`),
  }));
  const achievement = {
    id: id('achievement'),
    type: 'LearningAchievement',
    title: input.achievement.title,
    ...(input.achievement.description ? { description: input.achievement.description } : {}),
    awardedBy: { ...awarding('achievement'), ...(typeof credential.awardedDate === 'string' ? { awardingDate: credential.awardedDate } : {}) },
    specifiedBy: {
      id: String((subject.achievement as JsonObject).id),
      type: 'LearningAchievementSpecification',
      title: input.achievement.title,
      ...(input.achievement.description ? { description: input.achievement.description } : {}),
      language: [languageConcept(input.primaryLanguage)],
      ...(input.achievement.eqfLevel ? { educationLevel: [eqfConcept(input.achievement.eqfLevel)] } : {}),
      ...(input.learningOutcomes.length
        ? {
            learningOutcome: input.learningOutcomes.map((outcome, index) => ({
              id: id(`outcome-${index + 1}`),
              type: 'LearningOutcome',
              title: outcome.title,
              ...(outcome.escoSkill ? { relatedESCOSkill: [concept(outcome.escoSkill, ESCO_SKILLS_SCHEME, outcome.title)] } : {}),
            })),
          }
        : {}),
    },
    ...(assessments.length ? { provenBy: assessments } : {}),
    ...(activity ? { influencedBy: [activity] } : {}),
  };

  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', ELM_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'VerifiableAttestation', 'EuropeanDigitalCredential'],
    credentialProfiles: [concept(CREDENTIAL_PROFILE_GENERIC, CREDENTIAL_PROFILE_SCHEME, { en: 'Generic' })],
    displayParameter: {
      id: id('display'),
      type: 'DisplayParameter',
      title: input.achievement.title,
      ...(input.achievement.description ? { description: input.achievement.description } : {}),
      language: [languageConcept(input.primaryLanguage)],
      primaryLanguage: languageConcept(input.primaryLanguage),
      individualDisplay: [
        {
          id: id('display-individual'),
          type: 'IndividualDisplay',
          language: languageConcept(input.primaryLanguage),
          displayDetail: [
            {
              id: id('display-page-1'),
              type: 'DisplayDetail',
              page: 1,
              image: {
                id: id('display-image'),
                type: 'MediaObject',
                contentType: concept(`${FILE_TYPE_SCHEME}/SVG`, FILE_TYPE_SCHEME, { en: 'SVG' }, 'file-type'),
                contentEncoding: concept(BASE64_ENCODING, ENCODING_SCHEME, { en: 'base64' }),
                content: Buffer.from(displayPage({ title: input.achievement.title[input.primaryLanguage] ?? '', issuer: input.issuer.legalName[input.primaryLanguage] ?? '', holder: fullName, date: String(credential.validFrom).slice(0, 10) })).toString('base64'),
              },
            },
          ],
        },
      ],
    },
    issuer: issuerOrganisation,
    credentialSubject: {
      id: id('holder'),
      type: 'Person',
      ...(fullName ? { fullName: { [input.primaryLanguage]: fullName } } : {}),
      hasClaim: [achievement, ...(activity ? [activity] : [])],
    },
    issued: input.issued,
    validFrom: String(credential.validFrom),
    ...(typeof credential.validUntil === 'string' ? { validUntil: credential.validUntil } : {}),
    credentialSchema: [{ id: EDC_GENERIC_SHAPE, type: 'ShaclValidator2017' }],
  };
}

function learningActivity(mobility: MobilityRecord, id: (suffix: string) => string, awardedBy: JsonObject, language: string): JsonObject {
  const host = mobility.hostOrganisation;
  const title: LanguageMap =
    language === 'fr'
      ? { fr: `Séjour à l’étranger : ${host.legalName}, ${host.city}` }
      : { [language]: `Stay abroad: ${host.legalName}, ${host.city}` };
  return {
    id: id('activity'),
    type: 'LearningActivity',
    title,
    awardedBy,
    temporal: [{ id: id('activity-period'), type: 'PeriodOfTime', startDate: `${mobility.startDate}T00:00:00Z`, endDate: `${mobility.endDate}T23:59:59Z` }],
    location: [location(id('activity-location'), host.countryCode)],
    directedBy: [organisation(id('host'), id('host'), { [language]: host.legalName }, host.countryCode, { homepage: host.url })],
    specifiedBy: {
      id: id('activity-specification'),
      type: 'LearningActivitySpecification',
      title,
      language: mobility.workingLanguages.filter((code) => EU_LANGUAGE_CODES[code]).map(languageConcept),
    },
  };
}

/** An Organisation; `partsId` prefixes the ids of its parts (location, homepage…) within this document. */
function organisation(
  organisationId: string,
  partsId: string,
  legalName: LanguageMap,
  countryCode: string,
  options: { homepage?: string; email?: string; identifiers?: { notation: string; schemeName: string }[] },
): JsonObject {
  return {
    id: organisationId,
    type: 'Organisation',
    legalName,
    location: [location(`${partsId}-location`, countryCode)],
    ...(options.homepage ? { homepage: [{ id: `${partsId}-homepage`, type: 'WebResource', contentURL: options.homepage }] } : {}),
    ...(options.email ? { contactPoint: [{ id: `${partsId}-contact`, type: 'ContactPoint', emailAddress: [{ id: `mailto:${options.email}`, type: 'Mailbox' }] }] } : {}),
    ...(options.identifiers?.length
      ? { identifier: options.identifiers.map((identifier, index) => ({ id: `${partsId}-identifier-${index + 1}`, type: 'Identifier', notation: identifier.notation, schemeName: identifier.schemeName })) }
      : {}),
  };
}

function location(locationId: string, countryCode: string): JsonObject {
  return { id: locationId, type: 'Location', address: [{ id: `${locationId}-address`, type: 'Address', countryCode: countryConcept(countryCode) }] };
}

function countryConcept(alpha2: string): JsonObject {
  const alpha3 = countries.alpha2ToAlpha3(alpha2);
  if (!alpha3) throw new RangeError(`Unknown country ${alpha2}`);
  const name = new Intl.DisplayNames(['en'], { type: 'region' }).of(alpha2) ?? alpha2;
  return concept(`${COUNTRY_SCHEME}/${alpha3}`, COUNTRY_SCHEME, { en: name }, 'country');
}

function languageConcept(iso6391: string): JsonObject {
  const code = EU_LANGUAGE_CODES[iso6391];
  if (!code) throw new RangeError(`No EU language code for ${iso6391}`);
  const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(iso6391) ?? iso6391;
  return concept(`${LANGUAGE_SCHEME}/${code}`, LANGUAGE_SCHEME, { en: name }, 'language');
}

function eqfConcept(level: number): JsonObject {
  return concept(`http://data.europa.eu/snb/eqf/${level}`, EQF_SCHEME, { en: `Level ${level}` });
}

function concept(conceptId: string, scheme: string, prefLabel: LanguageMap, notation?: string): JsonObject {
  return { id: conceptId, type: 'Concept', inScheme: { id: scheme, type: 'ConceptScheme' }, ...(notation ? { notation } : {}), prefLabel };
}

/** A printable page for Europass' display: title, holder, issuer, date. Text is escaped for XML. */
function displayPage(options: { title: string; issuer: string; holder: string | undefined; date: string }): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="1754" viewBox="0 0 1240 1754"><rect width="1240" height="1754" fill="#fff"/><rect x="60" y="60" width="1120" height="1634" fill="none" stroke="#0b4f9c" stroke-width="6"/><text x="620" y="420" font-family="sans-serif" font-size="56" text-anchor="middle" fill="#1a1a1a">${escapeXml(options.title)}</text>${options.holder ? `<text x="620" y="560" font-family="sans-serif" font-size="44" text-anchor="middle" fill="#1a1a1a">${escapeXml(options.holder)}</text>` : ''}<text x="620" y="700" font-family="sans-serif" font-size="36" text-anchor="middle" fill="#333">${escapeXml(options.issuer)}</text><text x="620" y="780" font-family="sans-serif" font-size="32" text-anchor="middle" fill="#333">${escapeXml(options.date)}</text></svg>`;
}
