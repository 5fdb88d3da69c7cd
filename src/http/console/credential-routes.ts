import { Router, type Request, type Response } from 'express';
import type { AppError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { getCredential } from '../../services/credential-views.js';
import { listCredentialSummaries } from '../../services/credential-listing.js';
import { changeCredentialStatus, type StatusChange } from '../../services/credential-status.js';
import { createClaimLink } from '../../services/claims.js';
import { NotFoundError } from '../../errors.js';
import { uuidParam } from '../params.js';
import { requireCsrfToken, requireStaff } from './session.js';
import { bodyOfForm, formValuesOf, type FieldCodec, type FormValues } from './form-codec.js';
import { formErrors } from './form-kit.js';
import { CREDENTIAL_STATES, renderCredentialPage, renderCredentialsPage, renderStatusChangePage, statusChangeInputs } from './credential-pages.js';
import { queryText, sendWorkPage, submitForm, workRequest, type WorkRequest } from './work-context.js';
import { WORK_ROUTES } from './work-paths.js';

const PAGE_SIZE = 50;
const STATUS_CHANGES: readonly StatusChange[] = ['revoke', 'suspend', 'reinstate'];
const STATUS_CODECS: FieldCodec[] = [
  { pointer: '/reason', type: 'string' },
  { pointer: '/publicReason', type: 'string' },
];

function changeOf(req: Request): StatusChange {
  const change = String(req.params.change);
  if (!(STATUS_CHANGES as readonly string[]).includes(change)) throw new NotFoundError(`Page ${change.slice(0, 32)}`);
  return change as StatusChange;
}

/** The school's credentials: find, see, revoke / suspend / reinstate with a confirmation step, send the claim email. */
export function credentialRoutes(ctx: ServiceContext): Router {
  const router = Router();
  const staffOnly = requireStaff(ctx);

  router.get(WORK_ROUTES.credentials, staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    const q = queryText(req, 'q');
    const status = queryText(req, 'status');
    const known = status && (CREDENTIAL_STATES as readonly string[]).includes(status) ? (status as (typeof CREDENTIAL_STATES)[number]) : undefined;
    const after = queryText(req, 'after');
    const page = await listCredentialSummaries(ctx, work.staff.actor.tenancy, {
      issuerId: work.school().id,
      limit: PAGE_SIZE,
      ...(q ? { q: q.slice(0, 200) } : {}),
      ...(known ? { status: known } : {}),
      ...(after ? { after } : {}),
    });
    const filters = { ...(q ? { q } : {}), ...(known ? { status: known } : {}) };
    const nextHref = page.next ? `${WORK_ROUTES.credentials}?${new URLSearchParams({ ...filters, lang: work.language, after: page.next })}` : undefined;
    // Wallet copies follow their original: the list shows what the school issued.
    const credentials = page.credentials.filter((credential) => credential.copyOf === null);
    sendWorkPage(req, res, work, renderCredentialsPage({ m: work.m, language: work.language, filters, credentials, nextHref }), { current: 'credentials', wide: true });
  });

  const credentialPage = async (req: Request, res: Response, work: WorkRequest, id: string, notice?: string, claimLink?: { url: string; expiresAt: string }) => {
    const view = await getCredential(ctx, id, work.staff.actor.tenancy);
    const [summary] = (await listCredentialSummaries(ctx, work.staff.actor.tenancy, { id: view.id, limit: 1 })).credentials;
    if (!summary) throw new NotFoundError(`Credential ${id}`);
    sendWorkPage(
      req,
      res,
      work,
      renderCredentialPage({
        m: work.m,
        language: work.language,
        view,
        name: summary.name,
        recipientName: summary.recipientName ?? undefined,
        mobilityId: summary.mobilityId,
        europassUrl: ctx.publicUrls.europass(view.id),
        certificateUrl: ctx.publicUrls.certificate(view.id),
        errors: [],
        csrfToken: work.csrfToken,
        canManage: work.can('manage'),
        canIssue: work.can('issue'),
        mailerConfigured: ctx.mailer !== undefined,
        ...(notice ? { notice } : {}),
        ...(claimLink ? { claimLink } : {}),
      }),
      { current: 'credentials', scripts: ['copy-buttons.js'] },
    );
  };
  router.get('/console/credentials/:id', staffOnly, async (req, res) => {
    const work = workRequest(req, res);
    const done = queryText(req, 'done');
    const notice = done === 'claim-sent' ? work.m.credential.claimSent : STATUS_CHANGES.includes(done as StatusChange) ? work.m.credential.changed[done as StatusChange] : undefined;
    await credentialPage(req, res, work, uuidParam(req, 'Credential'), notice);
  });

  // The confirmation step: the reasons are asked for, nothing changes before they are submitted.
  const confirmPage = async (req: Request, res: Response, work: WorkRequest, change: StatusChange, submitted?: { values: FormValues; error: AppError }) => {
    const id = uuidParam(req, 'Credential');
    const [summary] = (await listCredentialSummaries(ctx, work.staff.actor.tenancy, { id, limit: 1 })).credentials;
    if (!summary) throw new NotFoundError(`Credential ${id}`);
    sendWorkPage(
      req,
      res,
      work,
      renderStatusChangePage({
        m: work.m,
        language: work.language,
        change,
        credentialId: id,
        name: `${summary.name}${summary.recipientName ? ` — ${summary.recipientName}` : ''}`,
        values: submitted?.values ?? {},
        errors: submitted ? formErrors(submitted.error, statusChangeInputs(work.m, change), STATUS_CODECS, work.m) : [],
        csrfToken: work.csrfToken,
      }),
      { current: 'credentials', status: submitted?.error.status ?? 200 },
    );
  };
  router.get('/console/credentials/:id/:change', staffOnly, async (req, res, next) => {
    if (!STATUS_CHANGES.includes(String(req.params.change) as StatusChange)) return next();
    const work = workRequest(req, res);
    work.require('manage');
    await confirmPage(req, res, work, changeOf(req));
  });
  router.post('/console/credentials/:id/claim-email', staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('issue');
    const id = uuidParam(req, 'Credential');
    await createClaimLink(ctx, id, { sendEmail: true }, work.staff.actor);
    res.redirect(303, `${work.paths.credential(id)}&done=claim-sent`);
  });
  // The link is answered on this response, not after a redirect: its secret is never stored nor put in a URL.
  router.post('/console/credentials/:id/claim-link', staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('issue');
    const id = uuidParam(req, 'Credential');
    const link = await createClaimLink(ctx, id, {}, work.staff.actor);
    res.set('Cache-Control', 'no-store');
    await credentialPage(req, res, work, id, undefined, { url: link.url, expiresAt: link.expiresAt });
  });
  router.post('/console/credentials/:id/:change', staffOnly, requireCsrfToken, async (req, res) => {
    const work = workRequest(req, res);
    work.require('manage');
    const change = changeOf(req);
    const credentialId = uuidParam(req, 'Credential');
    const values = formValuesOf(req.body, STATUS_CODECS);
    const body = bodyOfForm(values, change === 'reinstate' ? STATUS_CODECS.slice(0, 1) : STATUS_CODECS);
    await submitForm(
      async () => {
        ctx.schemas.assertValid('urn:mobicred:schema:status-change', body);
        await changeCredentialStatus(ctx, { credentialId, change, ...(body as { reason: string; publicReason?: string }), actor: work.staff.actor });
        res.redirect(303, `${work.paths.credential(credentialId)}&done=${change}`);
      },
      (error) => confirmPage(req, res, work, change, { values, error }),
    );
  });

  return router;
}
