import { hostAssessmentOf } from '../../domain/mentor-assessment.js';
import { disclosedRecipientName, hashedRecipientEmail, type JsonObject } from '../../domain/open-badges.js';
import type { Recognition, VerificationCheck, VerificationReport, Verdict } from '../../verify/verify-credential.js';
import { html, type Html } from '../views/html.js';
import { pageLayout } from '../views/layout.js';
import { badgeImage, formatDate, linkList } from '../views/page-kit.js';
import { resultRows } from './credential-results.js';
import { MESSAGES, type Language, type Messages, type VerifyRefusal } from './messages.js';
import { placeName } from '../../domain/places.js';

/**
 * The employer's page: a credential's verdict, what it says, and the checks behind the verdict. It shows only
 * what the credential itself discloses, and loads nothing a pasted credential names.
 */

const VERDICT_TONE: Record<Verdict, 'good' | 'bad' | 'warn'> = {
  valid: 'good',
  'not-authentic': 'bad',
  'not-open-badge': 'bad',
  unverifiable: 'warn',
  'key-compromised': 'bad',
  revoked: 'bad',
  suspended: 'warn',
  expired: 'warn',
  'not-yet-valid': 'warn',
  'status-unavailable': 'warn',
};

export interface CredentialLinks {
  verdictJson: string;
  /** Absent when the credential has no proof of that format. */
  credentialJson?: string;
  credentialJwt?: string;
  /** Absent when the credential is revoked or suspended: it is then neither exported nor printed. */
  europass?: string;
  linkedIn: string;
  /** The achievement's image on this service, and the badge image with this credential baked in. */
  badgeImage: string;
  bakedPng: string;
  bakedSvg: string;
  /** The printable certificate (PDF) in the page's language and French (or French and English); absent as `europass`. */
  certificate?: string;
}

export interface CredentialPageModel {
  language: Language;
  pageUrl: string;
  credential: JsonObject | undefined;
  report: VerificationReport;
  /** The endorsements section (see endorse-page.ts), for credentials hosted here. */
  endorsements?: Html;
  links?: CredentialLinks;
  /**
   * The form that checks a candidate's email address against the signed hash (credentials hosted here whose
   * recipient's name is hidden), and, once submitted, whether it matched.
   */
  recipientCheck?: { action: string; matches?: boolean };
}

/** What the page reads off the credential, once. */
interface Reading {
  m: Messages;
  subject: JsonObject;
  achievement: JsonObject;
  issuer: JsonObject;
  name: string;
  /** The proof held: the content is what the issuer signed. */
  trusted: boolean;
  /** A valid signature by an issuer nobody vouches for says nothing of who signed: it must not read as the school. */
  unknownIssuer: boolean;
  claimedIssuerName: string;
  /** The credential's own language, when it differs from the page's. */
  contentLanguage: string | undefined;
  /** A document was read, and it is no credential at all. */
  notACredential: boolean;
}

export function renderCredentialPage(model: CredentialPageModel): Html {
  const reading = read(model);
  if (reading.notACredential) return renderNotACredential(model, reading);
  const { m, name, achievement } = reading;
  const verdict = m.verdicts[model.report.verdict];
  const image = (achievement.image as JsonObject | undefined)?.id;
  return pageLayout({
    language: model.language,
    pageUrl: model.pageUrl,
    title: `${name} — ${verdict.title}`,
    skipTo: { href: '#verdict', label: m.skipToVerdict },
    body: html`${verdictSection(model, reading)}${credentialSection(model, reading)}${recipientSection(model, reading)}${model.endorsements}${checksSection(model, reading)}${linksSection(model, reading)}`,
    openGraph: {
      title: name,
      description: `${verdict.title} — ${model.report.issuerTrust === 'unknown' ? m.unknownIssuer(reading.claimedIssuerName) : reading.claimedIssuerName}`,
      ...(typeof image === 'string' && image.startsWith('https://') ? { image } : {}),
    },
  });
}

/**
 * A document that is no credential at all (`{"hello": 1}`, a pasted profile): said plainly, with the checks
 * behind it (the report's schema check says the same), and no credential details read off it.
 */
