import type { JsonObject } from '../../domain/open-badges.js';
import type { Language, Messages } from './messages.js';

/**
 * A credential's results as a person reads them: what each measures (its result description's name, or its
 * type), its value in the reader's language (decimals written as the reader writes them: 6,5/8 in French; the
 * signed JSON keeps its own), and the scale it is on. A CEFR level before and a level reached
 * read as one "A2 → B1". The verification page and the printed documents show these same rows.
 */
export interface ResultRow {
  label: string;
  /** The label is the school's own words, in the credential's language rather than the reader's. */
  labelInContentLanguage: boolean;
  value: string;
  scale: string;
}

export function resultRows(subject: JsonObject, achievement: JsonObject, m: Messages, language: Language): ResultRow[] {
  const decimals = localDecimals(language);
  const results = Array.isArray(subject.result) ? (subject.result as JsonObject[]) : [];
  const descriptions = new Map(
    (Array.isArray(achievement.resultDescription) ? (achievement.resultDescription as JsonObject[]) : []).map((description) => [description.id, description]),
  );
  const rows: ResultRow[] = [];
  for (let index = 0; index < results.length; index++) {
    const result = results[index]!;
    const description = descriptions.get(result.resultDescription) ?? {};
    const next = results[index + 1];
    if (isCefr(description) && next && isCefr(descriptions.get(next.resultDescription) ?? {})) {
      rows.push({ label: m.languageProgress, labelInContentLanguage: false, value: `${valueText(result, m)} → ${valueText(next, m)}`, scale: m.languageProgressScale });
      index++;
      continue;
    }
    const alignment = Array.isArray(result.alignment) ? (result.alignment[0] as JsonObject | undefined)?.targetName : undefined;
    const name = typeof description.name === 'string' ? description.name : (m.resultTypes[String(result.resultType)] ?? m.results);
    const max = typeof description.valueMax === 'string' ? description.valueMax : undefined;
    const status = typeof result.status === 'string' && result.value !== undefined ? ` (${translatedValue(result.status, m)})` : '';
    rows.push({
      label: `${name}${typeof alignment === 'string' ? ` — ${alignment}` : ''}`,
      labelInContentLanguage: true,
      value: `${decimals(valueText(result, m))}${max ? `/${decimals(max)}` : ''}${status}`,
      scale: scaleText(description, m, decimals),
    });
  }
  return rows;
}

/** A decimal number as signed ("6.5") with the reader's decimal separator, its digits unchanged; any other text as is. */
function localDecimals(language: Language): (value: string) => string {
  const separator = new Intl.NumberFormat(language).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
  return (value) => (/^-?\d+\.\d+$/.test(value) ? value.replace('.', separator) : value);
}

function isCefr(description: JsonObject): boolean {
  return description.resultType === 'ext:CEFRLevel';
}

function valueText(result: JsonObject, m: Messages): string {
  return translatedValue(String(result.value ?? result.achievedLevel ?? result.status ?? ''), m);
}

/** The shipped scales' values in the reader's language; any other value as the credential says it. */
function translatedValue(value: string, m: Messages): string {
  return Object.hasOwn(m.resultValues, value) ? m.resultValues[value]! : value;
}

/** "mark, out of 20", "performance level (emerging, developing, proficient, advanced)", … */
function scaleText(description: JsonObject, m: Messages, decimals: (value: string) => string): string {
  const type = typeof description.resultType === 'string' && Object.hasOwn(m.resultTypes, description.resultType) ? m.resultTypes[description.resultType]! : '';
  const allowed = Array.isArray(description.allowedValue) ? description.allowedValue.map((value) => translatedValue(String(value), m)) : [];
  if (typeof description.valueMax === 'string') return [type, m.outOf(decimals(description.valueMax))].filter(Boolean).join(', ');
  if (allowed.length > 0) return type ? `${type} (${allowed.join(', ')})` : allowed.join(', ');
  return type;
}
