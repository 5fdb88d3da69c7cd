import { Router } from 'express';
import { chooseLanguage, sendPage } from '../page-responses.js';
import { renderLandingPage } from '../pages/landing-page.js';
import { LANDING_LANGUAGES } from '../pages/landing-messages.js';

/** `/`: the landing page. */
export function landingRoutes(publicBaseUrl: string): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const language = chooseLanguage(req, res, LANDING_LANGUAGES);
    sendPage(res, renderLandingPage({ language, pageUrl: `${publicBaseUrl}${req.originalUrl}` }));
  });
  return router;
}
