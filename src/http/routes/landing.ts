import { Router } from 'express';
import { privacyFacts } from '../../services/privacy-facts.js';
import { chooseLanguage, sendPage } from '../page-responses.js';
import { renderLandingPage } from '../pages/landing-page.js';
import { LANDING_LANGUAGES } from '../pages/landing-messages.js';
import { renderPrivacyPage, type Operator } from '../pages/privacy-page.js';
import { PRIVACY_LANGUAGES } from '../pages/privacy-messages.js';

/** `/`: the landing page; `/privacy`: what is kept about whom, and the terms of use. */
export function landingRoutes(options: { publicBaseUrl: string; operator: Operator | undefined; expiredRetentionDays: number; purgeIntervalMinutes: number }): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const language = chooseLanguage(req, res, LANDING_LANGUAGES);
    sendPage(res, renderLandingPage({ language, pageUrl: `${options.publicBaseUrl}${req.originalUrl}` }));
  });
  const facts = privacyFacts({ expiredRetentionDays: options.expiredRetentionDays, purgeIntervalMinutes: options.purgeIntervalMinutes });
  router.get('/privacy', (req, res) => {
    const language = chooseLanguage(req, res, PRIVACY_LANGUAGES);
    sendPage(res, renderPrivacyPage({ language, pageUrl: `${options.publicBaseUrl}${req.originalUrl}`, operator: options.operator, facts }));
  });
  return router;
}