function renderNotACredential(model: CredentialPageModel, reading: Reading): Html {
  const { title, explanation } = reading.m.notACredential;
  return pageLayout({
    language: model.language,
    pageUrl: model.pageUrl,
    title,
    skipTo: { href: '#verdict', label: reading.m.skipToVerdict },
    body: html`<section id="verdict" class="verdict bad" aria-labelledby="verdict-title" tabindex="-1">
<p>${reading.m.verdictHeading}</p>
<h1 id="verdict-title" data-verdict="${model.report.verdict}" data-not-a-credential>${title}</h1>
<p>${explanation}</p>
</section>${checksSection(model, reading)}`,
  });
}

/** The least any verifiable credential has: its type, an issuer and a subject (VC Data Model 2.0 §4). */
function isCredential(document: JsonObject): boolean {
  const types = Array.isArray(document.type) ? document.type : [document.type];
  return types.includes('VerifiableCredential') && document.issuer !== undefined && document.credentialSubject !== undefined;
}

function read(model: CredentialPageModel): Reading {
  const m = MESSAGES[model.language];
  const { credential, report } = model;
  const subject = (credential?.credentialSubject ?? {}) as JsonObject;
  const achievement = (subject.achievement ?? {}) as JsonObject;
  const issuer = (typeof credential?.issuer === 'object' ? credential.issuer : { id: credential?.issuer }) as JsonObject;
  const trusted = report.checks.every((check) => check.check !== 'proof' || check.outcome === 'passed');
  const inLanguage = typeof achievement.inLanguage === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(achievement.inLanguage) ? achievement.inLanguage : undefined;
  return {
    m,
    subject,
    achievement,
    issuer,
    name: String(achievement.name ?? credential?.name ?? m.verifyTitle),
    trusted,
    unknownIssuer: trusted && report.issuerTrust === 'unknown',
    claimedIssuerName: String(issuer.name ?? issuer.id ?? ''),
    contentLanguage: inLanguage && inLanguage.split('-')[0] !== model.language ? inLanguage : undefined,
    notACredential: credential !== undefined && !isCredential(credential),
  };
}

function verdictSection({ report, language }: CredentialPageModel, { m, unknownIssuer, claimedIssuerName }: Reading): Html {
  const verdict = m.verdicts[report.verdict];
  // Valid, but nobody vouches for who signed (an unknown key, or a school in no trusted registry): not green.
  const unvouched = unknownIssuer || (report.issuer !== null && report.recognition.status === 'not-recognised');
  const tone = unvouched && report.verdict === 'valid' ? 'warn' : VERDICT_TONE[report.verdict];
  return html`<section id="verdict" class="verdict ${tone}" aria-labelledby="verdict-title" tabindex="-1">
<p>${m.verdictHeading}</p>
<h2 id="verdict-title" data-verdict="${report.verdict}">${verdict.title}</h2>
${
  unknownIssuer
    ? html`<p class="issuer-warning" data-issuer-trust="unknown"><strong>${m.unknownIssuer(claimedIssuerName)}</strong></p>
<p>${m.unknownIssuerExplanation}</p>
<p>${report.verdict === 'valid' ? m.validUnknownIssuer : verdict.explanation}</p>`
    : html`<p>${unvouched && report.verdict === 'valid' ? m.validNotRecognised : verdict.explanation}</p>`
}
${report.statusReason && html`<p><strong>${m.reason}</strong> ${report.statusReason}</p>`}
${report.issuer !== null && recognitionNotice(report.recognition, language, m)}
<p><small>${m.verifiedAt} ${formatDate(report.verifiedAt, language, true)}</small></p>
</section>`;
}

/**
 * What the employer's page shows of a credential of a school hosted here (not a verdict, checks or links):
 * the console shows with it what an issuance will sign, before it is signed. Its title is a heading of the
 * level and id given, to sit under the console page's own.
 */
