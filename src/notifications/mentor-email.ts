import type { MentorLanguage } from '../domain/mentor-assessment.js';

type EmailKind = 'request' | 'reminder-before' | 'reminder-after' | 'returned';
type Language = MentorLanguage | 'fr';

interface EmailWords {
  locale: string;
  subject: (learner: string, school: string) => string;
  hello: string;
  body: Record<EmailKind, (learner: string, school: string) => string>;
  question: string;
  until: (date: string) => string;
}

/** The email to the host mentor: in the mentor's language, then in French (the school's). */
const WORDS: Record<Language, EmailWords> = {
  fr: {
    locale: 'fr-FR',
    subject: (learner, school) => `Évaluation de la période de ${learner} — ${school}`,
    hello: 'Bonjour,',
    body: {
      request: (learner, school) => `${school} vous demande d’évaluer la période de ${learner} dans votre organisme, sur votre téléphone, sans compte.`,
      'reminder-before': (learner) => `La période de ${learner} se termine bientôt : merci de remplir la grille d’évaluation.`,
      'reminder-after': (learner) => `Nous attendons encore votre évaluation de la période de ${learner}.`,
      returned: (learner, school) => `${school} a une question sur votre évaluation de ${learner} ; vous pouvez la modifier et la renvoyer.`,
    },
    question: 'Question de l’établissement :',
    until: (date) => `Lien personnel, valable jusqu’au ${date} :`,
  },
  en: {
    locale: 'en-GB',
    subject: (learner, school) => `Assessment of ${learner}’s stay — ${school}`,
    hello: 'Hello,',
    body: {
      request: (learner, school) => `${school} asks you to assess ${learner}’s stay in your organisation, on your phone, with no account.`,
      'reminder-before': (learner) => `${learner}’s stay ends soon: please fill in the assessment grid.`,
      'reminder-after': (learner) => `We are still waiting for your assessment of ${learner}’s stay.`,
      returned: (learner, school) => `${school} has a question about your assessment of ${learner}; you can change it and send it again.`,
    },
    question: 'The school’s question:',
    until: (date) => `Personal link, valid until ${date}:`,
  },
  es: {
    locale: 'es-ES',
    subject: (learner, school) => `Evaluación de la estancia de ${learner} — ${school}`,
    hello: 'Hola:',
    body: {
      request: (learner, school) => `${school} le pide que evalúe la estancia de ${learner} en su organización, desde su teléfono, sin cuenta.`,
      'reminder-before': (learner) => `La estancia de ${learner} termina pronto: rellene la tabla de evaluación, por favor.`,
      'reminder-after': (learner) => `Seguimos esperando su evaluación de la estancia de ${learner}.`,
      returned: (learner, school) => `${school} tiene una pregunta sobre su evaluación de ${learner}; puede modificarla y enviarla de nuevo.`,
    },
    question: 'Pregunta del centro:',
    until: (date) => `Enlace personal, válido hasta el ${date}:`,
  },
  'es-MX': {
    locale: 'es-MX',
    subject: (learner, school) => `Evaluación de la estancia de ${learner} — ${school}`,
    hello: 'Hola:',
    body: {
      request: (learner, school) => `${school} le pide evaluar la estancia de ${learner} en su organización, desde su celular, sin cuenta.`,
      'reminder-before': (learner) => `La estancia de ${learner} termina pronto: por favor llene la tabla de evaluación.`,
      'reminder-after': (learner) => `Seguimos esperando su evaluación de la estancia de ${learner}.`,
      returned: (learner, school) => `${school} tiene una pregunta sobre su evaluación de ${learner}; puede modificarla y enviarla de nuevo.`,
    },
    question: 'Pregunta de la escuela:',
    until: (date) => `Enlace personal, válido hasta el ${date}:`,
  },
  de: {
    locale: 'de-DE',
    subject: (learner, school) => `Beurteilung des Aufenthalts von ${learner} — ${school}`,
    hello: 'Guten Tag,',
    body: {
      request: (learner, school) => `${school} bittet Sie, den Aufenthalt von ${learner} in Ihrem Betrieb zu beurteilen – am Handy, ohne Konto.`,
      'reminder-before': (learner) => `Der Aufenthalt von ${learner} endet bald: Bitte füllen Sie den Beurteilungsbogen aus.`,
      'reminder-after': (learner) => `Wir warten noch auf Ihre Beurteilung des Aufenthalts von ${learner}.`,
      returned: (learner, school) => `${school} hat eine Frage zu Ihrer Beurteilung von ${learner}; Sie können sie ändern und erneut senden.`,
    },
    question: 'Frage der Schule:',
    until: (date) => `Persönlicher Link, gültig bis ${date}:`,
  },
  it: {
    locale: 'it-IT',
    subject: (learner, school) => `Valutazione del soggiorno di ${learner} — ${school}`,
    hello: 'Buongiorno,',
    body: {
      request: (learner, school) => `${school} le chiede di valutare il soggiorno di ${learner} nella sua organizzazione, dal telefono, senza account.`,
      'reminder-before': (learner) => `Il soggiorno di ${learner} termina a breve: compili la griglia di valutazione, per favore.`,
      'reminder-after': (learner) => `Attendiamo ancora la sua valutazione del soggiorno di ${learner}.`,
      returned: (learner, school) => `${school} ha una domanda sulla sua valutazione di ${learner}; può modificarla e inviarla di nuovo.`,
    },
    question: 'Domanda della scuola:',
    until: (date) => `Link personale, valido fino al ${date}:`,
  },
  pt: {
    locale: 'pt-PT',
    subject: (learner, school) => `Avaliação da estadia de ${learner} — ${school}`,
    hello: 'Olá,',
    body: {
      request: (learner, school) => `${school} pede-lhe que avalie a estadia de ${learner} na sua organização, no telemóvel, sem conta.`,
      'reminder-before': (learner) => `A estadia de ${learner} termina em breve: preencha a grelha de avaliação, por favor.`,
      'reminder-after': (learner) => `Ainda aguardamos a sua avaliação da estadia de ${learner}.`,
      returned: (learner, school) => `${school} tem uma pergunta sobre a sua avaliação de ${learner}; pode alterá-la e enviá-la de novo.`,
    },
    question: 'Pergunta da escola:',
    until: (date) => `Ligação pessoal, válida até ${date}:`,
  },
};

export function mentorEmail(options: {
  kind: EmailKind;
  /** The mentor's language; one the email has no words in (a school's added language) is English. */
  language: string;
  schoolName: string;
  learnerName: string;
  url: string;
  expiresAt: Date;
  question: string | null;
}): { subject: string; text: string } {
  const part = (language: Language) => {
    const w = WORDS[language];
    const until = new Intl.DateTimeFormat(w.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(options.expiresAt);
    return [
      w.hello,
      '',
      w.body[options.kind](options.learnerName, options.schoolName),
      ...(options.question ? ['', w.question, options.question] : []),
      '',
      w.until(until),
      options.url,
    ].join('\n');
  };
  const mine: Language = options.language in WORDS ? (options.language as Language) : 'en';
  return {
    subject: WORDS[mine].subject(options.learnerName, options.schoolName),
    text: `${part(mine)}\n\n— — —\n\n${part('fr')}\n`,
  };
}
