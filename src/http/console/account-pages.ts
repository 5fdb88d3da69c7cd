import { html, type Html } from '../views/html.js';
import type { StaffContext } from '../../services/staff-roles.js';
import type { StaffSession } from '../../services/staff-sessions.js';
import type { InvitationView } from '../../services/staff-people.js';
import { MINIMUM_PASSWORD_LENGTH } from '../../services/staff-passwords.js';
import { consoleHref, consoleLayout, csrfField, accountErrorSummary, notice } from './layout.js';
import { textField } from './forms.js';
import { CONSOLE_MESSAGES, type ConsoleLanguage } from './messages.js';

/** The pages of signing in and of one's own account: pure functions of their model. */

export interface FieldErrors {
  [field: string]: string;
}

const summaryOf = (errors: FieldErrors) => Object.entries(errors).map(([field, message]) => ({ field, message }));

interface PageBase {
  language: ConsoleLanguage;
  path: string;
  session: StaffSession;
  errors?: FieldErrors;
  notice?: string;
}

export function renderSignInPage(model: PageBase & { email?: string; next?: string; providers: readonly { id: string; name: string }[] }): Html {
  const m = CONSOLE_MESSAGES[model.language];
  const errors = model.errors ?? {};
  return consoleLayout({
    language: model.language,
    path: model.path,
    title: m.signIn.title,
    body: html`<h1>${m.signIn.title}</h1>
<p>${m.signIn.intro}</p>
${notice(model.notice)}${accountErrorSummary(model.language, summaryOf(errors))}
<form method="post" action="${consoleHref('/console/sign-in', model.language)}" class="console-form" novalidate>
${csrfField(model.session)}${model.next && html`<input type="hidden" name="next" value="${model.next}">`}
${textField({ id: 'email', label: m.signIn.email, type: 'email', value: model.email, autocomplete: 'username', required: true, error: errors.email })}
${textField({ id: 'password', label: m.signIn.password, type: 'password', autocomplete: 'current-password', required: true, error: errors.password })}
<button type="submit">${m.signIn.submit}</button>
</form>
<p><a href="${consoleHref('/console/reset', model.language)}">${m.signIn.forgotten}</a></p>
${model.providers.length > 0 &&
html`<h2>${m.signIn.orWith}</h2>
<ul class="sso-providers">${model.providers.map(
  // A link, not a form: the provider is another site, and the pages' CSP lets forms post only here.
  (provider) => html`<li><a class="button secondary" href="${consoleHref(`/console/sso/${provider.id}`, model.language)}">${m.signIn.withProvider(provider.name)}</a></li>`,
)}</ul>`}`,
  });
}

export function renderSecondFactorPage(model: PageBase): Html {
  const m = CONSOLE_MESSAGES[model.language];
  const errors = model.errors ?? {};
  return consoleLayout({
    language: model.language,
    path: model.path,
    title: m.secondFactor.title,
    body: html`<h1>${m.secondFactor.title}</h1>
<p>${m.secondFactor.intro}</p>
${accountErrorSummary(model.language, summaryOf(errors))}
<form method="post" action="${consoleHref('/console/second-factor', model.language)}" class="console-form" novalidate>
${csrfField(model.session)}
${textField({ id: 'code', label: m.secondFactor.code, inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: 6, required: true, error: errors.code })}
<button type="submit">${m.secondFactor.submit}</button>
</form>`,
  });
}

export function renderResetRequestPage(model: PageBase & { email?: string }): Html {
  const m = CONSOLE_MESSAGES[model.language];
  return consoleLayout({
    language: model.language,
    path: model.path,
    title: m.reset.requestTitle,
    body: html`<h1>${m.reset.requestTitle}</h1>
${notice(model.notice)}
<p>${m.reset.requestIntro}</p>
<form method="post" action="${consoleHref('/console/reset', model.language)}" class="console-form" novalidate>
${csrfField(model.session)}
${textField({ id: 'email', label: m.signIn.email, type: 'email', value: model.email, autocomplete: 'username', required: true })}
<button type="submit">${m.reset.requestSubmit}</button>
</form>
<p><a href="${consoleHref('/console/sign-in', model.language)}">${m.back}</a></p>`,
  });
}

export function renderResetPasswordPage(model: PageBase & { token: string }): Html {
  const m = CONSOLE_MESSAGES[model.language];
  const errors = model.errors ?? {};
  return consoleLayout({
    language: model.language,
    path: model.path,
    title: m.reset.chooseTitle,
    body: html`<h1>${m.reset.chooseTitle}</h1>
${accountErrorSummary(model.language, summaryOf(errors))}
<form method="post" action="${consoleHref(`/console/reset/${model.token}`, model.language)}" class="console-form" novalidate>
${csrfField(model.session)}
${textField({ id: 'password', label: m.reset.newPassword, type: 'password', autocomplete: 'new-password', hint: m.reset.newPasswordHint(MINIMUM_PASSWORD_LENGTH), required: true, error: errors.password })}
<button type="submit">${m.reset.submit}</button>
</form>`,
  });
}

