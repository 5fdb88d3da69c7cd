import type { MentorFieldProblem, MentorLanguage } from '../../domain/mentor-assessment.js';
import type { SkillArea, SkillLevel } from '../../domain/mobility-achievements.js';
import type { CompetenceLevel } from '../../domain/ufm.js';

/**
 * The fixed texts of the host mentor's grid, in French and in each mentor language, side by side on the
 * page and in the Europass document. What the school wrote (its outcomes) is shown as written.
 */
export type AssessLanguage = 'fr' | MentorLanguage;

export interface AssessMessages {
  /** BCP 47 tag of the texts, for lang= and dates. */
  tag: string;
  languageName: string;
  title: string;
  intro: (learner: string, school: string) => string;
  learner: string;
  stay: string;
  host: string;
  school: string;
  skills: string;
  skillsHint: string;
  skillAreas: Record<SkillArea, string>;
  levels: Record<SkillLevel, string>;
  notAssessed: string;
  outcomes: string;
  outcomeReached: string;
  ufm: string;
  ufmHint: string;
  /** The default scheme's part 1 competences; a school's own wording is shown as it wrote it. */
  competences: Record<string, string>;
  competenceLevels: Record<CompetenceLevel, string>;
  part1Mark: (max: number) => string;
  cefr: string;
  cefrLabel: (language: string) => string;
  notObserved: string;
  comment: string;
  commentHint: (max: number) => string;
  signature: string;
  signatureName: string;
  signatureRole: string;
  confirm: string;
  review: string;
  reviewTitle: string;
  reviewIntro: string;
  change: string;
  submit: string;
  errorsTitle: string;
  problems: Record<MentorFieldProblem, string>;
  thanksTitle: string;
  thanks: (school: string) => string;
  closed: Record<'expired' | 'answered' | 'revoked' | 'unknown', string>;
  contact: (school: string) => string;
  question: string;
  languages: string;
  /** Europass Mobility document. */
  europass: { title: string; holder: string; sending: string; hostOrganisation: string; description: string; skillsAcquired: string; mentor: string; duration: (days: number) => string };
}

const FR: AssessMessages = {
  tag: 'fr',
  languageName: 'Français',
  title: 'Évaluation de la période à l’étranger',
  intro: (learner, school) => `${school} vous demande d’évaluer la période de ${learner} dans votre organisme.`,
  learner: 'Apprenant',
  stay: 'Période',
  host: 'Organisme d’accueil',
  school: 'Établissement',
  skills: 'Compétences',
  skillsHint: 'Niveau observé pour chaque domaine (laisser vide si non observé).',
  skillAreas: { 'job-related': 'Compétences professionnelles', digital: 'Compétences numériques', organisational: 'Compétences organisationnelles', communication: 'Compétences de communication', intercultural: 'Compétences interculturelles', autonomy: 'Autonomie' },
  levels: { emerging: 'Débutant', developing: 'En progrès', proficient: 'Maîtrisé', advanced: 'Avancé' },
  notAssessed: 'Non évalué',
  outcomes: 'Acquis d’apprentissage prévus',
  outcomeReached: 'Atteint',
  ufm: 'Unité facultative de mobilité — partie 1',
  ufmHint: 'Évaluée par l’organisme d’accueil.',
  competences: { C1: 'Comprendre et se faire comprendre dans un contexte professionnel étranger', C3: 'Réaliser partiellement une activité professionnelle, sous contrôle, à l’étranger' },
  competenceLevels: { 'not-acquired': 'Non acquis', 'partially-acquired': 'Partiellement acquis', acquired: 'Acquis' },
  part1Mark: (max) => `Note de la partie 1 (sur ${max})`,
  cefr: 'Langue',
  cefrLabel: (language) => `Niveau observé en ${language} (CECRL, facultatif)`,
  notObserved: 'Non observé',
  comment: 'Commentaire',
  commentHint: (max) => `Facultatif, ${max} caractères au plus.`,
  signature: 'Signature',
  signatureName: 'Nom',
  signatureRole: 'Fonction',
  confirm: 'Je certifie l’exactitude de cette évaluation, au nom de l’organisme d’accueil.',
  review: 'Relire avant d’envoyer',
  reviewTitle: 'Relisez votre évaluation',
  reviewIntro: 'Rien n’est encore envoyé. Vérifiez, puis signez et envoyez (une seule fois).',
  change: 'Modifier',
  submit: 'Signer et envoyer',
  errorsTitle: 'Certaines réponses sont à corriger :',
  problems: { required: 'à remplir', 'too-long': 'trop long', 'unknown-value': 'valeur inconnue', 'mark-range': 'note hors barème (demi-points)', 'control-characters': 'caractères non autorisés', confirm: 'cochez la case pour certifier' },
  thanksTitle: 'Merci, votre évaluation est envoyée',
  thanks: (school) => `${school} l’a reçue, signée au nom de votre organisme.`,
  closed: { expired: 'Ce lien d’évaluation a expiré.', answered: 'L’évaluation a déjà été envoyée par ce lien.', revoked: 'L’établissement a retiré ce lien d’évaluation.', unknown: 'Ce lien d’évaluation n’existe pas.' },
  contact: (school) => `Contactez ${school} pour obtenir un nouveau lien :`,
  question: 'Question de l’établissement',
  languages: 'Langue',
  europass: { title: 'Europass Mobilité', holder: 'Titulaire', sending: 'Organisme d’envoi', hostOrganisation: 'Organisme d’accueil', description: 'Description de la mobilité', skillsAcquired: 'Compétences acquises', mentor: 'Évaluation du tuteur', duration: (days) => `${days} jours` },
};