export function renderCredentialContent(options: { language: Language; credential: JsonObject; badgeImage: string; heading: { level: 3; id: string } }): Html | false {
  const report: VerificationReport = {
    verdict: 'valid',
    format: 'ldp_vc',
    credentialId: null,
    issuer: null,
    issuerTrust: 'hosted',
    issuerName: null,
    checks: [],
    statusReason: null,
    verifiedAt: new Date(0).toISOString(),
    // Not verified: the preview says nothing of who vouches for the school.
    recognition: { status: 'not-recognised', vouchedBy: null, unavailableRegistries: [] },
  };
  const model: CredentialPageModel = { language: options.language, pageUrl: '', credential: options.credential, report };
  return credentialSection(model, read(model), { ...options.heading, image: options.badgeImage });
}

/**
 * Who vouches for the issuer: the registry that lists it (now, or when the credential was issued), or,
 * prominently, none. Asked only of a signature that holds (else `recognition` says no one).
 */
function recognitionNotice(recognition: Recognition, language: Language, m: Messages): Html {
  const { vouchedBy } = recognition;
  const unavailable = recognition.unavailableRegistries.length > 0 && html`<p><small>${m.registriesUnavailable(recognition.unavailableRegistries.length)}</small></p>`;
  if (!vouchedBy) {
    return html`<div class="recognition none" data-recognition="not-recognised"><p><strong>${m.notRecognised}</strong></p><p>${m.notRecognisedExplanation}</p></div>${unavailable}`;
  }
  const signedOn = m.registrySignedOn(formatDate(vouchedBy.signedAt, language));
  const statement =
    recognition.status === 'recognised'
      ? html`<strong>${m.recognisedBy(vouchedBy.registryName)}</strong> (${signedOn})`
      : html`<strong>${m.recognisedAtIssuance(vouchedBy.registryName)}</strong> (${m.leftRegistryOn(formatDate(vouchedBy.recognisedUntil, language))}; ${signedOn})`;
  return html`<p class="recognition vouched" data-recognition="${recognition.status}">${statement}</p>${unavailable}`;
}

function credentialSection(model: CredentialPageModel, reading: Reading, heading: { level: 1 | 3; id: string; image?: string } = { level: 1, id: 'badge-title' }): Html | false {
  const { credential, report, language } = model;
  if (!credential) return false;
  const { m, subject, achievement, issuer, name, trusted, claimedIssuerName, contentLanguage } = reading;
  const criteria = (achievement.criteria as JsonObject | undefined)?.narrative;
  const title = html`${name}`;
  const lang = contentLanguage && html` lang="${contentLanguage}"`;
  // The page's sections are h2 under its h1; under a preview's h3, h4.
  const subheading = (text: string) => (heading.level === 1 ? html`<h2>${text}</h2>` : html`<h4>${text}</h4>`);
  return html`<section aria-labelledby="${heading.id}">
${!trusted && html`<p class="untrusted">${m.untrustedContent}</p>`}
<div class="badge">${badgeImage(heading.image ?? model.links?.badgeImage ?? (achievement.image as JsonObject | undefined)?.id, m.badgeImageAlt(name))}<div>
${heading.level === 1 ? html`<h1 id="${heading.id}"${lang}>${title}</h1>` : html`<h3 id="${heading.id}"${lang}>${title}</h3>`}
<p>${report.issuerTrust === 'unknown' ? m.unknownIssuer(claimedIssuerName) : html`${m.issuedBy} ${issuerLink(issuer)}`}</p>
${contentLanguage && html`<p class="hint" data-content-language="${contentLanguage}">${m.writtenIn(new Intl.DisplayNames([language], { type: 'language' }).of(contentLanguage) ?? contentLanguage)}</p>`}
</div></div>
<dl>
<dt>${m.awardedTo}</dt><dd>${disclosedRecipientName(credential) ?? m.nameNotDisclosed}</dd>
${hostItem(subject.source, language, m)}
${assessedByItem(credential, m)}
<dt>${m.issuedOn}</dt><dd>${formatDate(credential.awardedDate ?? credential.validFrom, language)}</dd>
<dt>${m.validUntil}</dt><dd>${credential.validUntil ? formatDate(credential.validUntil, language) : m.noExpiry}</dd>
${subject.activityStartDate !== undefined && html`<dt>${m.activity}</dt><dd>${formatDate(subject.activityStartDate, language)} – ${formatDate(subject.activityEndDate, language)}</dd>`}
</dl>
${kindExplanation(achievement, m, subheading)}
${resultsTable(subject, achievement, language, contentLanguage, subheading)}
${typeof achievement.description === 'string' && html`${subheading(m.description)}<p${lang}>${achievement.description}</p>`}
${typeof criteria === 'string' && html`${subheading(m.criteria)}<p${lang}>${criteria}</p>`}
</section>`;
}

