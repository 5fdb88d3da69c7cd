import type { Html } from '../views/html.js';
import type { JsonObject } from '../../domain/open-badges.js';
import type { CredentialPreview } from '../../services/mobilities.js';
import { renderCredentialContent } from '../pages/credential-page.js';
import type { WorkLanguage } from './work-messages.js';

/**
 * A credential of a stay as its employer's page will show it (the public page's own renderer), in the
 * console's language: what will be signed, or what was.
 */
export function credentialPreview(preview: CredentialPreview, language: WorkLanguage, index: number): Html | false {
  const achievement = (preview.credential.credentialSubject as JsonObject).achievement as JsonObject;
  const achievementUrl = new URL(String(achievement.id));
  return renderCredentialContent({
    language,
    credential: preview.credential,
    badgeImage: `${achievementUrl.pathname}/image.svg`,
    heading: { level: 3, id: `preview-title-${index}` },
  });
}