const EN: AssessMessages = {
  tag: 'en',
  languageName: 'English',
  title: 'Assessment of the stay abroad',
  intro: (learner, school) => `${school} asks you to assess ${learner}’s stay in your organisation.`,
  learner: 'Learner',
  stay: 'Stay',
  host: 'Host organisation',
  school: 'School',
  skills: 'Skills',
  skillsHint: 'Level observed in each area (leave empty if not observed).',
  skillAreas: { 'job-related': 'Job-related skills', digital: 'Digital skills', organisational: 'Organisational skills', communication: 'Communication skills', intercultural: 'Intercultural skills', autonomy: 'Autonomy' },
  levels: { emerging: 'Emerging', developing: 'Developing', proficient: 'Proficient', advanced: 'Advanced' },
  notAssessed: 'Not assessed',
  outcomes: 'Planned learning outcomes',
  outcomeReached: 'Reached',
  ufm: 'Optional mobility unit — part 1',
  ufmHint: 'Assessed by the host organisation.',
  competences: { C1: 'Understand and make oneself understood in a foreign work context', C3: 'Carry out part of a work activity under supervision abroad' },
  competenceLevels: { 'not-acquired': 'Not acquired', 'partially-acquired': 'Partly acquired', acquired: 'Acquired' },
  part1Mark: (max) => `Mark for part 1 (out of ${max})`,
  cefr: 'Language',
  cefrLabel: (language) => `Level observed in ${language} (CEFR, optional)`,
  notObserved: 'Not observed',
  comment: 'Comment',
  commentHint: (max) => `Optional, at most ${max} characters.`,
  signature: 'Signature',
  signatureName: 'Name',
  signatureRole: 'Position',
  confirm: 'I certify this assessment is accurate, on behalf of the host organisation.',
  review: 'Review before sending',
  reviewTitle: 'Review your assessment',
  reviewIntro: 'Nothing has been sent yet. Check, then sign and send (once only).',
  change: 'Change',
  submit: 'Sign and send',
  errorsTitle: 'Some answers need correcting:',
  problems: { required: 'required', 'too-long': 'too long', 'unknown-value': 'unknown value', 'mark-range': 'mark out of range (half points)', 'control-characters': 'characters not allowed', confirm: 'tick the box to certify' },
  thanksTitle: 'Thank you, your assessment has been sent',
  thanks: (school) => `${school} has received it, signed on behalf of your organisation.`,
  closed: { expired: 'This assessment link has expired.', answered: 'The assessment was already sent through this link.', revoked: 'The school has withdrawn this assessment link.', unknown: 'This assessment link does not exist.' },
  contact: (school) => `Contact ${school} for a new link:`,
  question: 'The school’s question',
  languages: 'Language',
  europass: { title: 'Europass Mobility', holder: 'Holder', sending: 'Sending organisation', hostOrganisation: 'Host organisation', description: 'Description of the mobility', skillsAcquired: 'Skills acquired', mentor: 'Mentor’s assessment', duration: (days) => `${days} days` },
};