export function renderInvitationPage(model: PageBase & { token: string; invitation: InvitationView; name?: string }): Html {
  const m = CONSOLE_MESSAGES[model.language];
  const errors = model.errors ?? {};
  const { invitation } = model;
  return consoleLayout({
    language: model.language,
    path: model.path,
    title: m.invitation.title(invitation.organisationName),
    body: html`<h1>${m.invitation.title(invitation.organisationName)}</h1>
<p>${m.invitation.intro(m.roles[invitation.role], invitation.organisationName)}</p>
${accountErrorSummary(model.language, summaryOf(errors))}
<form method="post" action="${consoleHref(`/console/invitations/${model.token}`, model.language)}" class="console-form" novalidate>
${csrfField(model.session)}
<p>${m.invitation.addressLabel} <strong>${invitation.email}</strong></p>
${invitation.existingAccount
  ? html`<p>${m.invitation.existingAccount}</p>`
  : html`${textField({ id: 'name', label: m.invitation.name, value: model.name ?? invitation.name, autocomplete: 'name', required: true, error: errors.name })}
${textField({ id: 'password', label: m.invitation.password, type: 'password', autocomplete: 'new-password', hint: m.reset.newPasswordHint(MINIMUM_PASSWORD_LENGTH), required: true, error: errors.password })}`}
<button type="submit">${m.invitation.accept}</button>
</form>`,
  });
}

export function renderSecurityPage(model: { language: ConsoleLanguage; path: string; staff: StaffContext; setUp?: { qrSvgDataUrl: string; key: string }; errors?: FieldErrors; notice?: string }): Html {
  const m = CONSOLE_MESSAGES[model.language];
  const errors = model.errors ?? {};
  const form = (body: Html) => html`<form method="post" action="${consoleHref('/console/security/totp', model.language)}" class="console-form" novalidate>${csrfField(model.staff.session)}${body}</form>`;
  return consoleLayout({
    language: model.language,
    path: model.path,
    title: m.security.title,
    staff: model.staff,
    current: 'security',
    body: html`<h1>${m.security.title}</h1>
${notice(model.notice)}${accountErrorSummary(model.language, summaryOf(errors))}
<p>${model.staff.person.totpEnabled ? m.security.totpOn : m.security.totpOff}</p>
${model.setUp
  ? html`<h2>${m.security.setUpTitle}</h2>
<p>${m.security.setUpSteps}</p>
<img class="qr" src="${model.setUp.qrSvgDataUrl}" alt="${m.security.qrAlt}" width="200" height="200">
<p>${m.security.keyLabel} <code class="secret">${model.setUp.key}</code></p>
${form(html`<input type="hidden" name="step" value="confirm">
${textField({ id: 'code', label: m.security.code, inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: 6, required: true, error: errors.code })}
<button type="submit">${m.security.confirm}</button>`)}`
  : !model.staff.person.totpEnabled && form(html`<input type="hidden" name="step" value="begin"><button type="submit">${m.security.begin}</button>`)}`,
  });
}

/** A console page saying why an action cannot go on (an expired form, a used link), with the error's status. */
export function renderConsoleErrorPage(model: { language: ConsoleLanguage; path: string; message: string; staff?: StaffContext }): Html {
  const m = CONSOLE_MESSAGES[model.language];
  return consoleLayout({
    language: model.language,
    path: model.path,
    title: m.errorTitle,
    ...(model.staff ? { staff: model.staff } : {}),
    body: html`<h1>${m.errorTitle}</h1>
<p>${model.message}</p>
<p><a href="${consoleHref(model.staff ? '/console' : '/console/sign-in', model.language)}">${m.back}</a></p>`,
  });
}

export function renderHomePage(model: { language: ConsoleLanguage; path: string; staff: StaffContext; /** The school's stays and what to do next (work-routes.ts). */ work?: Html }): Html {
  const m = CONSOLE_MESSAGES[model.language];
  const { staff } = model;
  return consoleLayout({
    language: model.language,
    path: model.path,
    title: m.home.title,
    staff,
    current: 'home',
    body: html`<h1>${m.home.welcome(staff.person.name)}</h1>
<p>${m.home.actingAs(m.roles[staff.role.role], staff.school?.name ?? staff.role.organisationName ?? m.platform)}</p>${model.work}`,
  });
}
