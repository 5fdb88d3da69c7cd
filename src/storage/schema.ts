import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { JWK } from 'jose';
import type { AchievementInput, IssuerProfileInput, JsonObject } from '../domain/open-badges.js';
import type { MobilityRecord } from '../domain/mobility.js';
import type { UfmScheme } from '../domain/ufm.js';
import type { MobilityAssessment } from '../domain/mobility-achievements.js';
import type { MentorAnswer } from '../domain/mentor-assessment.js';

/** Table types for the typed query layer; the SQL that creates them is in migrations/. */

type CreatedAt = ColumnType<Date, never, never>;

export interface IssuersTable {
  id: string;
  slug: string;
  did: string;
  profile: JSONColumnType<IssuerProfileInput>;
  ufm_scheme: JSONColumnType<UfmScheme | null, string | null, string | null>;
  academy_id: string | null;
  /**
   * A school (colleges and universities too) issues credentials; a professional order issues prescriptions and
   * a stage host placement results (both issue as schools do); an endorser (a host company, an academy) only signs
   * endorsements; an academy row holds the key an academy signs its registry of schools with.
   */
  kind: ColumnType<IssuerKind, IssuerKind | undefined, never>;
  created_at: CreatedAt;
}

/** The kinds that issue credentials (school queries read these; endorsers and academies' registry keys are apart). */
export const ISSUING_KINDS = ['school', 'professional-order', 'stage-host'] as const;
export type IssuingKind = (typeof ISSUING_KINDS)[number];
export type IssuerKind = IssuingKind | 'endorser' | 'academy';

export interface AcademiesTable {
  id: string;
  name: string;
  /** The academy's own signing identity (an issuer row of kind 'academy'), made when it first signs. */
  signer_issuer_id: ColumnType<string | null, never, string>;
  /** The registry of its schools as last signed, and the hash of the content that was signed. */
  registry_document: JSONColumnType<JsonObject | null, never, string>;
  registry_content_hash: ColumnType<string | null, never, string>;
  registry_signed_at: ColumnType<Date | null, never, Date>;
  created_at: CreatedAt;
}

/** When a school was in an academy (written by a trigger on issuers.academy_id: see migration 0030). */
export interface AcademyMembershipsTable {
  id: Generated<string>;
  academy_id: string;
  issuer_id: string;
  recognised_from: Date;
  recognised_until: Date | null;
}

/** A registry of another deployment that the platform admin trusts: where it is, and who must have signed it. */
export interface TrustedRegistriesTable {
  id: string;
  name: string;
  url: string;
  signer_did: string;
  created_by: string | null;
  created_at: CreatedAt;
}

/** An X.509 seal for Europass exports: certificates (base64 DER, the seal's own first), its key sealed. */
export interface SealsTable {
  id: string;
  issuer_id: string;
  certificate_chain: JSONColumnType<string[]>;
  algorithm: string;
  sealed_private_key: string;
  not_after: Date;
  created_at: CreatedAt;
}

type KeyStatus = 'active' | 'retired';

export interface IssuerKeysTable {
  id: string;
  issuer_id: string;
  verification_method: string;
  public_key_multibase: string;
  public_jwk: JSONColumnType<JWK>;
  /** AES-256-GCM envelope of the PKCS#8 private key; see keys/key-encryption.ts. */
  sealed_private_key: string;
  status: KeyStatus;
  created_at: CreatedAt;
  compromised_at: Date | null;
  compromise_reason: string | null;
}

export interface AchievementsTable {
  id: string;
  issuer_id: string;
  definition: JSONColumnType<AchievementInput>;
  /** Set when the achievement was created from a shipped template (see domain/mobility-achievements). */
  template_key: string | null;
  created_at: CreatedAt;
}

export type BadgeImageMediaType = 'image/png' | 'image/svg+xml';

export interface AchievementImagesTable {
  achievement_id: string;
  media_type: BadgeImageMediaType;
  content: Uint8Array;
  updated_at: Date;
}

/** A badge SVG's PNG, rendered once, by the SHA-256 of the SVG (migration 0012); null when it cannot be rendered. */
interface BadgeRenderingsTable {
  svg_sha256: Uint8Array;
  png: Uint8Array | null;
  rendered_at: CreatedAt;
}

export interface MobilitiesTable {
  id: string;
  issuer_id: string;
  record: JSONColumnType<MobilityRecord>;
  assessment: JSONColumnType<MobilityAssessment | null, string | null, string | null>;
  assessed_at: Date | null;
  /** The stay key (domain/mobility.ts); null only for a stay recorded twice before keys were kept for every stay. */
  external_key: string | null;
  created_at: CreatedAt;
}

