import { StatusChangeRefusedError, CredentialNotActiveError, NotFoundError } from '../errors.js';
import { appendAuditEvent } from '../storage/audit-repository.js';
import { findCredentialById, listHolderCopies } from '../storage/credentials-repository.js';
import { findStatusEntryOfCredential, updateStatusEntryState } from '../storage/status-repository.js';
import type { StatusState } from '../storage/schema.js';
import type { ServiceContext } from './context.js';
import type { Actor } from './access.js';
import { getCredential, type CredentialView } from './credential-views.js';

type StatusChange = 'revoke' | 'suspend' | 'reinstate';

/**
 * Which state each change leads to, from which states. Revocation is final. Suspension needs a
 * suspension-purpose entry: a revocation bit, once set, must never be cleared (Bitstring Status List
 * v1.0), so a revocation-purpose credential cannot be put on hold and released.
 */
const TRANSITIONS: Record<StatusChange, { from: StatusState[]; to: StatusState; needsSuspensionPurpose: boolean }> = {
  revoke: { from: ['active', 'suspended'], to: 'revoked', needsSuspensionPurpose: false },
  suspend: { from: ['active'], to: 'suspended', needsSuspensionPurpose: true },
  reinstate: { from: ['suspended'], to: 'active', needsSuspensionPurpose: true },
};

const AUDIT_ACTIONS = { revoke: 'credential.revoked', suspend: 'credential.suspended', reinstate: 'credential.reinstated' } as const;

export async function changeCredentialStatus(
  ctx: ServiceContext,
  options: { credentialId: string; change: StatusChange; reason: string; publicReason?: string; actor: Actor },
): Promise<CredentialView> {
  const transition = TRANSITIONS[options.change];
  await ctx.db.transaction().execute(async (trx) => {
    const credential = await findCredentialById(trx, options.credentialId, options.actor.tenancy);
    // The row lock makes concurrent changes of one credential run one after the other.
    const entry = credential && (await findStatusEntryOfCredential(trx, credential.id, { forUpdate: true }));
    if (!credential || !entry) throw new NotFoundError(`Credential ${options.credentialId}`);
    if (transition.needsSuspensionPurpose && entry.purpose !== 'suspension') {
      throw new StatusChangeRefusedError(
        'This credential was issued with a revocation status entry; it can be revoked but not suspended. Issue with statusPurpose "suspension" for reversible holds.',
      );
    }
    if (!transition.from.includes(entry.state)) {
      throw new StatusChangeRefusedError(`A ${entry.state} credential cannot be ${options.change === 'reinstate' ? 'reinstated' : `${options.change}d`}`);
    }
    const publicReason = options.change === 'reinstate' ? null : (options.publicReason ?? null);
    const change = { state: transition.to, reason: options.reason, public_reason: publicReason, changed_at: ctx.now(), changed_by: options.actor.apiKeyId };
    await updateStatusEntryState(trx, entry, change);
    // Wallet copies (OpenID4VCI) follow their original: a revoked credential must not live on in a wallet.
    for (const copy of await listHolderCopies(trx, credential.id)) {
      const copyEntry = await findStatusEntryOfCredential(trx, copy.id, { forUpdate: true });
      if (copyEntry && transition.from.includes(copyEntry.state)) await updateStatusEntryState(trx, copyEntry, change);
    }
    await appendAuditEvent(trx, {
      actor: options.actor.apiKeyId,
      action: AUDIT_ACTIONS[options.change],
      issuerId: credential.issuer_id,
      subjectId: credential.id,
      details: { reason: options.reason, publicReason, from: entry.state, to: transition.to },
    });
  });
  return getCredential(ctx, options.credentialId, options.actor.tenancy);
}

/**
 * Refuses a new way of sharing a credential (a Europass export, a claim link or its page, a wallet offer)
 * once it is revoked or suspended: what was shared before stays checkable, nothing new is handed out.
 */
export async function assertShareable(ctx: ServiceContext, credentialId: string): Promise<void> {
  const entry = await findStatusEntryOfCredential(ctx.db, credentialId);
  if (entry && entry.state !== 'active') throw new CredentialNotActiveError(entry.state);
}
