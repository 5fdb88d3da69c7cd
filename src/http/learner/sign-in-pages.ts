import { html } from '../views/html.js';
import { textField } from '../console/forms.js';
import { learnerCsrfField, learnerHref, learnerNotice, linkButtonPage, type LearnerPageOptions } from './layout.js';
import { LEARNER_MESSAGES, type LearnerLanguage } from './messages.js';
import { errorSummary } from '../views/page-kit.js';

/** The pages of signing in to the learner space: pure functions of their model, to pass to sendLearnerPage. */

interface PageBase {
  language: LearnerLanguage;
  path: string;
  csrfToken: string;
}

export function signInPage(model: PageBase & { next?: string; email?: string; error?: string; sent?: boolean; notice?: string }): LearnerPageOptions {
  const m = LEARNER_MESSAGES[model.language].signIn;
  return {
    language: model.language,
    path: model.path,
    title: m.title,
    body: html`<h1>${m.title}</h1>
${learnerNotice(model.notice)}
${model.sent
  ? html`<p class="notice" role="status" id="sign-in-sent">${m.sent}</p><p>${m.sentHint}</p>`
  : html`<p>${m.intro}</p>`}
${errorSummary(model.error === undefined ? [] : [{ field: 'email', message: model.error }])}
<form method="post" action="${learnerHref('/me/sign-in', model.language)}" class="learner-form" novalidate>
${learnerCsrfField(model.csrfToken)}${model.next && html`<input type="hidden" name="next" value="${model.next}">`}
${textField({ id: 'email', label: m.email, type: 'email', value: model.email, hint: m.emailHint, autocomplete: 'email', inputmode: 'email', required: true, error: model.error })}
<button type="submit">${m.submit}</button>
</form>
<p class="muted">${m.noPassword}</p>`,
  };
}

/** The emailed sign-in link's page. */
export function signInLinkPage(model: PageBase & { token: string }): LearnerPageOptions {
  const m = LEARNER_MESSAGES[model.language].link;
  return linkButtonPage({ ...model, title: m.title, body: html`<p>${m.intro}</p>`, action: `/me/sign-in/${model.token}`, submit: m.submit });
}
