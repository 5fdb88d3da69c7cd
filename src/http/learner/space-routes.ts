import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { listLearnerAddresses } from '../../services/learner-space.js';
import { html } from '../views/html.js';
import { learnerLanguage, sendLearnerPage } from './layout.js';
import { LEARNER_MESSAGES } from './messages.js';
import { learnerIdOf, requireLearner } from './session.js';

/** The signed-in learner's pages. */
export function spaceRoutes(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/me', requireLearner, async (req, res) => {
    const language = learnerLanguage(req, res);
    const m = LEARNER_MESSAGES[language];
    const addresses = await listLearnerAddresses(ctx, learnerIdOf(req));
    sendLearnerPage(res, {
      language,
      path: req.originalUrl,
      title: m.home.title,
      current: 'badges',
      signedIn: { csrfToken: req.learnerSession!.csrfToken },
      body: html`<h1>${m.home.title}</h1>
<h2>${m.home.addresses}</h2><ul id="addresses">${addresses.map((address) => html`<li>${address}</li>`)}</ul>`,
    });
  });
  return router;
}
