import { LEARNER_SESSION_ABSOLUTE_MS, LEARNER_SESSION_IDLE_MS } from '../storage/learners-repository.js';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SIGN_IN_WINDOW_MS } from '../storage/staff-repository.js';
import { UNAPPROVED_CLIENT_SECONDS } from './ob-authorization-store.js';

/** What the privacy page states about how long things are kept: read from the limits the code applies. */
export interface PrivacyFacts {
  expiredRetentionDays: number;
  learnerIdleMinutes: number;
  staffIdleMinutes: number;
  sessionHours: number;
  unapprovedPlatformDays: number;
  /** How long, at most, a failed console sign-in is kept with the IP address it came from: its window, then the next purge. */
  signInFailureMinutes: number;
}

export function privacyFacts(options: { expiredRetentionDays: number; purgeIntervalMinutes: number }): PrivacyFacts {
  return {
    expiredRetentionDays: options.expiredRetentionDays,
    learnerIdleMinutes: LEARNER_SESSION_IDLE_MS / 60_000,
    staffIdleMinutes: SESSION_IDLE_MS / 60_000,
    // Both areas end a session after the same time, whatever the activity.
    sessionHours: Math.max(LEARNER_SESSION_ABSOLUTE_MS, SESSION_ABSOLUTE_MS) / 3_600_000,
    unapprovedPlatformDays: UNAPPROVED_CLIENT_SECONDS / 86_400,
    signInFailureMinutes: SIGN_IN_WINDOW_MS / 60_000 + options.purgeIntervalMinutes,
  };
}
