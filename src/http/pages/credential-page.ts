import { disclosedRecipientName, hashedRecipientEmail, type JsonObject } from '../../domain/open-badges.js';
import type { VerificationCheck, VerificationReport, Verdict } from '../../verify/verify-credential.js';
import { LANGUAGES, MESSAGES, type Language, type Messages, type VerifyRefusal } from './messages.js';
import { resultRows } from './result-rows.js';

/**
 * Server-rendered public pages: no script, no third-party asset, every value escaped. They show only what
 * the credential itself discloses.
 */

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

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

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#fafafa}
body{margin:0}
a{color:#0b4f9c}
a:focus,button:focus,textarea:focus,input:focus{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header,main,footer{max-width:46rem;margin:0 auto;padding:1rem 1.25rem}
header{display:flex;justify-content:space-between;align-items:center;border-bottom:1px solid #ddd}
nav ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0}
[aria-current=true]{font-weight:700;text-decoration:none;color:#1a1a1a}
.verdict{border:2px solid;border-radius:.5rem;padding:1rem 1.25rem;margin:1rem 0}
.verdict h2{margin:0 0 .25rem;font-size:1.6rem}
.good{background:#e6f4ea;border-color:#1e7b34}.good h2{color:#14532d}
.bad{background:#fdecea;border-color:#b3261e}.bad h2{color:#8c1d18}
.warn{background:#fff4e0;border-color:#a15c00}.warn h2{color:#6b3d00}
.badge{display:flex;gap:1.25rem;align-items:flex-start;margin:1.5rem 0}
.badge img,.badge svg{width:7rem;height:7rem;flex:none}
.badge h1{margin:.25rem 0;font-size:1.8rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem}dt{font-weight:600}dd{margin:0}
.checks{list-style:none;padding-left:0}.checks li{margin:.2rem 0}.passed::before{content:"✓ "}.failed::before{content:"✗ "}.skipped::before{content:"– "}
.untrusted{font-style:italic}
.issuer-warning{font-size:1.2rem;margin:.5rem 0}
.form-error{background:#fdecea;border:2px solid #b3261e;border-radius:.5rem;padding:.75rem 1rem;color:#8c1d18;font-weight:600}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #ddd}thead th{border-bottom:2px solid #888}
.match{font-weight:700;border-width:2px;border-style:solid;border-radius:.5rem;padding:.5rem 1rem}
input[type=email],input[type=file]{font-size:1rem;padding:.35rem;max-width:100%}input[type=email]{width:22rem}
label{display:block;margin:.5rem 0 .25rem}
.endorsements{list-style:none;padding-left:0}.endorsements blockquote{margin:.5rem 0;padding-left:1rem;border-left:4px solid #0b4f9c}
fieldset{border:1px solid #ccc;border-radius:.5rem;margin:1rem 0}.qr{width:14rem;height:14rem;background:#fff}
textarea{width:100%;min-height:14rem;font:0.9rem ui-monospace,monospace}
button{font-size:1rem;padding:.5rem 1.25rem;margin-top:.5rem}
@media print{header nav,.skip,footer{display:none}body{background:#fff}.verdict{break-inside:avoid}}
`;

export function layout(options: {
  language: Language;
  pageUrl: string;
  title: string;
  body: string;
  openGraph?: { title: string; description: string; image?: string };
  /** Where the skip link leads: the verdict by default. */
  skipTo?: { href: string; label: string };
}): string {
  const m = MESSAGES[options.language];
  const switcher = LANGUAGES.map(
    (language) =>
      `<li><a href="${escapeHtml(withLanguage(options.pageUrl, language))}" hreflang="${language}" lang="${language}"${
        language === options.language ? ' aria-current="true"' : ''
      }>${escapeHtml(MESSAGES[language].languageName)}</a></li>`,
  ).join('');
  const og = options.openGraph;
  return `<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${
  og
    ? `<meta property="og:type" content="website">
<meta property="og:title" content="${escapeHtml(og.title)}">
<meta property="og:description" content="${escapeHtml(og.description)}">
<meta property="og:url" content="${escapeHtml(options.pageUrl)}">
${og.image ? `<meta property="og:image" content="${escapeHtml(og.image)}">` : ''}
<meta name="description" content="${escapeHtml(og.description)}">`
    : ''
}
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="${escapeHtml(options.skipTo?.href ?? '#verdict')}">${escapeHtml(options.skipTo?.label ?? m.skipToContent)}</a>
<header><strong>mobicred</strong><nav aria-label="Language"><ul>${switcher}</ul></nav></header>
<main id="main">
${options.body}
</main>
<footer><a href="/verify?lang=${options.language}">${escapeHtml(m.verifyAnother)}</a></footer>
</body>
</html>`;
}

export function withLanguage(pageUrl: string, language: Language): string {
  const url = new URL(pageUrl);
  url.searchParams.set('lang', language);
  return url.pathname + url.search;
}

export function renderCredentialPage(options: {
  language: Language;
  pageUrl: string;
  credential: JsonObject | undefined;
  report: VerificationReport;
  /** The endorsements section (see endorse-page.ts), for credentials hosted here. */
  endorsementsHtml?: string;
  links?: {
    verdictJson: string;
    /** Absent when the credential has no proof of that format. */
    credentialJson?: string;
    credentialJwt?: string;
    europass: string;
    linkedIn: string;
    /** The achievement's image on this service, and the badge image with this credential baked in. */
    badgeImage: string;
    bakedPng: string;
    bakedSvg: string;
  };
  /**
   * The form that checks a candidate's email address against the signed hash (credentials hosted here whose
   * recipient's name is hidden), and, once submitted, whether it matched.
   */
  recipientCheck?: { action: string; matches?: boolean };
}): string {
  const m = MESSAGES[options.language];
  const { credential, report } = options;
  const verdict = m.verdicts[report.verdict];
  const subject = (credential?.credentialSubject ?? {}) as JsonObject;
  const achievement = (subject.achievement ?? {}) as JsonObject;
  const issuer = (typeof credential?.issuer === 'object' ? credential.issuer : { id: credential?.issuer }) as JsonObject;
  const name = String(achievement.name ?? credential?.name ?? m.verifyTitle);
  const trusted = report.checks.every((check) => check.check !== 'proof' || check.outcome === 'passed');
  // A valid signature by an issuer nobody vouches for says nothing of who signed: it must not read as the school.
  const unknownIssuer = trusted && report.issuerTrust === 'unknown';
  const claimedIssuerName = String(issuer.name ?? issuer.id ?? '');
  const tone = unknownIssuer && report.verdict === 'valid' ? 'warn' : VERDICT_TONE[report.verdict];
  const contentLanguage = typeof achievement.inLanguage === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(achievement.inLanguage) ? achievement.inLanguage : undefined;
  const lang = contentLanguage && contentLanguage.split('-')[0] !== options.language ? ` lang="${contentLanguage}"` : '';

  const verdictBlock = `<section id="verdict" class="verdict ${tone}" aria-labelledby="verdict-title" tabindex="-1">
<p>${escapeHtml(m.verdictHeading)}</p>
<h2 id="verdict-title" data-verdict="${report.verdict}">${escapeHtml(verdict.title)}</h2>
${
  unknownIssuer
    ? `<p class="issuer-warning" data-issuer-trust="unknown"><strong>${escapeHtml(m.unknownIssuer(claimedIssuerName))}</strong></p>
<p>${escapeHtml(m.unknownIssuerExplanation)}</p>
<p>${escapeHtml(report.verdict === 'valid' ? m.validUnknownIssuer : verdict.explanation)}</p>`
    : `<p>${escapeHtml(verdict.explanation)}</p>`
}
${report.statusReason ? `<p><strong>${escapeHtml(m.reason)}</strong> ${escapeHtml(report.statusReason)}</p>` : ''}
<p><small>${escapeHtml(m.verifiedAt)} ${escapeHtml(formatDate(report.verifiedAt, options.language, true))}</small></p>
</section>`;

  const checks = `<section aria-labelledby="checks-title"><h2 id="checks-title">${escapeHtml(m.checksHeading)}</h2>
<ul class="checks">${report.checks.map((check) => checkItem(check, trusted, m)).join('')}</ul></section>`;

  const recipientName = credential && disclosedRecipientName(credential);
  const details = credential
    ? `<section aria-labelledby="badge-title">
${trusted ? '' : `<p class="untrusted">${escapeHtml(m.untrustedContent)}</p>`}
<div class="badge">${badgeImage(options.links?.badgeImage ?? (achievement.image as JsonObject | undefined)?.id, m.badgeImageAlt(name))}<div>
<h1 id="badge-title"${lang}>${escapeHtml(name)}</h1>
<p>${report.issuerTrust === 'unknown' ? escapeHtml(m.unknownIssuer(claimedIssuerName)) : `${escapeHtml(m.issuedBy)} ${issuerLink(issuer)}`}</p>
</div></div>
<dl>
<dt>${escapeHtml(m.awardedTo)}</dt><dd>${escapeHtml(recipientName ?? m.nameNotDisclosed)}</dd>
${hostItem(subject.source, options.language, m)}
<dt>${escapeHtml(m.issuedOn)}</dt><dd>${escapeHtml(formatDate(credential.awardedDate ?? credential.validFrom, options.language))}</dd>
<dt>${escapeHtml(m.validUntil)}</dt><dd>${escapeHtml(credential.validUntil ? formatDate(credential.validUntil, options.language) : m.noExpiry)}</dd>
${
  subject.activityStartDate
    ? `<dt>${escapeHtml(m.activity)}</dt><dd>${escapeHtml(formatDate(subject.activityStartDate, options.language))} – ${escapeHtml(formatDate(subject.activityEndDate, options.language))}</dd>`
    : ''
}
</dl>
${resultsBlock(subject, achievement, m, lang)}
${achievement.description ? `<h2>${escapeHtml(m.description)}</h2><p${lang}>${escapeHtml(achievement.description)}</p>` : ''}
${(achievement.criteria as JsonObject | undefined)?.narrative ? `<h2>${escapeHtml(m.criteria)}</h2><p${lang}>${escapeHtml((achievement.criteria as JsonObject).narrative)}</p>` : ''}
</section>`
    : '';
  const recipientForm =
    credential &&
    options.recipientCheck &&
    // Offered when the name is hidden; answered whenever an address was posted.
    (recipientName === undefined || options.recipientCheck.matches !== undefined) &&
    hashedRecipientEmail(credential)
      ? recipientCheckBlock(options.recipientCheck, options.language, m)
      : '';

  const links = options.links
    ? `<section aria-labelledby="links-title"><h2 id="links-title">${escapeHtml(m.machineReadable)}</h2><ul>
<li><a href="${escapeHtml(options.links.verdictJson)}" type="application/json">${escapeHtml(m.verdictJson)}</a></li>
${options.links.credentialJson ? `<li><a href="${escapeHtml(options.links.credentialJson)}" type="application/ld+json">${escapeHtml(m.credentialJson)}</a></li>` : ''}
${options.links.credentialJwt ? `<li><a href="${escapeHtml(options.links.credentialJwt)}" type="application/vc+jwt">${escapeHtml(m.credentialJwt)}</a></li>` : ''}
<li><a href="${escapeHtml(options.links.europass)}">${escapeHtml(m.europass)}</a></li>
<li><a href="${escapeHtml(options.links.bakedPng)}" download>${escapeHtml(m.bakedPng)}</a></li>
<li><a href="${escapeHtml(options.links.bakedSvg)}" download>${escapeHtml(m.bakedSvg)}</a></li>
${report.verdict === 'valid' ? `<li><a href="${escapeHtml(options.links.linkedIn)}" rel="noopener">${escapeHtml(m.addToLinkedIn)}</a></li>` : ''}
</ul></section>`
    : '';

  const image = (achievement.image as JsonObject | undefined)?.id;
  return layout({
    language: options.language,
    pageUrl: options.pageUrl,
    title: `${name} — ${verdict.title}`,
    body: verdictBlock + details + recipientForm + (options.endorsementsHtml ?? '') + checks + links,
    openGraph: {
      title: name,
      description: `${verdict.title} — ${report.issuerTrust === 'unknown' ? m.unknownIssuer(claimedIssuerName) : claimedIssuerName}`,
      ...(typeof image === 'string' && image.startsWith('https://') ? { image } : {}),
    },
  });
}

/** The form, and, after a refused submission, why it was refused (by its problem code). */
export function renderVerifyForm(options: { language: Language; pageUrl: string; refusal?: string }): string {
  const m = MESSAGES[options.language];
  const refusal =
    options.refusal === undefined ? '' : `<p class="form-error" role="alert">${escapeHtml(m.verifyRefused[(options.refusal in m.verifyRefused ? options.refusal : 'other') as VerifyRefusal])}</p>\n`;
  return layout({
    language: options.language,
    pageUrl: options.pageUrl,
    title: m.verifyTitle,
    skipTo: { href: '#verify-form', label: m.skipToForm },
    body: `<h1>${escapeHtml(m.verifyTitle)}</h1>
<p>${escapeHtml(m.verifyIntro)}</p>
${refusal}<form id="verify-form" tabindex="-1" method="post" action="/verify?lang=${options.language}" enctype="multipart/form-data">
<label for="credential">${escapeHtml(m.verifyLabel)}</label>
<textarea id="credential" name="credential" spellcheck="false"></textarea>
<p>${escapeHtml(m.verifyTextOr)}</p>
<label for="image">${escapeHtml(m.verifyFileLabel)}</label>
<input id="image" name="image" type="file" accept="image/png,image/svg+xml,.png,.svg">
<p><button type="submit">${escapeHtml(m.verifyButton)}</button></p>
</form>`,
  });
}

function issuerLink(issuer: JsonObject): string {
  const name = escapeHtml(issuer.name ?? issuer.id);
  const url = typeof issuer.url === 'string' && /^https?:\/\//.test(issuer.url) ? issuer.url : undefined;
  return url ? `<a href="${escapeHtml(url)}" rel="nofollow noopener">${name}</a>` : `<strong>${name}</strong>`;
}

/** Only this service's images and inline ones: an image elsewhere, named by a pasted credential, is never fetched. */
export function badgeImage(src: unknown, alt: string): string {
  if (typeof src === 'string' && /^(\/achievements\/|data:image\/(png|svg\+xml);)/.test(src)) {
    return `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">`;
  }
  // A neutral star, not a check mark: the image must not look like a verdict.
  return `<svg role="img" aria-label="${escapeHtml(alt)}" viewBox="0 0 100 100"><circle cx="50" cy="50" r="48" fill="#0b4f9c"/><path d="M50 20l8.8 18 19.7 2.9-14.3 13.9 3.4 19.6L50 65.1 32.4 74.4l3.4-19.6-14.3-13.9 19.7-2.9z" fill="#fff"/></svg>`;
}

/** Checks after a failed signature read content nobody signed: they get no tick, only "not evaluated". */
function checkItem(check: VerificationCheck, trusted: boolean, m: Messages): string {
  const evaluated = trusted || check.check === 'proof';
  const outcome = evaluated ? check.outcome : 'skipped';
  const label = evaluated ? m.outcomes[check.outcome] : m.notEvaluated;
  const detail = evaluated ? (m.checkDetails[check.check][check.verdict ?? check.outcome] ?? '') : m.notEvaluatedDetail;
  return `<li class="${outcome}" data-check="${check.check}"><strong>${escapeHtml(m.checks[check.check])}</strong> — ${escapeHtml(label)}${detail ? `<br><small>${escapeHtml(detail)}</small>` : ''}</li>`;
}

/** The host organisation the credential names as its source: its name, city and country (named in the page's language). */
function hostItem(source: unknown, language: Language, m: Messages): string {
  if (!source || typeof source !== 'object') return '';
  const host = source as JsonObject;
  const address = (host.address ?? {}) as JsonObject;
  const code = typeof address.addressCountryCode === 'string' && /^[A-Z]{2}$/.test(address.addressCountryCode) ? address.addressCountryCode : undefined;
  const country = code ? new Intl.DisplayNames([language], { type: 'region' }).of(code) : address.addressCountry;
  const place = [address.addressLocality, country].filter((part) => typeof part === 'string' && part !== '').join(', ');
  if (typeof host.name !== 'string') return '';
  return `<dt>${escapeHtml(m.host)}</dt><dd data-host>${escapeHtml(host.name)}${place ? `<br>${escapeHtml(place)}` : ''}</dd>`;
}

/** The results table (rows from result-rows.ts, shared with the printed certificate). */
function resultsBlock(subject: JsonObject, achievement: JsonObject, m: Messages, lang: string): string {
  const rows = resultRows(subject, achievement, m);
  if (rows.length === 0) return '';
  const h = m.resultHeadings;
  return `<h2>${escapeHtml(m.results)}</h2><table class="results"><thead><tr><th scope="col">${escapeHtml(h.result)}</th><th scope="col">${escapeHtml(h.value)}</th><th scope="col">${escapeHtml(h.scale)}</th></tr></thead><tbody>${rows
    .map((row) => `<tr><th scope="row">${row.label === m.languageProgress ? escapeHtml(row.label) : `<span${lang}>${escapeHtml(row.label)}</span>`}</th><td data-value>${escapeHtml(row.value)}</td><td>${escapeHtml(row.scale)}</td></tr>`)
    .join('')}</tbody></table>`;
}

function recipientCheckBlock(check: { action: string; matches?: boolean }, language: Language, m: Messages): string {
  const r = m.recipient;
  const answer =
    check.matches === undefined ? '' : `<p class="match ${check.matches ? 'good' : 'bad'}" role="status" data-match="${check.matches}">${escapeHtml(check.matches ? r.matches : r.noMatch)}</p>`;
  return `<section id="recipient" aria-labelledby="recipient-title"><h2 id="recipient-title">${escapeHtml(r.heading)}</h2>
<p>${escapeHtml(r.intro)}</p>
${answer}
<form method="post" action="${escapeHtml(check.action)}?lang=${language}#recipient">
<label for="email">${escapeHtml(r.label)}</label>
<input id="email" name="email" type="email" required maxlength="254" autocomplete="off">
<button type="submit">${escapeHtml(r.button)}</button>
</form></section>`;
}

const DATE_LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB', es: 'es-ES', de: 'de-DE' };

export function formatDate(value: unknown, language: Language, withTime = false): string {
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value ?? '');
  return new Intl.DateTimeFormat(DATE_LOCALES[language], {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'UTC',
  }).format(date);
}
