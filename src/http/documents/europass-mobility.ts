import { SKILL_AREAS, type SkillArea } from '../../domain/mobility-achievements.js';
import type { EuropassMobilitySource } from '../../services/documents.js';
import { assessMessages, type AssessMessages } from '../assess/messages.js';
import { intlTag } from '../../domain/mentor-grid-texts.js';
import { PdfWriter } from './pdf-writer.js';
import { dayOrInstant, readableDate } from '../../domain/dates.js';

const PROGRAMME_NAMES: Record<string, string> = { 'erasmus-plus-ka1': 'Erasmus+ KA1', 'ofaj-protandem': 'OFAJ ProTandem', 'quebec-meq': 'Québec (MEQ)', other: '' };

/**
 * The Europass Mobility document of a stay, in the school's language (French) and the host's, side by side
 * in each line: holder, sending and host organisations, the stay, and the skills acquired as the host
 * assessed them (the mentor's own words for the comment), with who signed and where the signed statement is.
 */
export async function europassMobilityPdf(source: EuropassMobilitySource): Promise<Uint8Array> {
  const pair = ['fr', source.hostLanguage];
  const messages: Record<string, AssessMessages> = { fr: assessMessages('fr', source.texts.fr), [source.hostLanguage]: assessMessages(source.hostLanguage, source.texts.host) };
  const both = (words: (m: AssessMessages) => string) => [...new Set(pair.map((language) => words(messages[language]!)))].join(' · ');
  const { record, school } = source;
  const writer = await PdfWriter.create({ title: `${both((m) => m.europass.title)} — ${record.participant.name ?? record.participant.email}`, language: 'fr', author: school.name, subject: both((m) => m.europass.title) });
  const date = (value: string, language: string) => readableDate(dayOrInstant(value), intlTag(language));
  const region = (code: string | undefined) => (code ? [...new Set(pair.map((language) => new Intl.DisplayNames([intlTag(language)], { type: 'region' }).of(code)))].join(' · ') : '');

  writer.text(both((m) => m.europass.title).toUpperCase(), { size: 20, bold: true, accent: true });
  writer.space(6);

  writer.heading(both((m) => m.europass.holder));
  writer.pair(both((m) => m.learner), record.participant.name ?? record.participant.email);
  if (record.participant.qualification) writer.pair('EQF', `${record.participant.qualification.title} (EQF ${record.participant.qualification.eqfLevel})`);

  writer.heading(both((m) => m.europass.sending));
  writer.pair(both((m) => m.school), school.name);
  const address = school.address;
  if (address) writer.pair('', [address.streetAddress, [address.postalCode, address.addressLocality].filter(Boolean).join(' '), region(address.addressCountryCode)].filter(Boolean).join(', '));
  for (const identifier of school.otherIdentifier ?? []) writer.pair(identifier.identifierType.replace(/^ext:/, ''), identifier.identifier);
  if (school.email) writer.pair('E-mail', school.email);

  writer.heading(both((m) => m.europass.hostOrganisation));
  const host = record.hostOrganisation;
  writer.pair(both((m) => m.host), `${host.legalName}\n${host.city}, ${region(host.countryCode)}${host.url ? `\n${host.url}` : ''}`);
  writer.pair(both((m) => m.europass.mentor), `${host.mentor.name} — ${host.mentor.role}`);

  writer.heading(both((m) => m.europass.description));
  writer.pair(both((m) => m.stay), `${pair.map((language) => `${date(record.startDate, language)} – ${date(record.endDate, language)}`).filter((value, index, all) => all.indexOf(value) === index).join(' · ')}\n${both((m) => m.europass.duration(source.durationDays))}${PROGRAMME_NAMES[record.programme] ? ` — ${PROGRAMME_NAMES[record.programme]}` : ''}`);
  writer.pair(both((m) => m.cefr), record.workingLanguages.map((code) => [...new Set(pair.map((language) => new Intl.DisplayNames([intlTag(language)], { type: 'language' }).of(code)))].join(' · ')).join(', '));
  record.plannedLearningOutcomes.forEach((outcome, index) => {
    const translation = source.outcomeTranslations?.[index];
    writer.pair(index === 0 ? both((m) => m.outcomes) : '', `${outcome.title}${translation && translation !== outcome.title ? `\n${translation}` : ''}`);
  });

  writer.heading(both((m) => m.europass.skillsAcquired));
  const answer = source.mentor?.answer;
  const skills = answer?.skills ?? source.assessment?.skills ?? {};
  for (const [area, level] of Object.entries(skills)) {
    writer.pair(both((m) => m.skillAreas[area as SkillArea] ?? SKILL_AREAS[area as SkillArea].fr), both((m) => m.levels[level]));
  }
  const reached = answer?.outcomesAchieved ?? source.assessment?.outcomesAchieved ?? [];
  for (const index of reached) {
    const outcome = record.plannedLearningOutcomes[index];
    if (outcome) writer.pair(both((m) => m.outcomeReached), outcome.title);
  }
  const ufm = answer?.ufm;
  if (ufm) {
    writer.pair(both((m) => m.ufm), `${ufm.part1}/${source.scheme.part1Points}`);
    for (const [code, level] of Object.entries(ufm.competences)) {
      const name = source.scheme.competences.find((competence) => competence.code === code)?.name.fr ?? code;
      writer.pair(`${code}`, `${name}\n${both((m) => m.competenceLevels[level])}`);
    }
  }
  if (answer?.cefr) writer.pair(both((m) => m.cefr), `${answer.cefr.code.toUpperCase()} — ${answer.cefr.level}`);
  if (answer?.comment) {
    writer.pair(both((m) => m.comment), answer.comment);
  }
  if (source.mentor) {
    writer.heading(both((m) => m.signature));
    writer.pair(both((m) => m.signatureName), `${source.mentor.answer.signature.name} — ${source.mentor.answer.signature.role}, ${host.legalName}`);
    writer.pair('', `${pair.map((language) => readableDate(source.mentor!.answeredAt, intlTag(language))).filter((value, index, all) => all.indexOf(value) === index).join(' · ')}\n${source.mentor.statementUrl}`);
  }
  return writer.save();
}
