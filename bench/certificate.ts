/**
 * The certificate phase of `npm run bench`: how long one credential's printable certificate takes to make,
 * in process, against a reference measured in the same run — a plain pdf-lib document with the same fonts and
 * the same text, one line after another (no layout, no badge, no QR code, no attachment).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { buildAchievement, buildAchievementCredential, buildIssuerProfile } from '../src/domain/open-badges.js';
import { mobilityResults, mobilitySkillsTemplate } from '../src/domain/credential-kinds.js';
import { buildStatusListEntry } from '../src/domain/bitstring-status-list.js';
import type { MobilityRecord } from '../src/domain/mobility.js';
import { renderBadgeSvg } from '../src/badges/badge-image.js';
import { renderPng } from '../src/badges/render-png.js';
import { certificatePdf } from '../src/http/documents/certificate.js';
import { resultRows } from '../src/http/pages/credential-results.js';
import { MESSAGES } from '../src/http/pages/messages.js';
import type { CertificateSource } from '../src/services/documents.js';
import { createDocumentLoader } from '../src/proof/document-loader.js';
import { signDataIntegrity } from '../src/proof/data-integrity.js';
import { signVcJwt } from '../src/proof/vc-jwt.js';
import { testSigner } from '../test/support/signer.js';
import { SCHOOL, assessment, placement } from '../test/support/api.js';

const FONTS_DIR = resolve(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export interface CertificateFigures {
  certificateMs: { median: number; p95: number };
  referenceMs: { median: number; p95: number };
  /** How many times the reference's median the certificate's is. */
  ratio: number;
  pdfBytes: number;
}

/** A signed placement credential with its six results, its stay and its host, as the service issues it. */
async function sampleSource(): Promise<CertificateSource> {
  const did = 'did:web:localhost%3A3000:issuers:lp-jean-moulin';
  const { slug: _slug, ...profile } = SCHOOL;
  const issuer = buildIssuerProfile({ id: did, profile });
  const { issuerId: _issuer, ...record } = placement('bench') as MobilityRecord & { issuerId: string };
  const achievementUrl = 'http://localhost:3000/achievements/3f1e0f39-3c55-4b8e-9d0e-6f1f2a1b2c3d';
  const template = mobilitySkillsTemplate(record, 'fr');
  const credentialUrl = 'http://localhost:3000/credentials/6a1e0f39-3c55-4b8e-9d0e-6f1f2a1b2c3d';
  const credential = buildAchievementCredential({
    id: credentialUrl,
    issuer,
    achievement: buildAchievement({ id: achievementUrl, creator: issuer, achievement: template.achievement }),
    recipient: { email: 'learner@example.org', salt: randomBytes(16).toString('base64url'), displayName: 'Léa Martin' },
    validFrom: '2026-06-05T08:00:00Z',
    awardedDate: '2026-06-05T08:00:00Z',
    credentialStatus: buildStatusListEntry({ listUrl: 'http://localhost:3000/status-lists/7b1e0f39-3c55-4b8e-9d0e-6f1f2a1b2c3d', index: 94_567, purpose: 'revocation' }),
    record: {
      activityStartDate: `${record.startDate}T00:00:00Z`,
      activityEndDate: `${record.endDate}T23:59:59Z`,
      result: mobilityResults({ kind: 'mobility-skills', achievementUrl, mobility: record, assessment: assessment({}) as never }),
      source: buildIssuerProfile({ id: 'https://albufera.example.es', profile: { name: record.hostOrganisation.legalName, address: { addressCountryCode: 'ES', addressLocality: 'Valencia' } } }),
    },
  });
  const signer = testSigner(did);
  const dataIntegrity = await signDataIntegrity({ credential, signer, documentLoader: createDocumentLoader(), created: new Date() });
  return {
    credentialId: '6a1e0f39-3c55-4b8e-9d0e-6f1f2a1b2c3d',
    verificationUrl: credentialUrl,
    credential,
    dataIntegrity,
    jwt: await signVcJwt({ credential, signer }),
    badgePng: renderPng(renderBadgeSvg({ achievementName: template.achievement.name, issuerName: SCHOOL.name, kind: 'mobility-skills' })),
    issuedAt: new Date(),
  };
}

/** The same text, drawn as plain lines with pdf-lib and the same fonts. */
async function plainPdf(lines: string[], fonts: { regular: Uint8Array; bold: Uint8Array }): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  const regular = await document.embedFont(fonts.regular, { subset: true });
  const bold = await document.embedFont(fonts.bold, { subset: true });
  const page = document.addPage([595.28, 841.89]);
  lines.forEach((line, index) => page.drawText(line, { x: 50, y: 800 - index * 14, size: 9, font: index === 0 ? bold : regular }));
  return document.save();
}

function percentiles(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.floor(sorted.length * 0.95)]! };
}

export async function measureCertificate(iterations: number): Promise<CertificateFigures> {
  const source = await sampleSource();
  const fonts = { regular: readFileSync(resolve(FONTS_DIR, 'DejaVuSans.ttf')), bold: readFileSync(resolve(FONTS_DIR, 'DejaVuSans-Bold.ttf')) };
  const subject = source.credential.credentialSubject as Record<string, any>;
  const lines = [
    String(subject.achievement.name),
    'Attestation · Certificate',
    'Léa Martin',
    SCHOOL.name,
    String(subject.source.name),
    ...resultRows(subject, subject.achievement, MESSAGES.fr, 'fr').map((row) => `${row.label} ${row.value} ${row.scale}`),
    String(subject.achievement.description),
    source.verificationUrl,
  ];
  const time = async (make: () => Promise<Uint8Array>) => {
    for (let i = 0; i < 5; i++) await make(); // warm-up: JIT and font parsing caches
    const samples: number[] = [];
    let bytes = 0;
    for (let i = 0; i < iterations; i++) {
      const start = performance.now();
      bytes = (await make()).length;
      samples.push(performance.now() - start);
    }
    return { ...percentiles(samples), bytes };
  };
  const certificate = await time(() => certificatePdf(source, ['fr', 'en']));
  const reference = await time(() => plainPdf(lines, fonts));
  return {
    certificateMs: { median: certificate.median, p95: certificate.p95 },
    referenceMs: { median: reference.median, p95: reference.p95 },
    ratio: certificate.median / reference.median,
    pdfBytes: certificate.bytes,
  };
}
