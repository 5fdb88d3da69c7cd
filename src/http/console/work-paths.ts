import { dayOrInstant, readableDate } from '../../domain/dates.js';
/** The addresses of the console's work pages: one place, so that every link and redirect agrees. */
const PATHS = {
  home: '/console',
  stays: '/console/stays',
  newStay: '/console/stays/new',
  duplicateStay: (id: string) => `/console/stays/new?from=${encodeURIComponent(id)}`,
  importStays: '/console/stays/import',
  cohortTemplate: '/console/stays/import/template.csv',
  issueGroup: '/console/stays/issue',
  ufmJury: '/console/stays/ufm-jury',
  stay: (id: string) => `/console/stays/${id}`,
  editStay: (id: string) => `/console/stays/${id}/edit`,
  groupStays: (id: string) => `/console/stays/${id}/group`,
  assessment: (id: string) => `/console/stays/${id}/assessment`,
  preview: (id: string) => `/console/stays/${id}/credentials`,
  batch: (id: string) => `/console/batches/${id}`,
  batchStatus: (id: string) => `/console/batches/${id}/status`,
  credentials: '/console/credentials',
  credential: (id: string) => `/console/credentials/${id}`,
  statusChange: (id: string, change: string) => `/console/credentials/${id}/${change}`,
  claimEmail: (id: string) => `/console/credentials/${id}/claim-email`,
  claimLink: (id: string) => `/console/credentials/${id}/claim-link`,
  badges: '/console/badges',
  newBadge: '/console/badges/new',
  badge: (id: string) => `/console/badges/${id}`,
  badgeImage: (id: string) => `/console/badges/${id}/image`,
  school: '/console/school',
  rotateKey: '/console/school/keys/rotate',
  compromiseKey: '/console/school/keys/compromise',
  schoolAcademy: '/console/school/academy',
  schoolProfile: '/console/school/profile',
  newAcademy: '/console/school/academy/new',
  ufmScheme: '/console/school/ufm-scheme',
  mentorTexts: '/console/school/mentor-texts',
  mentorTextsOf: (code: string) => `/console/school/mentor-texts/${code}`,
  removeMentorTexts: (code: string) => `/console/school/mentor-texts/${code}/remove`,
  figures: '/console/figures',
  newSchool: '/console/schools/new',
  schools: '/console/schools',
  figuresCsv: '/console/figures.csv',
};

type Paths = typeof PATHS;

/** A console address in a language: links, form actions and redirects keep the language the person chose. */
export function inLanguage(path: string, language: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${language}`;
}

/** The work pages' addresses in a language (see inLanguage). */
export function workPaths(language: string): Paths {
  return Object.fromEntries(
    Object.entries(PATHS).map(([name, path]) => [name, typeof path === 'string' ? inLanguage(path, language) : (id: string, ...rest: string[]) => inLanguage((path as (...args: string[]) => string)(id, ...rest), language)]),
  ) as Paths;
}

/** The bare paths, for routes. */
export const WORK_ROUTES = PATHS;

/** A date (ISO day or instant) as people read it in the page's language. */
export function formatDay(value: string, language: string): string {
  return readableDate(dayOrInstant(value), language === 'en' ? 'en-GB' : 'fr-FR', { style: 'medium' });
}