/** A kind of achievement a reader abroad may never have met (the French UFM), explained in the page's language. */
function kindExplanation(achievement: JsonObject, m: Messages, subheading: (text: string) => Html): Html | false {
  const kind = achievement.achievementType;
  if (kind !== 'ext:OptionalMobilityUnit') return false;
  return html`<section class="about-kind" data-about-kind="${kind}">${subheading(m.aboutKind.heading)}<p>${m.aboutKind[kind]}</p></section>`;
}

/** The school as the credential names it: its website, and its address for a question about the credential. */
function issuerLink(issuer: JsonObject): Html {
  const name = String(issuer.name ?? issuer.id);
  const url = typeof issuer.url === 'string' && /^https?:\/\//.test(issuer.url) ? issuer.url : undefined;
  const email = typeof issuer.email === 'string' && /^[^\s@<>"]+@[^\s@<>"]+$/.test(issuer.email) ? issuer.email : undefined;
  return html`${url ? html`<a href="${url}" rel="nofollow noopener">${name}</a>` : html`<strong>${name}</strong>`}${email && html` · <a href="mailto:${email}" data-issuer-email>${email}</a>`}`;
}

/** The host mentor who assessed the achievement, as the credential's signed evidence names them. */
function assessedByItem(credential: JsonObject, m: Messages): Html | false {
  const assessed = hostAssessmentOf(credential);
  return assessed ? html`<dt>${m.assessedBy}</dt><dd data-assessed-by>${assessed.mentor}, ${assessed.host}</dd>` : false;
}

/** The host organisation the credential names as its source: its name, city and country (named in the page's language). */
function hostItem(source: unknown, language: Language, m: Messages): Html | false {
  if (!source || typeof source !== 'object') return false;
  const host = source as JsonObject;
  if (typeof host.name !== 'string') return false;
  const place = placeName((host.address ?? {}) as JsonObject, language);
  return html`<dt>${m.host}</dt><dd data-host>${host.name}${place && html`<br>${place}`}</dd>`;
}

function resultsTable(subject: JsonObject, achievement: JsonObject, language: Language, contentLanguage: string | undefined, subheading: (text: string) => Html): Html | false {
  const m = MESSAGES[language];
  const rows = resultRows(subject, achievement, m, language);
  if (rows.length === 0) return false;
  const h = m.resultHeadings;
  return html`${subheading(m.results)}<table class="results"><thead><tr><th scope="col">${h.result}</th><th scope="col">${h.value}</th><th scope="col">${h.scale}</th></tr></thead><tbody>${rows.map(
    (row) =>
      html`<tr><th scope="row">${row.labelInContentLanguage ? html`<span${contentLanguage && html` lang="${contentLanguage}"`}>${row.label}</span>` : row.label}</th><td data-value data-label="${h.value}">${row.value}</td><td data-label="${h.scale}">${row.scale}</td></tr>`,
  )}</tbody></table>`;
}

/** Offered when the name is hidden; answered whenever an address was posted. */
function recipientSection({ credential, recipientCheck, language }: CredentialPageModel, { m }: Reading): Html | false {
  if (!credential || !recipientCheck || !hashedRecipientEmail(credential)) return false;
  if (disclosedRecipientName(credential) !== undefined && recipientCheck.matches === undefined) return false;
  const r = m.recipient;
  return html`<section id="recipient" aria-labelledby="recipient-title"><h2 id="recipient-title">${r.heading}</h2>
<p>${r.intro}</p>
${recipientCheck.matches !== undefined && html`<p class="match ${recipientCheck.matches ? 'good' : 'bad'}" role="status" data-match="${String(recipientCheck.matches)}">${recipientCheck.matches ? r.matches : r.noMatch}</p>`}
<form method="post" action="${recipientCheck.action}?lang=${language}#recipient">
<label for="email">${r.label}</label>
<input id="email" name="email" type="email" required maxlength="254" autocomplete="off">
<button type="submit">${r.button}</button>
</form></section>`;
}

