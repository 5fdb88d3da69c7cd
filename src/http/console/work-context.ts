import type { Request, Response } from 'express';
import { AppError, NotFoundError } from '../../errors.js';
import { assertPermitted, isPermitted, type Permission } from '../../services/access.js';
import type { StaffContext } from '../../services/staff-roles.js';
import { consoleLanguage, sendConsolePage } from './layout.js';
import { staffOf } from './session.js';
import { WORK_MESSAGES, type WorkLanguage, type WorkMessages } from './work-messages.js';
import type { WorkPage } from './stay-pages.js';
import { workPaths } from './work-paths.js';

/** What every work page's route needs: who acts, for which school, in which language. */
export interface WorkRequest {
  staff: StaffContext;
  language: WorkLanguage;
  m: WorkMessages;
  paths: ReturnType<typeof workPaths>;
  csrfToken: string;
  can(permission: Permission): boolean;
  /** The school looked at (the role's own, or the one chosen by a platform admin or an academy reader). */
  school(): { id: string; name: string };
  /** Refused with 403 unless the role may (the services check which school, in SQL). */
  require(permission: Permission): void;
}

export function workRequest(req: Request, res: Response): WorkRequest {
  const staff = staffOf(req);
  const language = consoleLanguage(req, res);
  return {
    staff,
    language,
    m: WORK_MESSAGES[language],
    paths: workPaths(language),
    csrfToken: staff.session.csrfToken,
    can: (permission) => isPermitted(staff.actor, permission),
    school: () => {
      if (!staff.school) throw new NotFoundError('A school to look at');
      return staff.school;
    },
    require: (permission) => assertPermitted(staff.actor, permission),
  };
}

/** Sends a work page inside the console's layout, its menu entry marked. */
export function sendWorkPage(req: Request, res: Response, work: WorkRequest, page: WorkPage, options: { current: string; status?: number; scripts?: string[]; wide?: boolean }): void {
  sendConsolePage(
    res,
    {
      language: work.language,
      path: req.originalUrl,
      title: page.title,
      body: page.body,
      staff: work.staff,
      current: options.current,
      ...(options.scripts ? { scripts: options.scripts } : {}),
      ...(options.wide ? { wide: true } : {}),
    },
    options.status ?? 200,
  );
}

/**
 * Runs a form's action; an error the person can correct (a 4xx AppError: a schema, a rule, a conflict) is
 * given to `refused` to show the form again with it, anything else goes on to the error pages.
 */
export async function submitForm(action: () => Promise<void>, refused: (error: AppError) => Promise<void> | void): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof AppError && error.status >= 400 && error.status < 500 && error.code !== 'forbidden' && error.code !== 'not-found') {
      await refused(error);
      return;
    }
    throw error;
  }
}

/** A query parameter given once, trimmed; an empty one is absent (a form's empty filter). */
export function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}
