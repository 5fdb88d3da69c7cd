import type { JsonObject } from '../domain/open-badges.js';
import type { Insertable } from 'kysely';
import type { Db } from './database.js';
import type { AuditEventsTable } from './schema.js';

export interface AuditEvent {
  actor: string;
  action:
    | 'issuer.created'
    | 'issuer.key-rotated'
    | 'issuer.key-compromised'
    | 'issuer.ufm-scheme-set'
    | 'issuer.mentor-texts-set'
    | 'issuer.mentor-texts-removed'
    | 'issuer.academy-set'
    | 'issuer.profile-updated'
    | 'achievement.created'
    | 'achievement.updated'
    | 'achievement.image-set'
    | 'credential.issued'
    | 'credential.revoked'
    | 'credential.suspended'
    | 'credential.reinstated'
    | 'credential.claim-link-created'
    | 'credential.claimed'
    | 'credential.endorsement-requested'
    | 'credential.endorsed'
    | 'mobility.recorded'
    | 'mobility.updated'
    | 'mobility.minor-details-recorded'
    | 'mobility.assessed'
    | 'mobility.mentor-assessment-requested'
    | 'mobility.mentor-link-revoked'
    | 'mobility.mentor-assessment-answered'
    | 'mobility.mentor-assessment-accepted'
    | 'mobility.mentor-assessment-returned'
    | 'academy.created'
    | 'registry.trusted'
    | 'registry.untrusted'
    | 'seal.configured'
    | 'api-key.created'
    | 'api-key.revoked'
    | 'pathway.prescribed'
    | 'pathway.institution-recognised'
    | 'pathway.element-completed'
    | 'staff.signed-in'
    | 'staff.signed-out'
    | 'staff.sign-in-refused'
    | 'staff.invited'
    | 'staff.joined'
    | 'staff.removed'
    | 'staff.password-reset-requested'
    | 'staff.password-reset'
    | 'staff.totp-enabled'
    | 'staff.platform-admin-created'
    | 'sso-provider.created'
    | 'credential.name-shown'
    | 'credential.name-withheld'
    | 'learner.guardian-approved'
    | 'learner.space-deleted';
  /** Who acted, when the actor is not a key (whose name the database fills in): a person before they act through a role. */
  actorName?: string;
  issuerId: string | null;
  subjectId: string;
  details?: JsonObject;
}

export async function appendAuditEvent(db: Db, event: AuditEvent): Promise<void> {
  await appendAuditEvents(db, [event]);
}

async function appendAuditEvents(db: Db, events: AuditEvent[]): Promise<void> {
  await db.insertInto('audit_events').values(auditEventRows(events)).execute();
}

/** Events as audit_events rows, for an insert of their own or within another statement. */
export function auditEventRows(events: AuditEvent[]): Insertable<AuditEventsTable>[] {
  return events.map((event) => ({
    actor: event.actor,
    ...(event.actorName === undefined ? {} : { actor_name: event.actorName }),
    action: event.action,
    issuer_id: event.issuerId,
    subject_id: event.subjectId,
    details: JSON.stringify(event.details ?? {}),
  }));
}