export interface BatchesTable {
  id: string;
  issuer_id: string;
  language: 'fr' | 'en';
  created_by: string;
  created_at: CreatedAt;
}

export type BatchRowStatus = 'pending' | 'processing' | 'done' | 'rejected';

export interface BatchRowsTable {
  batch_id: string;
  line: number;
  row: JSONColumnType<JsonObject>;
  status: BatchRowStatus;
  claimed_by: string | null;
  claimed_at: Date | null;
  outcome: JSONColumnType<JsonObject | null, string | null, string | null>;
}

export interface CredentialsTable {
  id: string;
  issuer_id: string;
  achievement_id: string;
  key_id: string;
  /** Personal data kept out of the credential (only its salted hash is in it); needed to deliver it. */
  recipient_email: string;
  /** The credential secured with a Data Integrity proof, and its VC-JWT: at least one of them. */
  data_integrity: JSONColumnType<JsonObject | null, string | null, string | null>;
  jwt: string | null;
  valid_from: Date;
  valid_until: Date | null;
  issued_by: string;
  created_at: CreatedAt;
  mobility_id: string | null;
  mobility_kind: string | null;
  /** The stay's nth credential of its kind: the next is issued only once the one before was revoked. */
  mobility_issue: ColumnType<number, number | undefined, never>;
  batch_id: string | null;
  /** For a wallet copy (OpenID4VCI): the holder's DID, and the credential it was copied from. */
  holder_id: ColumnType<string | null, string | null | undefined, never>;
  derived_from: ColumnType<string | null, string | null | undefined, never>;
}

export interface ClaimLinksTable {
  token_hash: string;
  credential_id: string;
  expires_at: Date;
  claimed_at: Date | null;
  /** The learner's choice at claim time: whether their name stays in the public credential. */
  show_name: boolean | null;
  created_by: string;
  created_at: CreatedAt;
  /** Sent by mobicred to the credential's address only (its URL not given to the school): claiming with it signs in. */
  emailed_only: Generated<boolean>;
}

