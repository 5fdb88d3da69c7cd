/** The addresses of the console's work pages: one place, so that every link and redirect agrees. */
export const WORK_PATHS = {
  home: '/console/home',
  stays: '/console/stays',
  newStay: '/console/stays/new',
  duplicateStay: (id: string) => `/console/stays/new?from=${encodeURIComponent(id)}`,
  importStays: '/console/stays/import',
  issueGroup: '/console/stays/issue',
  stay: (id: string) => `/console/stays/${id}`,
  editStay: (id: string) => `/console/stays/${id}/edit`,
  assessment: (id: string) => `/console/stays/${id}/assessment`,
  preview: (id: string) => `/console/stays/${id}/credentials`,
  batch: (id: string) => `/console/batches/${id}`,
  batchStatus: (id: string) => `/console/batches/${id}/status`,
  credentials: '/console/credentials',
  credential: (id: string) => `/console/credentials/${id}`,
  statusChange: (id: string, change: string) => `/console/credentials/${id}/${change}`,
  claimEmail: (id: string) => `/console/credentials/${id}/claim-email`,
  badges: '/console/badges',
  newBadge: '/console/badges/new',
  badge: (id: string) => `/console/badges/${id}`,
  badgeImage: (id: string) => `/console/badges/${id}/image`,
  school: '/console/school',
  rotateKey: '/console/school/keys/rotate',
  compromiseKey: '/console/school/keys/compromise',
  ufmScheme: '/console/school/ufm-scheme',
  figures: '/console/figures',
  figuresCsv: '/console/figures.csv',
} as const;

/** A date (ISO day or instant) as people read it in the page's language. */
export function formatDay(value: string, language: string): string {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}