const ES: AssessMessages = {
  tag: 'es',
  languageName: 'Español',
  title: 'Evaluación de la estancia en el extranjero',
  intro: (learner, school) => `${school} le pide que evalúe la estancia de ${learner} en su organización.`,
  learner: 'Estudiante',
  stay: 'Estancia',
  host: 'Organización de acogida',
  school: 'Centro educativo',
  skills: 'Competencias',
  skillsHint: 'Nivel observado en cada ámbito (déjelo vacío si no lo observó).',
  skillAreas: { 'job-related': 'Competencias profesionales', digital: 'Competencias digitales', organisational: 'Competencias organizativas', communication: 'Competencias comunicativas', intercultural: 'Competencias interculturales', autonomy: 'Autonomía' },
  levels: { emerging: 'Inicial', developing: 'En desarrollo', proficient: 'Competente', advanced: 'Avanzado' },
  notAssessed: 'Sin evaluar',
  outcomes: 'Resultados de aprendizaje previstos',
  outcomeReached: 'Alcanzado',
  ufm: 'Unidad facultativa de movilidad — parte 1',
  ufmHint: 'Evaluada por la organización de acogida.',
  competences: { C1: 'Comprender y hacerse comprender en un contexto profesional extranjero', C3: 'Realizar parcialmente una actividad profesional, bajo supervisión, en el extranjero' },
  competenceLevels: { 'not-acquired': 'No adquirida', 'partially-acquired': 'Parcialmente adquirida', acquired: 'Adquirida' },
  part1Mark: (max) => `Nota de la parte 1 (sobre ${max})`,
  cefr: 'Idioma',
  cefrLabel: (language) => `Nivel observado en ${language} (MCER, opcional)`,
  notObserved: 'No observado',
  comment: 'Comentario',
  commentHint: (max) => `Opcional, ${max} caracteres como máximo.`,
  signature: 'Firma',
  signatureName: 'Nombre',
  signatureRole: 'Cargo',
  confirm: 'Certifico que esta evaluación es exacta, en nombre de la organización de acogida.',
  review: 'Revisar antes de enviar',
  reviewTitle: 'Revise su evaluación',
  reviewIntro: 'Todavía no se ha enviado nada. Compruebe y después firme y envíe (una sola vez).',
  change: 'Modificar',
  submit: 'Firmar y enviar',
  errorsTitle: 'Hay respuestas que corregir:',
  problems: { required: 'obligatorio', 'too-long': 'demasiado largo', 'unknown-value': 'valor desconocido', 'mark-range': 'nota fuera de la escala (medios puntos)', 'control-characters': 'caracteres no permitidos', confirm: 'marque la casilla para certificar' },
  thanksTitle: 'Gracias, su evaluación se ha enviado',
  thanks: (school) => `${school} la ha recibido, firmada en nombre de su organización.`,
  closed: { expired: 'Este enlace de evaluación ha caducado.', answered: 'La evaluación ya se envió con este enlace.', revoked: 'El centro ha retirado este enlace de evaluación.', unknown: 'Este enlace de evaluación no existe.' },
  contact: (school) => `Póngase en contacto con ${school} para recibir un enlace nuevo:`,
  question: 'Pregunta del centro',
  languages: 'Idioma',
  europass: { title: 'Europass Movilidad', holder: 'Titular', sending: 'Organización de envío', hostOrganisation: 'Organización de acogida', description: 'Descripción de la movilidad', skillsAcquired: 'Competencias adquiridas', mentor: 'Evaluación del tutor', duration: (days) => `${days} días` },
};

