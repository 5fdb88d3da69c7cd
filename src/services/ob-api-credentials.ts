import type { JsonObject } from '../domain/open-badges.js';
import { listImportedCredentials } from '../storage/imported-credentials-repository.js';
import type { ServiceContext } from './context.js';
import { credentialRowsOf } from './learner-space.js';

/** A page of getCredentials (OB 3.0 §6.2.2, B.2.1) and how many credentials there are in all. */
export interface ApiCredentialsPage {
  total: number;
  body: { credential: JsonObject[]; compactJwsStrings: string[] };
}

/** A credential of the list and when it entered it: issued by a school, or added by a platform. */
type Listed = { enteredAt: Date } & ({ credential: JsonObject } | { jwt: string });

/**
 * getCredentials: what the learner's space lists — every credential issued to one of their verified
 * addresses, by any school, each as it was issued (with its Data Integrity proof when it has one, else its
 * VC-JWT) — and what their platforms added (upsertCredential), as sent. One list, newest first by the time
 * each entered it (issued; first added); `since` keeps those that entered it after that time, so that a
 * platform asking "what is new since my last visit" misses nothing; `offset` and `limit` cut the page.
 */
export async function listLearnerApiCredentials(
  ctx: ServiceContext,
  learnerId: string,
  query: { limit: number; offset: number; since: Date | undefined },
): Promise<ApiCredentialsPage> {
  const issued: Listed[] = (await credentialRowsOf(ctx, learnerId)).map((row) =>
    row.data_integrity ? { enteredAt: row.created_at, credential: row.data_integrity } : { enteredAt: row.created_at, jwt: row.jwt! },
  );
  const imported: Listed[] = (await listImportedCredentials(ctx.db, learnerId)).map((row) =>
    row.format === 'ldp_vc' ? { enteredAt: row.created_at, credential: JSON.parse(row.body) as JsonObject } : { enteredAt: row.created_at, jwt: row.body.trim() },
  );
  const all = [...issued, ...imported]
    .filter((item) => query.since === undefined || item.enteredAt.getTime() > query.since.getTime())
    .sort((a, b) => b.enteredAt.getTime() - a.enteredAt.getTime());
  const page = all.slice(query.offset, query.offset + query.limit);
  return {
    total: all.length,
    body: {
      credential: page.flatMap((item) => ('credential' in item ? [item.credential] : [])),
      compactJwsStrings: page.flatMap((item) => ('jwt' in item ? [item.jwt] : [])),
    },
  };
}
