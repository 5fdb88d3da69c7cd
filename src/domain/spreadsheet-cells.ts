/**
 * One cell of a CSV file people open in a spreadsheet (RFC 4180): text a spreadsheet would run as a formula
 * (OWASP CSV injection: = + - @ | tab or carriage return first) is made inert with a leading apostrophe, and a
 * cell holding the separator, a quote or a line break is quoted.
 */
export function spreadsheetCell(value: string | number, separator: ',' | ';'): string {
  const text = String(value);
  const inert = typeof value === 'string' && /^[=+\-@|\t\r]/.test(text) ? `'${text}` : text;
  return inert.includes(separator) || /["\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}