/** Checks after a failed signature read content nobody signed: they get no tick, only "not evaluated". */
function checksSection({ report }: CredentialPageModel, { m, trusted }: Reading): Html {
  return html`<section aria-labelledby="checks-title"><h2 id="checks-title">${m.checksHeading}</h2>
<ul class="checks">${report.checks.map((check) => checkItem(check, trusted, m))}</ul></section>`;
}

function checkItem(check: VerificationCheck, trusted: boolean, m: Messages): Html {
  const evaluated = trusted || check.check === 'proof';
  const outcome = evaluated ? check.outcome : 'skipped';
  const label = evaluated ? m.outcomes[check.outcome] : m.notEvaluated;
  const detail = evaluated ? (m.checkDetails[check.check][check.verdict ?? check.outcome] ?? '') : m.notEvaluatedDetail;
  return html`<li class="${outcome}" data-check="${check.check}"><strong>${m.checks[check.check]}</strong> — ${label}${detail && html`<br><small>${detail}</small>`}</li>`;
}

function linksSection({ links, report }: CredentialPageModel, { m }: Reading): Html | false {
  if (!links) return false;
  // What a person does with it first; what programs read after.
  return html`<section aria-labelledby="share-title"><h2 id="share-title">${m.printAndShare}</h2>${linkList([
    { href: links.certificate, label: m.certificatePdf, type: 'application/pdf' },
    { href: report.verdict === 'valid' ? links.linkedIn : undefined, label: m.addToLinkedIn, external: true },
    { href: links.bakedPng, label: m.bakedPng, download: true },
    { href: links.bakedSvg, label: m.bakedSvg, download: true },
  ])}</section>
<section aria-labelledby="links-title"><h2 id="links-title">${m.machineReadable}</h2>${linkList([
    { href: links.verdictJson, label: m.verdictJson, type: 'application/json' },
    { href: links.credentialJson, label: m.credentialJson, type: 'application/ld+json' },
    { href: links.credentialJwt, label: m.credentialJwt, type: 'application/vc+jwt' },
    { href: links.europass, label: m.europass },
  ])}</section>`;
}

/** An address that names no credential hosted here: most often a link mistyped or cut short. */
export function renderCredentialNotFound(options: { language: Language; pageUrl: string }): Html {
  const m = MESSAGES[options.language].credentialNotFound;
  return pageLayout({
    language: options.language,
    pageUrl: options.pageUrl,
    title: m.title,
    body: html`<h1>${m.title}</h1>
<p>${m.explanation}</p>
<p><a href="/verify?lang=${options.language}">${m.verifyLink}</a></p>`,
  });
}

/** The form, and, after a refused submission, why it was refused (by its problem code). */
export function renderVerifyForm(options: { language: Language; pageUrl: string; refusal?: string; submitted?: string | undefined }): Html {
  const m = MESSAGES[options.language];
  const refusal = options.refusal === undefined ? undefined : m.verifyRefused[(options.refusal in m.verifyRefused ? options.refusal : 'other') as VerifyRefusal];
  return pageLayout({
    language: options.language,
    pageUrl: options.pageUrl,
    title: m.verifyTitle,
    skipTo: { href: '#verify-form', label: m.skipToForm },
    body: html`<h1>${m.verifyTitle}</h1>
<p>${m.verifyIntro}</p>
${refusal !== undefined && html`<p class="form-error" id="verify-refusal" role="alert">${refusal}</p>`}
<form id="verify-form" tabindex="-1" method="post" action="/verify?lang=${options.language}" enctype="multipart/form-data">
<label for="credential">${m.verifyLabel}</label>
<textarea id="credential" class="code" name="credential" spellcheck="false"${refusal !== undefined && html` aria-describedby="verify-refusal"`}>${options.submitted ?? ''}</textarea>
<p>${m.verifyTextOr}</p>
<label for="image">${m.verifyFileLabel}</label>
<input id="image" name="image" type="file" accept="image/png,image/svg+xml,.png,.svg">
<p><button type="submit">${m.verifyButton}</button></p>
</form>`,
  });
}
