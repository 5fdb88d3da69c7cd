import { describe, expect, it } from 'vitest';
import { MENTOR_LANGUAGES } from '../../src/domain/mentor-assessment.js';
import { checkGridTexts, fillText, GRID_TEXT_KEYS } from '../../src/domain/mentor-grid-texts.js';
import { shippedGridTexts } from '../../src/services/mentor-grid-texts.js';

describe('the mentor grid’s message files', () => {
  it('when the shipped files are read, then there is French and each mentor language, each with every key and its placeholders', () => {
    const shipped = shippedGridTexts();
    expect([...shipped.keys()].sort()).toEqual(['fr', ...MENTOR_LANGUAGES].sort());
    for (const [language, texts] of shipped) expect(checkGridTexts(texts), language).toEqual([]);
    expect(Object.keys(shipped.get('de')!)).toEqual(Object.keys(GRID_TEXT_KEYS));
  });

  it('when a text has a stray brace, a placeholder twice, or one of another key, then its placeholders are refused; the same ones in another order pass', () => {
    const base = shippedGridTexts().get('en')!;
    const problem = (key: string, text: string) => checkGridTexts({ ...base, [key]: text }).map((entry) => `${entry.key}:${entry.problem}`);
    expect(problem('intro', '{learner} at {school} — {school}')).toEqual([]);
    expect(problem('intro', 'At {school}, {learner} {')).toEqual(['intro:placeholders']);
    expect(problem('thanks', '{school} thanks {learner}')).toEqual(['thanks:placeholders']);
    expect(problem('title', 'Line one\u0007')).toEqual(['title:control-characters']);
    expect(problem('title', 'Two\nlines')).toEqual([]);
    expect(problem('title', '   ')).toEqual(['title:empty']);
  });

  it('when a text is filled in, then a value that looks like a placeholder stays as typed', () => {
    expect(fillText('{school} asks you to assess {learner}’s stay.', { school: 'Lycée {learner}', learner: 'Léa' })).toBe('Lycée {learner} asks you to assess Léa’s stay.');
  });
});
