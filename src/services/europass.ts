import { buildEuropassCredential, type LanguageMap } from '../domain/europass.js';
import type { MobilityCredentialKind, TemplateLanguage } from '../domain/mobility-achievements.js';
import type { JsonObject } from '../domain/open-badges.js';
import { toXsdDateTime } from '../domain/date-time.js';
import { signVcJwt } from '../proof/vc-jwt.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { findCredentialById } from '../storage/credentials-repository.js';
import { findIssuerById } from '../storage/issuers-repository.js';
import { findMobilityById } from '../storage/mobilities-repository.js';
import { EVERY_SCHOOL } from '../storage/tenancy.js';
import type { ServiceContext } from './context.js';
import { templateForKind } from './mobilities.js';
import { credentialDocument } from './credential-views.js';
import { assertShareable } from './credential-status.js';
import { sealOfSchool, type SealView } from './seals.js';
import { signJadesBaselineB } from '../keys/x509-seal.js';

interface EuropassExport {
  credential: JsonObject;
  /** The same document secured as a VC-JWT with the issuer's key (EdDSA). */
  jwt: string;
  /**
   * With a seal configured for the school (or its academy): the same document sealed as a JAdES baseline-B
   * compact JWS, and whose seal it is. This is what the Europass viewer can show as sealed by the organisation.
   */
  jades?: string;
  seal?: SealView;
}

/**
 * A credential as a Europass (ELM 3) EuropeanDigitalCredential, built from what the Open Badges credential
 * says and, for mobility credentials, from the stay; names and descriptions in French and English.
 */
export async function getEuropassExport(ctx: ServiceContext, credentialId: string): Promise<EuropassExport> {
  const row = await findCredentialById(ctx.db, credentialId, EVERY_SCHOOL);
  const issuer = row && (await findIssuerById(ctx.db, row.issuer_id, EVERY_SCHOOL));
  if (!row || !issuer) throw new NotFoundError(`Credential ${credentialId}`);
  // The EU schema allows no Bitstring status entry in a Europass credential, so a verifier could not learn
  // of a revocation from the export: a revoked or suspended credential is not exported at all.
  await assertShareable(ctx, row.id);
  const countryCode = issuer.profile.address?.addressCountryCode;
  if (!countryCode) {
    throw new ConflictError('Europass needs the issuing school’s country: add address.addressCountryCode to the issuer profile', '/address/addressCountryCode');
  }
  const credential = credentialDocument(row);
  const subject = credential.credentialSubject as JsonObject;
  const achievement = subject.achievement as JsonObject;
  const language = (typeof achievement.inLanguage === 'string' ? achievement.inLanguage : 'en') as TemplateLanguage;
  const mobility = row.mobility_id ? await findMobilityById(ctx.db, row.mobility_id, EVERY_SCHOOL) : undefined;

  const title: LanguageMap = { [language]: String(achievement.name) };
  const description: LanguageMap = { [language]: String(achievement.description) };
  if (mobility?.assessment && row.mobility_kind) {
    const other: TemplateLanguage = language === 'fr' ? 'en' : 'fr';
    const translated = templateForKind(issuer, row.mobility_kind as MobilityCredentialKind, mobility.record, mobility.assessment, other).achievement;
    title[other] = translated.name;
    description[other] = translated.description;
  }

  const resultNames = new Map(((achievement.resultDescription ?? []) as JsonObject[]).map((item) => [item.id, String(item.name)]));
  const assessments = ((subject.result ?? []) as JsonObject[])
    .filter((result) => typeof result.value === 'string' && resultNames.has(result.resultDescription))
    .map((result) => ({ title: { [language]: resultNames.get(result.resultDescription)! }, grade: String(result.value) }));
  const achievedOutcomes = mobility?.assessment?.outcomesAchieved ?? [];
  const learningOutcomes = achievedOutcomes.flatMap((index) => {
    const outcome = mobility?.record.plannedLearningOutcomes[index];
    return outcome ? [{ title: { [language]: outcome.title }, ...(outcome.escoSkill ? { escoSkill: outcome.escoSkill } : {}) }] : [];
  });
  const eqfAlignment = ((achievement.alignment ?? []) as JsonObject[]).find((alignment) => alignment.targetType === 'ext:EQF');
  const eqfLevel = mobility?.record.participant.qualification?.eqfLevel ?? (eqfAlignment ? Number(eqfAlignment.targetCode) : undefined);

  const europass = buildEuropassCredential({
    id: `${ctx.publicUrls.credential(row.id)}/europass`,
    issuerId: issuer.did,
    credential,
    issuer: {
      legalName: { [language]: issuer.profile.name },
      countryCode,
      ...(issuer.profile.url ? { homepage: issuer.profile.url } : {}),
      ...(issuer.profile.email ? { email: issuer.profile.email } : {}),
      identifiers: (issuer.profile.otherIdentifier ?? []).map((entry) => ({ notation: entry.identifier, schemeName: entry.identifierType.replace(/^ext:/, '') })),
    },
    achievement: { title, description, ...(eqfLevel ? { eqfLevel } : {}) },
    assessments,
    learningOutcomes,
    ...(mobility ? { mobility: mobility.record } : {}),
    primaryLanguage: language,
    issued: toXsdDateTime(row.created_at),
  });
  const { signer } = await ctx.keyRing.activeSigner(ctx.db, { issuerId: issuer.id, did: issuer.did });
  const jwt = await signVcJwt({ credential: europass, signer });
  const seal = await sealOfSchool(ctx, issuer);
  if (!seal) return { credential: europass, jwt };
  return { credential: europass, jwt, jades: await signJadesBaselineB({ document: europass, seal: seal.material, signingTime: ctx.now() }), seal: seal.view };
}