/** Mexico's Spanish, for Québec's partners: the same grid, with the words used there. */
const ES_MX: AssessMessages = {
  ...ES,
  tag: 'es-MX',
  languageName: 'Español (México)',
  school: 'Escuela',
  intro: (learner, school) => `${school} le pide evaluar la estancia de ${learner} en su organización.`,
  skillAreas: { ...ES.skillAreas, organisational: 'Competencias de organización' },
  reviewIntro: 'Todavía no se envía nada. Revise y luego firme y envíe (una sola vez).',
  problems: { ...ES.problems, confirm: 'marque la casilla para certificar' },
  closed: { ...ES.closed, expired: 'Este enlace de evaluación ya venció.', revoked: 'La escuela retiró este enlace de evaluación.' },
  contact: (school) => `Comuníquese con ${school} para recibir un enlace nuevo:`,
  question: 'Pregunta de la escuela',
};

const DE: AssessMessages = {
  tag: 'de',
  languageName: 'Deutsch',
  title: 'Beurteilung des Auslandsaufenthalts',
  intro: (learner, school) => `${school} bittet Sie, den Aufenthalt von ${learner} in Ihrem Betrieb zu beurteilen.`,
  learner: 'Lernende(r)',
  stay: 'Aufenthalt',
  host: 'Aufnehmende Einrichtung',
  school: 'Schule',
  skills: 'Kompetenzen',
  skillsHint: 'Beobachtetes Niveau je Bereich (leer lassen, wenn nicht beobachtet).',
  skillAreas: { 'job-related': 'Berufliche Kompetenzen', digital: 'Digitale Kompetenzen', organisational: 'Organisatorische Kompetenzen', communication: 'Kommunikative Kompetenzen', intercultural: 'Interkulturelle Kompetenzen', autonomy: 'Selbstständigkeit' },
  levels: { emerging: 'Anfänglich', developing: 'In Entwicklung', proficient: 'Sicher', advanced: 'Fortgeschritten' },
  notAssessed: 'Nicht beurteilt',
  outcomes: 'Geplante Lernergebnisse',
  outcomeReached: 'Erreicht',
  ufm: 'Wahlpflichteinheit Mobilität — Teil 1',
  ufmHint: 'Von der aufnehmenden Einrichtung beurteilt.',
  competences: { C1: 'In einem ausländischen beruflichen Umfeld verstehen und sich verständlich machen', C3: 'Unter Anleitung im Ausland einen Teil einer beruflichen Tätigkeit ausführen' },
  competenceLevels: { 'not-acquired': 'Nicht erworben', 'partially-acquired': 'Teilweise erworben', acquired: 'Erworben' },
  part1Mark: (max) => `Note für Teil 1 (von ${max})`,
  cefr: 'Sprache',
  cefrLabel: (language) => `Beobachtetes Niveau in ${language} (GER, freiwillig)`,
  notObserved: 'Nicht beobachtet',
  comment: 'Kommentar',
  commentHint: (max) => `Freiwillig, höchstens ${max} Zeichen.`,
  signature: 'Unterschrift',
  signatureName: 'Name',
  signatureRole: 'Funktion',
  confirm: 'Ich bestätige im Namen der aufnehmenden Einrichtung, dass diese Beurteilung zutrifft.',
  review: 'Vor dem Senden prüfen',
  reviewTitle: 'Prüfen Sie Ihre Beurteilung',
  reviewIntro: 'Noch wurde nichts gesendet. Prüfen Sie, dann unterschreiben und senden Sie (nur einmal).',
  change: 'Ändern',
  submit: 'Unterschreiben und senden',
  errorsTitle: 'Einige Angaben sind zu korrigieren:',
  problems: { required: 'Pflichtangabe', 'too-long': 'zu lang', 'unknown-value': 'unbekannter Wert', 'mark-range': 'Note außerhalb der Skala (halbe Punkte)', 'control-characters': 'unzulässige Zeichen', confirm: 'Kästchen zur Bestätigung ankreuzen' },
  thanksTitle: 'Danke, Ihre Beurteilung wurde gesendet',
  thanks: (school) => `${school} hat sie erhalten, im Namen Ihrer Einrichtung unterschrieben.`,
  closed: { expired: 'Dieser Beurteilungslink ist abgelaufen.', answered: 'Die Beurteilung wurde über diesen Link bereits gesendet.', revoked: 'Die Schule hat diesen Beurteilungslink zurückgezogen.', unknown: 'Diesen Beurteilungslink gibt es nicht.' },
  contact: (school) => `Wenden Sie sich für einen neuen Link an ${school}:`,
  question: 'Frage der Schule',
  languages: 'Sprache',
  europass: { title: 'Europass Mobilität', holder: 'Inhaber(in)', sending: 'Entsendende Einrichtung', hostOrganisation: 'Aufnehmende Einrichtung', description: 'Beschreibung der Mobilität', skillsAcquired: 'Erworbene Kompetenzen', mentor: 'Beurteilung des Betreuers', duration: (days) => `${days} Tage` },
};

