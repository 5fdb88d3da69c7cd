import request from 'supertest';
import type { TestService } from './service.js';

/** Request builders for the admin API, with a realistic French vocational school. */
export function adminApi(service: TestService) {
  const auth = { Authorization: `Bearer ${service.adminKey}` };
  return {
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      request(service.app).post(path).set(auth).set(headers).send(body as object),
    get: (path: string) => request(service.app).get(path).set(auth),
    async createIssuer(overrides: Record<string, unknown> = {}) {
      const res = await this.post('/v1/issuers', { ...SCHOOL, ...overrides });
      if (res.status !== 201) throw new Error(`createIssuer: ${res.status} ${res.text}`);
      return res.body as { id: string; slug: string; did: string };
    },
    async createAchievement(issuerId: string, overrides: Record<string, unknown> = {}) {
      const res = await this.post('/v1/achievements', { ...PLACEMENT_ACHIEVEMENT, issuerId, ...overrides });
      if (res.status !== 201) throw new Error(`createAchievement: ${res.status} ${res.text}`);
      return res.body as { id: string; url: string };
    },
  };
}

export const SCHOOL = {
  slug: 'lp-jean-moulin',
  name: 'Lycée professionnel Jean Moulin',
  url: 'https://lp-jean-moulin.example.fr',
  email: 'ddfpt@lp-jean-moulin.example.fr',
  address: { streetAddress: '1 rue de la Gare', postalCode: '69003', addressLocality: 'Lyon', addressCountryCode: 'FR', addressCountry: 'France' },
  otherIdentifier: [
    { identifier: '0690001A', identifierType: 'ext:UAI' },
    { identifier: 'E10123456', identifierType: 'ext:ErasmusOID' },
  ],
};

export const PLACEMENT_ACHIEVEMENT = {
  name: 'Période de formation en milieu professionnel à l’étranger',
  description: 'Four-week work placement in a hotel kitchen in Valencia, Spain (Erasmus+ KA1).',
  criteria: { narrative: 'Complete the placement and the host mentor’s assessment grid.' },
  achievementType: 'Competency',
  inLanguage: 'fr',
  tag: ['Erasmus+', 'PFMP'],
  alignment: [
    {
      targetName: 'EQF level 4',
      targetUrl: 'http://data.europa.eu/snb/eqf/4',
      targetFramework: 'European Qualifications Framework',
      targetCode: '4',
      targetType: 'ext:EQF',
    },
  ],
};

let stays = 0;
/**
 * A four-week Erasmus+ placement of a Bac pro Cuisine learner in Valencia. Each call is another stay (the
 * learner's address gets another alias), since the service recognises the same stay entered twice.
 */
export const placement = (issuerId: string) => ({
  issuerId,
  participant: { kind: 'learner', email: `lea.martin+${++stays}@example.org`, name: 'Léa Martin', qualification: { title: 'Bac pro Cuisine', diploma: 'bac-pro', eqfLevel: 4 } },
  type: 'work-placement',
  programme: 'erasmus-plus-ka1',
  startDate: '2026-05-04',
  endDate: '2026-05-29',
  hostOrganisation: {
    legalName: 'Restaurante La Albufera S.L.',
    countryCode: 'ES',
    city: 'Valencia',
    url: 'https://albufera.example.es',
    mentor: { name: 'Carmen Ruiz', role: 'Jefa de cocina', email: 'carmen@albufera.example.es' },
  },
  workingLanguages: ['es'],
  plannedLearningOutcomes: [{ title: 'Prepare regional dishes in a professional kitchen' }, { title: 'Work in a team in a foreign kitchen' }],
  evidence: [{ name: 'Learning agreement', url: 'https://lp-jean-moulin.example.fr/docs/la-2026-martin.pdf' }],
});

/** The mentor's and school's assessment of that placement, with the given UFM marks. */
export const assessment = (ufm: Record<string, unknown>) => ({
  skills: { 'job-related': 'proficient', communication: 'developing', intercultural: 'advanced' },
  outcomesAchieved: [0, 1],
  language: { code: 'es', before: 'A2', reached: 'B1' },
  ufm,
  mentorComment: 'Léa a été autonome et appréciée de toute l’équipe.',
});
