import type { IssuerProfileInput, JsonObject } from '../domain/open-badges.js';
import { durationInDays, ufmApplies, type MobilityRecord } from '../domain/mobility.js';
import type { MobilityAssessment } from '../domain/mobility-achievements.js';
import { mentorLanguageOf, type MentorAnswer } from '../domain/mentor-assessment.js';
import type { GridTexts } from '../domain/mentor-grid-texts.js';
import { gridTextsOfSchool } from './mentor-grid-texts.js';
import { examSessionOf, juryMarks, type UfmJuryMarks, type UfmScheme } from '../domain/ufm.js';
import { findIssuerById } from '../storage/issuers-repository.js';
import { findMentorAssessmentOfMobility } from '../storage/mentor-assessments-repository.js';
import { findMobilityById, listMobilitiesOfIssuer } from '../storage/mobilities-repository.js';
import { ufmSchemeOf } from './mobilities.js';
import { findCredentialById } from '../storage/credentials-repository.js';
import { EVERY_SCHOOL, type Tenancy } from '../storage/tenancy.js';
import { NotFoundError } from '../errors.js';
import { achievementBadgeImage } from './badge-images.js';
import { assertShareable } from './credential-status.js';
import type { ServiceContext } from './context.js';
import { credentialDocument } from './credential-views.js';

/** What a printed certificate shows and carries: the credential, its signed forms, its badge image. */
export interface CertificateSource {
  credentialId: string;
  /** The credential's public page: where a reader of the paper verifies it. */
  verificationUrl: string;
  credential: JsonObject;
  /** The JSON-LD credential with its Data Integrity proof, when it has one. */
  dataIntegrity: JsonObject | null;
  jwt: string | null;
  badgePng: Uint8Array;
  issuedAt: Date;
}

/** A credential to print; a revoked or suspended one is not (as for every other way of sharing it). */
export async function certificateSource(ctx: ServiceContext, credentialId: string, tenancy: Tenancy): Promise<CertificateSource> {
  return loadCertificateSource(ctx, credentialId, tenancy);
}

/** The certificate of any school's credential, for its public URL: a credential is public, so is its certificate. */
export async function publicCertificateSource(ctx: ServiceContext, credentialId: string): Promise<CertificateSource> {
  return loadCertificateSource(ctx, credentialId, EVERY_SCHOOL);
}

async function loadCertificateSource(ctx: ServiceContext, credentialId: string, tenancy: Tenancy): Promise<CertificateSource> {
  const row = await findCredentialById(ctx.db, credentialId, tenancy);
  if (!row) throw new NotFoundError(`Credential ${credentialId}`);
  await assertShareable(ctx, row.id);
  const image = await achievementBadgeImage(ctx, row.achievement_id, 'png');
  return {
    credentialId: row.id,
    verificationUrl: ctx.publicUrls.credential(row.id),
    credential: credentialDocument(row),
    dataIntegrity: row.data_integrity,
    jwt: row.jwt,
    badgePng: image.content,
    issuedAt: row.created_at,
  };
}

/** The Europass Mobility document of a stay: the stay, the sending school, and the host's assessment if accepted. */
export interface EuropassMobilitySource {
  record: MobilityRecord;
  school: IssuerProfileInput;
  durationDays: number;
  /** What the school recorded (its own assessment, with the mentor's once accepted). */
  assessment: MobilityAssessment | null;
  hostLanguage: string;
  /** The grid's fixed texts in French and in the host's language: the school's own files, else the shipped ones. */
  texts: { fr: GridTexts; host: GridTexts };
  /** The school's translations of its outcomes into the host's language. */
  outcomeTranslations: string[] | undefined;
  mentor: { answer: MentorAnswer; answeredAt: Date; statementUrl: string } | undefined;
  scheme: UfmScheme;
}

export async function europassMobilitySource(ctx: ServiceContext, mobilityId: string, tenancy: Tenancy): Promise<EuropassMobilitySource> {
  const mobility = await findMobilityById(ctx.db, mobilityId, tenancy);
  const school = mobility && (await findIssuerById(ctx.db, mobility.issuer_id, tenancy));
  if (!mobility || !school) throw new NotFoundError(`Mobility ${mobilityId}`);
  const request = await findMentorAssessmentOfMobility(ctx.db, mobility.id, tenancy);
  const asked = request?.language ?? mentorLanguageOf(mobility.record.hostOrganisation.countryCode);
  // A language the school has since removed is English again, as on the mentor's page.
  const askedTexts = await gridTextsOfSchool(ctx, school.id, asked);
  const hostLanguage = askedTexts ? asked : 'en';
  const texts = { fr: (await gridTextsOfSchool(ctx, school.id, 'fr'))!, host: askedTexts ?? (await gridTextsOfSchool(ctx, school.id, 'en'))! };
  const accepted = request?.review === 'accepted' && request.answer && request.answered_at && request.statement ? request : undefined;
  return {
    record: mobility.record,
    school: school.profile,
    durationDays: durationInDays(mobility.record.startDate, mobility.record.endDate),
    assessment: mobility.assessment,
    hostLanguage,
    texts,
    outcomeTranslations: request?.outcome_translations?.[hostLanguage],
    mentor: accepted ? { answer: accepted.answer!, answeredAt: accepted.answered_at!, statementUrl: String(accepted.statement!.id) } : undefined,
    scheme: ufmSchemeOf(school),
  };
}

/** One candidate of a UFM jury. */
export interface JuryCandidate {
  name: string;
  email: string;
  qualification: string;
  host: string;
  countryCode: string;
  startDate: string;
  endDate: string;
  marks: UfmJuryMarks;
}

/** A school's UFM candidates of an exam session (stays where the UFM applies), by name. */
export async function ufmJury(ctx: ServiceContext, issuerId: string, session: number, tenancy: Tenancy): Promise<{ school: IssuerProfileInput; session: number; candidates: JuryCandidate[] }> {
  const school = await findIssuerById(ctx.db, issuerId, tenancy);
  if (!school) throw new NotFoundError(`Issuer ${issuerId}`);
  const scheme = ufmSchemeOf(school);
  const candidates = (await listMobilitiesOfIssuer(ctx.db, school.id, tenancy))
    .filter((mobility) => ufmApplies(mobility.record) && examSessionOf(mobility.record.endDate) === session)
    .map(({ record, assessment }) => ({
      name: record.participant.name ?? '',
      email: record.participant.email,
      qualification: record.participant.qualification?.title ?? '',
      host: record.hostOrganisation.legalName,
      countryCode: record.hostOrganisation.countryCode,
      startDate: record.startDate,
      endDate: record.endDate,
      marks: juryMarks(assessment?.ufm, scheme),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.email.localeCompare(b.email));
  return { school: school.profile, session, candidates };
}
