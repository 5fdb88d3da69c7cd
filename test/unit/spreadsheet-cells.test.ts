import { describe, expect, it } from 'vitest';
import { spreadsheetCell } from '../../src/domain/spreadsheet-cells.js';

describe('CSV cells for spreadsheets', () => {
  it.each([
    ['=HYPERLINK("http://evil.example")', ',', `"'=HYPERLINK(""http://evil.example"")"`],
    ['+33 1 23', ';', "'+33 1 23"],
    ['-2+3+cmd|x', ',', "'-2+3+cmd|x"],
    ['@SUM(A1)', ';', "'@SUM(A1)"],
    ['|cmd', ',', "'|cmd"],
    ['\tTab', ',', "'\tTab"],
  ])('when a text cell is %j, then a spreadsheet reads it as text, never a formula', (value, separator, written) => {
    expect(spreadsheetCell(value, separator as ',' | ';')).toBe(written);
  });

  it('when a cell holds its file’s separator, a quote or a line break, then it is quoted; a number is written as it is', () => {
    expect(spreadsheetCell('Restaurante La Albufera, S.L.', ',')).toBe('"Restaurante La Albufera, S.L."');
    expect(spreadsheetCell('Restaurante La Albufera, S.L.', ';')).toBe('Restaurante La Albufera, S.L.');
    expect(spreadsheetCell('Valencia; España', ';')).toBe('"Valencia; España"');
    expect(spreadsheetCell('Le "Grand" Hôtel', ';')).toBe('"Le ""Grand"" Hôtel"');
    expect(spreadsheetCell('deux\nlignes', ',')).toBe('"deux\nlignes"');
    expect(spreadsheetCell(-3, ',')).toBe('-3');
    expect(spreadsheetCell('Saint-Malo', ',')).toBe('Saint-Malo');
  });
});
