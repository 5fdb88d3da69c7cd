import type { adminApi } from './api.js';

/** An order, a college and a stage host on one instance (issue #23), with a prescription's three elements. */
export const ORDER = {
  slug: 'ordre-infirmieres',
  kind: 'professional-order',
  name: 'Ordre des infirmières et infirmiers du Québec',
  url: 'https://ordre.example.qc.ca',
  address: { addressLocality: 'Montréal', addressRegion: 'QC', addressCountryCode: 'CA' },
};
export const COLLEGE = {
  slug: 'cegep-du-vieux-port',
  name: 'Cégep du Vieux-Port',
  url: 'https://cegep-vieux-port.example.qc.ca',
  address: { addressLocality: 'Montréal', addressRegion: 'QC', addressCountryCode: 'CA' },
};
export const STAGE_HOST = {
  slug: 'chu-des-iles',
  kind: 'stage-host',
  name: 'CHU des Îles',
  address: { addressLocality: 'Québec', addressRegion: 'QC', addressCountryCode: 'CA' },
};
export const REFERENTIAL = { name: 'Référentiel de compétences de l’ordre', url: 'https://ordre.example.qc.ca/referentiel' };

export const ELEMENTS = [
  { competencyCode: 'C-03', referential: REFERENTIAL, title: 'Pharmacologie et administration des médicaments', kind: 'bridging-training', hours: 90, stageRequired: false, deadline: '2027-12-31' },
  { competencyCode: 'S-01', referential: REFERENTIAL, title: 'Stage en soins médicaux et chirurgicaux', kind: 'stage', hours: 210, stageRequired: true, deadline: '2028-06-30' },
  { competencyCode: 'F-07', referential: REFERENTIAL, title: 'Français langue de travail (niveau 7)', kind: 'francisation', hours: 330, stageRequired: false, deadline: '2027-06-30' },
];

export const prescriptionBody = (orderId: string, email: string, overrides: Record<string, unknown> = {}) => ({
  orderId,
  recipient: { email, name: 'Amina Haddad' },
  profession: 'Infirmière / infirmier',
  decisionReference: 'CA-2026-0142',
  decisionDate: '2026-01-15',
  elements: ELEMENTS,
  ...overrides,
});

export const COURSE = {
  name: 'Pharmacologie appliquée (formation d’appoint)',
  description: 'Cours de 90 heures de la formation d’appoint en soins infirmiers.',
  criteria: { narrative: 'Réussir l’examen final.' },
  achievementType: 'Course',
};
export const PLACEMENT = {
  name: 'Stage en soins médicaux et chirurgicaux',
  description: 'Stage de 210 heures en unité de médecine-chirurgie.',
  criteria: { narrative: 'Évaluation de la préceptrice à la fin du stage.' },
  achievementType: 'ext:WorkPlacement',
};

export type Api = ReturnType<typeof adminApi>;

/** Creates the three organisations and the order's recognition of the college and the stage host. */
export async function createPathwayOrganisations(api: Api) {
  const order = await api.createIssuer(ORDER);
  const college = await api.createIssuer(COLLEGE);
  const stageHost = await api.createIssuer(STAGE_HOST);
  for (const institution of [college, stageHost]) {
    const recognised = await api.post('/v1/pathways/recognitions', { orderId: order.id, institutionDid: institution.did });
    if (recognised.status !== 201) throw new Error(`recognition: ${recognised.status} ${recognised.text}`);
  }
  const course = (await api.post('/v1/achievements', { issuerId: college.id, ...COURSE })).body as { id: string };
  const placement = (await api.post('/v1/achievements', { issuerId: stageHost.id, ...PLACEMENT })).body as { id: string };
  const francisation = (await api.post('/v1/pathways/francisation-achievements', { issuerId: college.id })).body as { id: string };
  return { order, college, stageHost, course, placement, francisation };
}