const IT: AssessMessages = {
  tag: 'it',
  languageName: 'Italiano',
  title: 'Valutazione del soggiorno all’estero',
  intro: (learner, school) => `${school} le chiede di valutare il soggiorno di ${learner} nella sua organizzazione.`,
  learner: 'Studente',
  stay: 'Soggiorno',
  host: 'Organizzazione ospitante',
  school: 'Scuola',
  skills: 'Competenze',
  skillsHint: 'Livello osservato in ogni ambito (lasciare vuoto se non osservato).',
  skillAreas: { 'job-related': 'Competenze professionali', digital: 'Competenze digitali', organisational: 'Competenze organizzative', communication: 'Competenze comunicative', intercultural: 'Competenze interculturali', autonomy: 'Autonomia' },
  levels: { emerging: 'Iniziale', developing: 'In sviluppo', proficient: 'Padroneggiato', advanced: 'Avanzato' },
  notAssessed: 'Non valutato',
  outcomes: 'Risultati di apprendimento previsti',
  outcomeReached: 'Raggiunto',
  ufm: 'Unità facoltativa di mobilità — parte 1',
  ufmHint: 'Valutata dall’organizzazione ospitante.',
  competences: { C1: 'Comprendere e farsi comprendere in un contesto professionale straniero', C3: 'Svolgere in parte un’attività professionale, sotto supervisione, all’estero' },
  competenceLevels: { 'not-acquired': 'Non acquisita', 'partially-acquired': 'Parzialmente acquisita', acquired: 'Acquisita' },
  part1Mark: (max) => `Voto della parte 1 (su ${max})`,
  cefr: 'Lingua',
  cefrLabel: (language) => `Livello osservato in ${language} (QCER, facoltativo)`,
  notObserved: 'Non osservato',
  comment: 'Commento',
  commentHint: (max) => `Facoltativo, al massimo ${max} caratteri.`,
  signature: 'Firma',
  signatureName: 'Nome',
  signatureRole: 'Ruolo',
  confirm: 'Certifico l’esattezza di questa valutazione, a nome dell’organizzazione ospitante.',
  review: 'Rileggere prima di inviare',
  reviewTitle: 'Rilegga la sua valutazione',
  reviewIntro: 'Non è stato ancora inviato nulla. Controlli, poi firmi e invii (una sola volta).',
  change: 'Modificare',
  submit: 'Firmare e inviare',
  errorsTitle: 'Alcune risposte vanno corrette:',
  problems: { required: 'obbligatorio', 'too-long': 'troppo lungo', 'unknown-value': 'valore sconosciuto', 'mark-range': 'voto fuori scala (mezzi punti)', 'control-characters': 'caratteri non ammessi', confirm: 'spunti la casella per certificare' },
  thanksTitle: 'Grazie, la sua valutazione è stata inviata',
  thanks: (school) => `${school} l’ha ricevuta, firmata a nome della sua organizzazione.`,
  closed: { expired: 'Questo link di valutazione è scaduto.', answered: 'La valutazione è già stata inviata con questo link.', revoked: 'La scuola ha ritirato questo link di valutazione.', unknown: 'Questo link di valutazione non esiste.' },
  contact: (school) => `Contatti ${school} per un nuovo link:`,
  question: 'Domanda della scuola',
  languages: 'Lingua',
  europass: { title: 'Europass Mobilità', holder: 'Titolare', sending: 'Organizzazione di invio', hostOrganisation: 'Organizzazione ospitante', description: 'Descrizione della mobilità', skillsAcquired: 'Competenze acquisite', mentor: 'Valutazione del tutor', duration: (days) => `${days} giorni` },
};

