import { fillText, intlTag, type GridTexts } from '../domain/mentor-grid-texts.js';
import { readableDate } from '../domain/dates.js';

type EmailKind = 'request' | 'reminder-before' | 'reminder-after' | 'returned';

const BODY_KEYS: Record<EmailKind, string> = {
  request: 'email.request',
  'reminder-before': 'email.reminderBefore',
  'reminder-after': 'email.reminderAfter',
  returned: 'email.returned',
};

/** The texts of one language of the mentor's grid, with the language they are in. */
export interface EmailTexts {
  language: string;
  texts: GridTexts;
}

/**
 * The email to the host mentor: in the mentor's language, then in French (the school's), each in the words of
 * the grid's message file for that language (the school's own, or the shipped one), so that a language a school
 * adds reaches the mentor's inbox too.
 */
export function mentorEmail(options: {
  kind: EmailKind;
  mine: EmailTexts;
  french: EmailTexts;
  schoolName: string;
  learnerName: string;
  url: string;
  expiresAt: Date;
  question: string | null;
}): { subject: string; text: string } {
  const names = { learner: options.learnerName, school: options.schoolName };
  const part = ({ language, texts }: EmailTexts) => {
    const until = readableDate(options.expiresAt, intlTag(language));
    return [
      texts['email.hello'],
      '',
      fillText(texts[BODY_KEYS[options.kind]]!, names),
      ...(options.question ? ['', texts['email.question'], options.question] : []),
      '',
      fillText(texts['email.until']!, { date: until }),
      options.url,
    ].join('\n');
  };
  return {
    subject: fillText(options.mine.texts['email.subject']!, names),
    text: `${part(options.mine)}\n\n— — —\n\n${part(options.french)}\n`,
  };
}
