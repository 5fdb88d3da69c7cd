import request from 'supertest';
import { TEST_BASE_URL, type TestService } from './service.js';

/** A filled mentor grid, as the mentor's browser posts it (the placement of support/api.ts: two outcomes, UFM). */
export const MENTOR_GRID = {
  'skill-job-related': 'proficient',
  'skill-communication': 'developing',
  'skill-intercultural': 'advanced',
  'outcome-0': 'achieved',
  'outcome-1': 'achieved',
  'competence-C1': 'acquired',
  'competence-C3': 'partially-acquired',
  part1: '6,5',
  cefr: 'B1',
  comment: 'Léa a tenu le poste froid seule dès la deuxième semaine.',
  'signature-name': 'Carmen Ruiz',
  'signature-role': 'Jefa de cocina',
  confirm: 'yes',
};

/**
 * The whole way from a recorded stay to its issued credentials through the host mentor: link, the mentor's
 * signed grid, the school's acceptance, part 2 and the specialty exams, issuance. The issued credentials.
 */
export async function assessThroughMentor(service: TestService, mobilityId: string, options: { part2?: number; language?: 'fr' | 'en' } = {}): Promise<{ kind: string; credential: { id: string; credential: Record<string, any> } }[]> {
  const auth = { Authorization: `Bearer ${service.adminKey}` };
  const link = await request(service.app).post(`/v1/mobilities/${mobilityId}/mentor-assessment`).set(auth).send({}).expect(201);
  await request(service.app).post(link.body.url.slice(TEST_BASE_URL.length)).type('form').send({ ...MENTOR_GRID, step: 'submit' }).expect(201);
  await request(service.app).post(`/v1/mobilities/${mobilityId}/mentor-assessment/accept`).set(auth).send({}).expect(200);
  const assessed = (await request(service.app).get(`/v1/mobilities/${mobilityId}`).set(auth).expect(200)).body.assessment;
  await request(service.app)
    .put(`/v1/mobilities/${mobilityId}/assessment`)
    .set(auth)
    .send({ ...assessed, ufm: { ...assessed.ufm, part2: options.part2 ?? 9, specialtyExamsPassed: true } })
    .expect(200);
  return (await request(service.app).post(`/v1/mobilities/${mobilityId}/credentials`).set(auth).send({ language: options.language ?? 'fr' }).expect(201)).body.credentials;
}
