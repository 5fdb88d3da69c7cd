import { Router } from 'express';
import { sendPage } from '../page-responses.js';
import { renderLandingPage } from '../pages/landing-page.js';
import type { LandingLanguage } from '../pages/landing-messages.js';

/** `/`: the landing page. */
export function landingRoutes(publicBaseUrl: string): Router {
  const router = Router();
  router.get('/', (req, res) => {
    res.vary('Accept-Language');
    const asked = req.query.lang;
    const language: LandingLanguage = asked === 'fr' || asked === 'en' ? asked : ((req.acceptsLanguages('fr', 'en') || 'en') as LandingLanguage);
    sendPage(res, renderLandingPage({ language, pageUrl: `${publicBaseUrl}${req.originalUrl}` }));
  });
  return router;
}