export interface CredentialOffersTable {
  id: string;
  credential_id: string;
  pre_authorized_code_hash: string;
  code_expires_at: Date;
  redeemed_at: Date | null;
  access_token_hash: string | null;
  access_token_expires_at: Date | null;
  issued_credential_id: string | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface EndorsementLinksTable {
  token_hash: string;
  credential_id: string;
  endorser_id: string;
  expires_at: Date;
  used_at: Date | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface EndorsementsTable {
  id: string;
  credential_id: string;
  endorser_id: string;
  document: JSONColumnType<JsonObject>;
  created_at: CreatedAt;
}

export interface MentorAssessmentsTable {
  id: string;
  mobility_id: string;
  issuer_id: string;
  /** The host organisation's endorser identity (issuers, kind 'endorser'): it signs the statement. */
  host_id: string;
  token_hash: string;
  generation: number;
  language: string;
  /** The school's translations of the stay's learning outcomes, by language: { es: ['…', '…'] }. */
  outcome_translations: JSONColumnType<Record<string, string[]> | null, string | null, string | null>;
  expires_at: Date;
  emailed_at: Date | null;
  opened_at: Date | null;
  answered_at: Date | null;
  revoked_at: Date | null;
  reminded_before_at: Date | null;
  reminded_after_at: Date | null;
  answer: JSONColumnType<MentorAnswer | null, string | null, string | null>;
  statement: JSONColumnType<JsonObject | null, string | null, string | null>;
  review: 'accepted' | 'returned' | null;
  review_question: string | null;
  reviewed_at: Date | null;
  created_by: string;
  created_at: CreatedAt;
}

/** A school's message file for the host mentor's grid in one language (see domain/mentor-grid-texts). */
export interface MentorGridTextsTable {
  issuer_id: string;
  language: string;
  texts: JSONColumnType<Record<string, string>, string, string>;
  updated_by: string;
  updated_at: Generated<Date>;
}

interface Oid4vciNoncesTable {
  nonce_hash: string;
  expires_at: Date;
  used_at: Date | null;
}

export interface IdempotencyKeysTable {
  api_key_id: string;
  idempotency_key: string;
  request_hash: string;
  credential_id: string;
  created_at: CreatedAt;
}

export type ApiKeyKind = 'api' | 'console';

export const ROLES = ['platform-admin', 'academy-reader', 'school-admin', 'school-issuer'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeysTable {
  id: string;
  name: string;
  /** sha256 of the secret; the secret itself is shown once and never stored. */
  key_hash: string;
  role: Role;
  /** 'console': a person's role in the school console, acted through; its secret was never given to anyone. */
  kind: ColumnType<ApiKeyKind, ApiKeyKind | undefined, never>;
  /** The school a school-admin or school-issuer key acts for. */
  issuer_id: string | null;
  /** The academy an academy-reader key reads. */
  academy_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface AuditEventsTable {
  id: Generated<string>;
  occurred_at: CreatedAt;
  actor: string;
  /** Filled by the database from the acting key's name (a person's, for the console). */
  actor_name: ColumnType<string | null, string | null | undefined, never>;
  action: string;
  issuer_id: string | null;
  subject_id: string;
  details: JSONColumnType<JsonObject>;
}

export type StatusPurposeColumn = 'revocation' | 'suspension';
export type StatusState = 'active' | 'suspended' | 'revoked';

export interface StatusListsTable {
  id: string;
  issuer_id: string;
  purpose: StatusPurposeColumn;
  size: number;
  next_position: ColumnType<number, never, number>;
  permutation_key: string;
  version: ColumnType<string, never, never>;
  signed_version: string | null;
  signed_credential: JSONColumnType<JsonObject | null, string | null, string | null>;
  created_at: CreatedAt;
}

export interface StatusEntriesTable {
  list_id: string;
  list_index: number;
  credential_id: string | null;
  state: ColumnType<StatusState, never, StatusState>;
  reason: string | null;
  public_reason: string | null;
  changed_at: Date | null;
  changed_by: string | null;
}

/** One row: moved at the commit of any change to what the service keeps in memory (migration 0011). */
interface ChangeGenerationTable {
  singleton: ColumnType<boolean, never, never>;
  value: ColumnType<string, never, never>;
}

interface DeploymentTable {
  singleton: ColumnType<boolean, never, never>;
  public_base_url: string;
  recorded_at: ColumnType<Date, Date | undefined, Date>;
}

export interface PathwayRecognitionsTable {
  order_id: string;
  institution_did: string;
  created_by: string;
  created_at: CreatedAt;
}

export interface PrescriptionsTable {
  id: string;
  order_id: string;
  credential_id: string;
  achievement_id: string;
  profession: string;
  decision_reference: string;
  /** A date column, read as text (YYYY-MM-DD) by the repository: drivers differ on the time zone of a Date. */
  decision_date: string;
  created_at: CreatedAt;
}

export interface PrescriptionElementsTable {
  prescription_id: string;
  element_key: string;
  competency_code: string;
  referential_name: string;
  referential_url: string;
  title: string;
  kind: 'bridging-training' | 'stage' | 'francisation';
  hours: number;
  stage_required: boolean;
  deadline: string;
}

export interface ElementCompletionsTable {
  credential_id: string;
  prescription_id: string;
  element_key: string;
  institution_id: string;
  completed_on: string;
  created_at: CreatedAt;
}

export interface StaffPeopleTable {
  id: string;
  email: string;
  name: string;
  /** scrypt$N$r$p$salt$hash (services/staff-passwords.ts); null for a person who signs in only through SSO. */
  password_hash: string | null;
  /** The TOTP key, sealed with the staff secrets key; enabled once a code made with it was entered. */
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  /** The last time step whose code was accepted: a code is never accepted twice. */
  totp_last_step: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  removed_at: Date | null;
}

export interface StaffRolesTable {
  id: string;
  person_id: string;
  api_key_id: string;
  created_at: CreatedAt;
}

export interface StaffSessionsTable {
  token_hash: string;
  /** Null before sign-in: a visitor's forms carry a CSRF token too. */
  person_id: string | null;
  csrf_token: string;
  current_role_id: string | null;
  current_issuer_id: string | null;
  /** Signed in with a password, the TOTP code still to be entered. */
  second_factor_due: ColumnType<boolean, boolean | undefined, boolean>;
  /** Written with the service's clock, as the timeouts are measured with it. */
  created_at: ColumnType<Date, Date, never>;
  last_seen_at: ColumnType<Date, Date, Date>;
  ended_at: Date | null;
}

export type StaffLinkKind = 'password-reset' | 'invitation';

export interface StaffLinksTable {
  token_hash: string;
  kind: StaffLinkKind;
  email: string;
  name: string | null;
  person_id: string | null;
  role: Role | null;
  issuer_id: string | null;
  academy_id: string | null;
  created_by: string | null;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface StaffSignInFailuresTable {
  subject: string;
  failed_at: ColumnType<Date, Date, never>;
}

export interface SsoProvidersTable {
  id: string;
  name: string;
  issuer_id: string | null;
  academy_id: string | null;
  issuer_url: string;
  client_id: string;
  client_secret_sealed: string;
  email_claim: string;
  created_at: CreatedAt;
}

export interface SsoSignInsTable {
  state: string;
  provider_id: string;
  session_token_hash: string;
  code_verifier: string;
  nonce: string;
  expires_at: Date;
}

export interface LearnersTable {
  id: string;
  created_at: ColumnType<Date, Date, never>;
  /** A minor's guardian: the address the approval link went to, and when they approved showing the learner's name. */
  guardian_email: string | null;
  guardian_approved_at: Date | null;
}

export interface LearnerEmailsTable {
  /** Lower-cased. */
  email: string;
  learner_id: string;
  verified_at: Date;
}

export type LearnerLinkPurpose = 'sign-in' | 'add-email' | 'guardian-approval';

export interface LearnerLinksTable {
  token_hash: string;
  purpose: LearnerLinkPurpose;
  /** The address the link was sent to (lower-cased): the one it signs in, adds, or the guardian's. */
  email: string;
  /** The learner who asked (null for a sign-in link: the address names the learner, made when it is used). */
  learner_id: string | null;
  /** Where a sign-in link leads afterwards (a path of /me or of the Open Badges API). */
  next_path: string | null;
  expires_at: Date;
  used_at: Date | null;
  created_at: ColumnType<Date, Date, never>;
}

export interface LearnerSessionsTable {
  token_hash: string;
  /** Null before sign-in: the sign-in form carries a CSRF token too. */
  learner_id: string | null;
  csrf_token: string;
  created_at: ColumnType<Date, Date, never>;
  last_seen_at: ColumnType<Date, Date, Date>;
  ended_at: Date | null;
}

export interface CredentialViewsTable {
  credential_id: string;
  /** A date column, read as text (YYYY-MM-DD). */
  day: string;
  count: number;
}

export interface WithheldNamesTable {
  credential_id: string;
  name: string;
  withheld_at: Date;
}

/** oidc-provider's artifacts, found by the hash of their id; the payload is kept without the id (0070). */
export interface OauthArtifactsTable {
  model: string;
  id_hash: string;
  payload: JSONColumnType<JsonObject>;
  grant_id: string | null;
  session_uid: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

/** The authorization server's signing keys, sealed under the key-encryption key and bound to their row. */
export interface OauthSigningKeysTable {
  id: string;
  public_jwk: JSONColumnType<JWK>;
  sealed_private_key: string;
  created_at: CreatedAt;
}

/** A credential a learner's platform sent through upsertCredential, exactly as it was sent. */
export interface LearnerImportedCredentialsTable {
  id: string;
  learner_id: string;
  issuer: string;
  credential_id: string;
  format: 'ldp_vc' | 'jwt_vc';
  media_type: string;
  body: string;
  valid_from: Date;
  created_at: Date;
  updated_at: Date;
}

export interface Database {
  academies: AcademiesTable;
  academy_memberships: AcademyMembershipsTable;
  trusted_registries: TrustedRegistriesTable;
  seals: SealsTable;
  issuers: IssuersTable;
  issuer_keys: IssuerKeysTable;
  achievements: AchievementsTable;
  achievement_images: AchievementImagesTable;
  badge_renderings: BadgeRenderingsTable;
  credentials: CredentialsTable;
  idempotency_keys: IdempotencyKeysTable;
  api_keys: ApiKeysTable;
  audit_events: AuditEventsTable;
  status_lists: StatusListsTable;
  status_entries: StatusEntriesTable;
  mobilities: MobilitiesTable;
  batches: BatchesTable;
  batch_rows: BatchRowsTable;
  claim_links: ClaimLinksTable;
  credential_offers: CredentialOffersTable;
  oid4vci_nonces: Oid4vciNoncesTable;
  endorsement_links: EndorsementLinksTable;
  endorsements: EndorsementsTable;
  mentor_assessments: MentorAssessmentsTable;
  mentor_grid_texts: MentorGridTextsTable;
  change_generation: ChangeGenerationTable;
  deployment: DeploymentTable;
  pathway_recognitions: PathwayRecognitionsTable;
  prescriptions: PrescriptionsTable;
  prescription_elements: PrescriptionElementsTable;
  element_completions: ElementCompletionsTable;
  staff_people: StaffPeopleTable;
  staff_roles: StaffRolesTable;
  staff_sessions: StaffSessionsTable;
  staff_links: StaffLinksTable;
  staff_sign_in_failures: StaffSignInFailuresTable;
  sso_providers: SsoProvidersTable;
  sso_sign_ins: SsoSignInsTable;
  learners: LearnersTable;
  learner_emails: LearnerEmailsTable;
  learner_links: LearnerLinksTable;
  learner_sessions: LearnerSessionsTable;
  credential_views: CredentialViewsTable;
  withheld_names: WithheldNamesTable;
  oauth_artifacts: OauthArtifactsTable;
  oauth_signing_keys: OauthSigningKeysTable;
  learner_imported_credentials: LearnerImportedCredentialsTable;
}
