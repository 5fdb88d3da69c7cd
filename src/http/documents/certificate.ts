import { disclosedRecipientName, type JsonObject } from '../../domain/open-badges.js';
import { hostAssessmentOf } from '../../domain/mentor-assessment.js';
import type { CertificateSource } from '../../services/documents.js';
import { formatDate } from '../views/page-kit.js';
import { MESSAGES, type Language } from '../pages/messages.js';
import { resultRows } from '../pages/credential-results.js';
import { DOCUMENT_MESSAGES } from './messages.js';
import { PdfWriter } from './pdf-writer.js';
import { placeName } from '../../domain/places.js';

/** The two languages a certificate is printed in: French and English unless the school asks for another pair. */
export type LanguagePair = [Language, Language];

/** Both languages' words for one thing, once when they are the same ("Titulaire · Holder"). */
const both = (pair: LanguagePair, words: (language: Language) => string) => [...new Set(pair.map(words))].join(' · ');

/**
 * Draws one credential's certificate from a new page: its badge, what it is, whom for, who issued it, the
 * stay and host, the results as the credential page labels them, and how to verify it (URL and QR code).
 */
export async function drawCertificate(writer: PdfWriter, source: CertificateSource, pair: LanguagePair, options: { firstPage: boolean }): Promise<void> {
  if (!options.firstPage) writer.newPage();
  const d = (language: Language) => DOCUMENT_MESSAGES[language];
  const credential = source.credential;
  const subject = (credential.credentialSubject ?? {}) as JsonObject;
  const achievement = (subject.achievement ?? {}) as JsonObject;
  const issuer = (credential.issuer ?? {}) as JsonObject;
  const host = subject.source as JsonObject | undefined;
  const top = writer.y;

  await writer.png(source.badgePng, { size: 96, float: true });
  writer.text(both(pair, (language) => d(language).certificate).toUpperCase(), { size: 10, muted: true, bold: true }, 112);
  writer.text(String(achievement.name ?? credential.name ?? ''), { size: 18, bold: true }, 112);
  writer.text(String(issuer.name ?? ''), { size: 11 }, 112);
  writer.moveTo(top + 110);

  const [first] = pair;
  writer.pair(both(pair, (language) => d(language).holder), disclosedRecipientName(credential) ?? both(pair, (language) => d(language).nameNotDisclosed));
  writer.pair(both(pair, (language) => d(language).school), String(issuer.name ?? ''));
  if (typeof subject.activityStartDate === 'string') {
    writer.pair(both(pair, (language) => d(language).stay), both(pair, (language) => `${formatDate(subject.activityStartDate, language)} – ${formatDate(subject.activityEndDate, language)}`));
  }
  if (host && typeof host.name === 'string') {
    const place = (language: Language) => placeName((host.address ?? {}) as JsonObject, language);
    writer.pair(both(pair, (language) => d(language).host), `${host.name}${place(first) ? `\n${both(pair, place)}` : ''}`);
  }
  const assessedBy = hostAssessmentOf(credential);
  if (assessedBy) writer.pair(both(pair, (language) => d(language).assessedBy), `${assessedBy.mentor}, ${assessedBy.host}`);
  writer.pair(both(pair, (language) => d(language).issuedOn), both(pair, (language) => formatDate(credential.awardedDate ?? credential.validFrom, language)));

  const rows = pair.map((language) => resultRows(subject, achievement, MESSAGES[language], language));
  if (rows[0]!.length > 0) {
    writer.heading(both(pair, (language) => d(language).results), 12);
    const widths = [writer.width * 0.42, writer.width * 0.22, writer.width * 0.36];
    rows[0]!.forEach((row, index) => {
      const other = rows[1]![index]!;
      const label = row.label === other.label ? row.label : `${row.label} · ${other.label}`;
      const value = row.value === other.value ? row.value : `${row.value} · ${other.value}`;
      writer.row([{ text: label, style: { bold: true } }, { text: value }, { text: row.scale, style: { muted: true, size: 8.5 } }], widths);
    });
  }
  if (typeof achievement.description === 'string') {
    writer.space(8);
    writer.text(achievement.description, { size: 9.5, muted: true });
  }

  writer.space(14);
  const qrTop = writer.y;
  writer.qr(source.verificationUrl, { size: 110, align: 'right', float: true });
  const besideQr = 125;
  writer.text(both(pair, (language) => d(language).verify), { bold: true, size: 11 }, 0, besideQr);
  writer.text(source.verificationUrl, { size: 9.5, accent: true }, 0, besideQr);
  writer.space(6);
  for (const language of pair) writer.text(d(language).attached, { size: 8.5, muted: true }, 0, besideQr);
  writer.moveTo(qrTop + 116);
}

/** Attaches a credential to the PDF in every signed form it has: JSON-LD with its proof, and its VC-JWT. */
export async function attachCredential(writer: PdfWriter, source: CertificateSource, prefix = ''): Promise<void> {
  if (source.dataIntegrity) {
    await writer.attach(JSON.stringify(source.dataIntegrity, null, 2), `${prefix}credential.json`, { mimeType: 'application/ld+json', description: `Signed credential ${source.verificationUrl}`, date: source.issuedAt });
  }
  if (source.jwt) await writer.attach(source.jwt, `${prefix}credential.jwt`, { mimeType: 'application/vc+jwt', description: `Signed credential (VC-JWT) ${source.verificationUrl}`, date: source.issuedAt });
}

/** One credential's certificate, with the credential attached. */
export async function certificatePdf(source: CertificateSource, pair: LanguagePair): Promise<Uint8Array> {
  return certificatesPdf([source], pair);
}

/** Several certificates (a class) as one PDF, one from each new page, every credential attached under its own name. */
export async function certificatesPdf(sources: CertificateSource[], pair: LanguagePair): Promise<Uint8Array> {
  const first = sources[0]!;
  const achievement = ((first.credential.credentialSubject as JsonObject).achievement ?? {}) as JsonObject;
  const writer = await PdfWriter.create({
    title: String(achievement.name ?? 'Certificate'),
    language: pair[0],
    author: String((first.credential.issuer as JsonObject).name ?? ''),
    subject: both(pair, (language) => DOCUMENT_MESSAGES[language].certificate),
  });
  for (const [index, source] of sources.entries()) {
    await drawCertificate(writer, source, pair, { firstPage: index === 0 });
    await attachCredential(writer, source, sources.length > 1 ? `${source.credentialId}-` : '');
  }
  return writer.save();
}
