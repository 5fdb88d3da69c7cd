import { listLearnerEmails } from '../storage/learners-repository.js';
import type { ServiceContext } from './context.js';

/** A learner's verified addresses (lower-cased), the first verified first. */
export function listLearnerAddresses(ctx: ServiceContext, learnerId: string): Promise<string[]> {
  return listLearnerEmails(ctx.db, learnerId);
}
