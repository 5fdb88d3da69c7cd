import { incrementCredentialLookups } from '../storage/credential-lookups-repository.js';
import type { ServiceContext } from './context.js';

/**
 * Counts one look-up of a credential's public page, document or verification, on today's date (UTC), for
 * its learner's "who looked it up". Only a count a day: nothing about who looked. A count that cannot be
 * written is dropped, never the answer it counts.
 */
export async function countCredentialLookup(ctx: ServiceContext, credentialId: string): Promise<void> {
  await incrementCredentialLookups(ctx.db, credentialId, ctx.now().toISOString().slice(0, 10)).catch(() => undefined);
}
