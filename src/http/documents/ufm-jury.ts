import type { Response } from 'express';
import { ValidationError } from '../../errors.js';
import type { JuryCandidate } from '../../services/documents.js';
import type { IssuerProfileInput } from '../../domain/open-badges.js';
import { PdfWriter } from './pdf-writer.js';
import { spreadsheetCell } from '../../domain/spreadsheet-cells.js';

/** The exam office's words: the jury export is a French administrative document. */
const STATUS = { awarded: 'MobilitéPro attribuée', 'not-awarded': 'MobilitéPro non attribuée', incomplete: 'Évaluation incomplète' } as const;
const COLUMNS = ['Candidat', 'Courriel', 'Diplôme préparé', 'Organisme d’accueil', 'Pays', 'Début', 'Fin', 'Partie 1', 'Partie 2', 'Note /20', 'Statut MobilitéPro'];

const mark = (value: number | null) => (value === null ? '' : String(value).replace('.', ','));


/** CSV for the exam office's spreadsheet: semicolons, decimal commas, UTF-8 with a byte order mark (as French Excel reads it). */
export function ufmJuryCsv(jury: { candidates: JuryCandidate[] }): string {
  const lines = [COLUMNS, ...jury.candidates.map((candidate) => juryLine(candidate))].map((cells) => cells.map((cell) => spreadsheetCell(cell, ';')).join(';'));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

function juryLine(candidate: JuryCandidate): string[] {
  const { marks } = candidate;
  return [candidate.name, candidate.email, candidate.qualification, candidate.host, candidate.countryCode, candidate.startDate, candidate.endDate, mark(marks.part1), mark(marks.part2), mark(marks.total), STATUS[marks.status]];
}

export async function ufmJuryPdf(jury: { school: IssuerProfileInput; session: number; candidates: JuryCandidate[] }): Promise<Uint8Array> {
  const writer = await PdfWriter.create({ title: `UFM — session ${jury.session} — ${jury.school.name}`, language: 'fr', author: jury.school.name, subject: 'Unité facultative de mobilité : relevé pour le jury' });
  writer.text('UNITÉ FACULTATIVE DE MOBILITÉ — RELEVÉ POUR LE JURY', { size: 14, bold: true, accent: true });
  writer.text(`${jury.school.name} — session ${jury.session}`, { size: 11 });
  writer.text(`${jury.candidates.length} candidat(s). Partie 1 évaluée à l’étranger, partie 2 en France ; seuls les points au-dessus de 10 comptent pour le diplôme.`, { size: 9, muted: true });
  writer.space(8);
  const widths = [0.24, 0.27, 0.08, 0.08, 0.09, 0.24].map((share) => share * writer.width);
  const header = ['Candidat', 'Organisme d’accueil', 'Partie 1', 'Partie 2', 'Note /20', 'MobilitéPro'];
  writer.row(header.map((text) => ({ text, style: { bold: true, size: 9 } })), widths);
  for (const candidate of jury.candidates) {
    writer.row(
      [
        { text: `${candidate.name}\n${candidate.qualification}` },
        { text: `${candidate.host} (${candidate.countryCode})\n${candidate.startDate} – ${candidate.endDate}`, style: { size: 8.5 } },
        { text: mark(candidate.marks.part1) },
        { text: mark(candidate.marks.part2) },
        { text: mark(candidate.marks.total), style: { bold: true } },
        { text: STATUS[candidate.marks.status], style: { size: 8.5 } },
      ],
      widths,
    );
  }
  return writer.save();
}

/** The exam session a request names (`session=2026`): a 400 naming the parameter otherwise. */
export function juryRequest(query: Record<string, unknown>): { session: number; format: 'csv' | 'pdf' } {
  const { session, format } = query;
  if (typeof session !== 'string' || !/^(20|21)[0-9]{2}$/.test(session)) throw new ValidationError('session must be the exam session’s year, such as 2026', [{ field: 'session', message: 'must be a year such as 2026' }]);
  if (format !== undefined && format !== 'csv' && format !== 'pdf') throw new ValidationError('format must be csv or pdf', [{ field: 'format', message: 'must be csv or pdf' }]);
  return { session: Number(session), format: format ?? 'csv' };
}

/** The export as a file to keep: PDF to print, or CSV for the exam office's spreadsheet. */
export async function sendUfmJury(res: Response, jury: { school: IssuerProfileInput; session: number; candidates: JuryCandidate[] }, format: 'csv' | 'pdf'): Promise<void> {
  const filename = `ufm-jury-${jury.session}.${format}`;
  const body = format === 'pdf' ? Buffer.from(await ufmJuryPdf(jury)) : ufmJuryCsv(jury);
  res.set({ 'Content-Type': format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' }).send(body);
}