const PT: AssessMessages = {
  tag: 'pt',
  languageName: 'Português',
  title: 'Avaliação da estadia no estrangeiro',
  intro: (learner, school) => `${school} pede-lhe que avalie a estadia de ${learner} na sua organização.`,
  learner: 'Formando',
  stay: 'Estadia',
  host: 'Organização de acolhimento',
  school: 'Escola',
  skills: 'Competências',
  skillsHint: 'Nível observado em cada área (deixe vazio se não observou).',
  skillAreas: { 'job-related': 'Competências profissionais', digital: 'Competências digitais', organisational: 'Competências organizacionais', communication: 'Competências de comunicação', intercultural: 'Competências interculturais', autonomy: 'Autonomia' },
  levels: { emerging: 'Inicial', developing: 'Em desenvolvimento', proficient: 'Proficiente', advanced: 'Avançado' },
  notAssessed: 'Não avaliado',
  outcomes: 'Resultados de aprendizagem previstos',
  outcomeReached: 'Alcançado',
  ufm: 'Unidade facultativa de mobilidade — parte 1',
  ufmHint: 'Avaliada pela organização de acolhimento.',
  competences: { C1: 'Compreender e fazer-se compreender num contexto profissional estrangeiro', C3: 'Realizar parcialmente uma atividade profissional, sob supervisão, no estrangeiro' },
  competenceLevels: { 'not-acquired': 'Não adquirida', 'partially-acquired': 'Parcialmente adquirida', acquired: 'Adquirida' },
  part1Mark: (max) => `Nota da parte 1 (em ${max})`,
  cefr: 'Língua',
  cefrLabel: (language) => `Nível observado em ${language} (QECR, facultativo)`,
  notObserved: 'Não observado',
  comment: 'Comentário',
  commentHint: (max) => `Facultativo, no máximo ${max} caracteres.`,
  signature: 'Assinatura',
  signatureName: 'Nome',
  signatureRole: 'Função',
  confirm: 'Certifico a exatidão desta avaliação, em nome da organização de acolhimento.',
  review: 'Rever antes de enviar',
  reviewTitle: 'Reveja a sua avaliação',
  reviewIntro: 'Ainda nada foi enviado. Verifique e depois assine e envie (uma só vez).',
  change: 'Alterar',
  submit: 'Assinar e enviar',
  errorsTitle: 'Algumas respostas precisam de correção:',
  problems: { required: 'obrigatório', 'too-long': 'demasiado longo', 'unknown-value': 'valor desconhecido', 'mark-range': 'nota fora da escala (meios pontos)', 'control-characters': 'caracteres não permitidos', confirm: 'assinale a caixa para certificar' },
  thanksTitle: 'Obrigado, a sua avaliação foi enviada',
  thanks: (school) => `${school} recebeu-a, assinada em nome da sua organização.`,
  closed: { expired: 'Esta ligação de avaliação expirou.', answered: 'A avaliação já foi enviada por esta ligação.', revoked: 'A escola retirou esta ligação de avaliação.', unknown: 'Esta ligação de avaliação não existe.' },
  contact: (school) => `Contacte ${school} para obter uma nova ligação:`,
  question: 'Pergunta da escola',
  languages: 'Língua',
  europass: { title: 'Europass Mobilidade', holder: 'Titular', sending: 'Organização de envio', hostOrganisation: 'Organização de acolhimento', description: 'Descrição da mobilidade', skillsAcquired: 'Competências adquiridas', mentor: 'Avaliação do tutor', duration: (days) => `${days} dias` },
};

export const ASSESS_MESSAGES: Record<AssessLanguage, AssessMessages> = { fr: FR, en: EN, es: ES, 'es-MX': ES_MX, de: DE, it: IT, pt: PT };
