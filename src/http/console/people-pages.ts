import { html, type Html } from '../views/html.js';
import type { StaffContext } from '../../services/staff-roles.js';
import type { PendingInvitation, SchoolPerson } from '../../services/staff-people.js';
import { SCHOOL_STAFF_ROLES } from '../../services/staff-people.js';
import type { listManagedApiKeys } from '../../services/api-keys.js';
import { consoleHref, consoleLayout, csrfField, accountErrorSummary, notice, scrollingTable } from './layout.js';
import { selectField, textField } from './forms.js';
import { formatDay } from './work-paths.js';
import { CONSOLE_MESSAGES, type ConsoleLanguage } from './messages.js';
import { readableDate } from '../../domain/dates.js';

/** The school's people and roles, and its API keys: pure functions of their model. */

type ApiKeyView = Awaited<ReturnType<typeof listManagedApiKeys>>[number];

interface SchoolPageBase {
  language: ConsoleLanguage;
  path: string;
  staff: StaffContext;
  school: { id: string; name: string };
  notice?: string;
  errors?: Record<string, string>;
}

const roleChoices = (language: ConsoleLanguage) => SCHOOL_STAFF_ROLES.map((role) => ({ value: role, label: CONSOLE_MESSAGES[language].roles[role] }));

export function renderPeoplePage(model: SchoolPageBase & { people: SchoolPerson[]; pending: PendingInvitation[]; invitation?: { url: string; mailed: boolean }; invite?: { email: string; name: string; role: string } }): Html {
  const m = CONSOLE_MESSAGES[model.language];
  const errors = model.errors ?? {};
  const others = model.people.filter((person) => person.id !== model.staff.person.id);
  return consoleLayout({
    language: model.language,
    path: model.path,
    title: m.people.title(model.school.name),
    staff: model.staff,
    current: 'people',
    wide: true,
    body: html`<h1>${m.people.title(model.school.name)}</h1>
<p>${m.people.intro}</p>
${notice(model.notice)}
${model.invitation && !model.invitation.mailed && html`<div class="notice"><p>${m.people.invitationLinkHint}</p><p>${m.people.invitationLink}</p><p><code class="secret">${model.invitation.url}</code></p></div>`}
${scrollingTable(
  { label: m.people.title(model.school.name) },
  html`<table class="console-table">
<caption class="visually-hidden">${m.people.title(model.school.name)}</caption>
<thead><tr><th scope="col">${m.people.name}</th><th scope="col">${m.people.email}</th><th scope="col">${m.people.role}</th><th scope="col">${m.people.secondFactor}</th><th scope="col">${m.people.actions}</th></tr></thead>
<tbody>${model.people.map(
      (person) => html`<tr><th scope="row">${person.name}</th><td>${person.email}</td><td>${person.roles.map((role) => m.roles[role]).join(', ')}</td><td>${person.totpEnabled ? m.people.yes : m.people.no}</td>
<td>${person.id === model.staff.person.id ? '' : html`<a href="${consoleHref(`/console/people/${person.id}/remove`, model.language)}">${m.people.remove}<span class="visually-hidden"> ${person.name}</span></a>`}</td></tr>`,
    )}</tbody>
</table>`,
)}
${others.length === 0 && model.pending.length === 0 && html`<p>${m.people.nobody}</p>`}
${model.pending.length > 0 && html`<h2 id="pending-title">${m.people.pendingTitle}</h2>
${scrollingTable({ labelledBy: 'pending-title' }, html`<table class="console-table">
<thead><tr><th scope="col">${m.people.name}</th><th scope="col">${m.people.email}</th><th scope="col">${m.people.role}</th><th scope="col">${m.people.expires}</th></tr></thead>
<tbody>${model.pending.map(
  (invitation) => html`<tr><th scope="row">${invitation.name}</th><td>${invitation.email}</td><td>${m.roles[invitation.role]}</td><td>${formatDay(invitation.expiresAt, model.language)}</td></tr>`,
)}</tbody></table>`)}`}
<h2 id="invite-title">${m.people.inviteTitle}</h2>
${accountErrorSummary(model.language, Object.entries(errors).map(([field, message]) => ({ field, message })))}
<form method="post" action="${consoleHref('/console/people/invite', model.language)}" class="console-form" aria-labelledby="invite-title" novalidate>
${csrfField(model.staff.session)}
${textField({ id: 'name', label: m.people.name, value: model.invite?.name, autocomplete: 'off', required: true, error: errors.name })}
${textField({ id: 'email', label: m.signIn.email, type: 'email', value: model.invite?.email, autocomplete: 'off', required: true, error: errors.email })}
${selectField({ id: 'role', label: m.people.role, value: model.invite?.role ?? 'school-issuer', choices: roleChoices(model.language), error: errors.role })}
<button type="submit">${m.people.inviteSubmit}</button>
</form>`,
  });
}

export function renderRemovePersonPage(model: SchoolPageBase & { person: SchoolPerson }): Html {
  const m = CONSOLE_MESSAGES[model.language];
  return consoleLayout({
    language: model.language,
    path: model.path,
    title: m.people.remove,
    staff: model.staff,
    current: 'people',
    body: html`<h1>${m.people.removeConfirm(model.person.name)}</h1>
<form method="post" action="${consoleHref(`/console/people/${model.person.id}/remove`, model.language)}" class="console-form">
${csrfField(model.staff.session)}
<button type="submit" class="danger">${m.people.remove}</button>
<a href="${consoleHref('/console/people', model.language)}">${m.cancel}</a>
</form>`,
  });
}

export function renderApiKeysPage(model: SchoolPageBase & { keys: ApiKeyView[]; created?: { name: string; secret: string }; form?: { name: string; role: string } }): Html {
  const m = CONSOLE_MESSAGES[model.language];
  const errors = model.errors ?? {};
  const date = (value: string) => readableDate(new Date(value), model.language === 'fr' ? 'fr-FR' : 'en-GB', { style: 'medium', withTime: true });
  return consoleLayout({
    language: model.language,
    path: model.path,
    title: m.apiKeys.title(model.school.name),
    staff: model.staff,
    current: 'api-keys',
    wide: true,
    body: html`<h1>${m.apiKeys.title(model.school.name)}</h1>
<p>${m.apiKeys.intro}</p>
${notice(model.notice)}
${model.created && html`<div class="notice secret-once" role="status"><h2>${m.apiKeys.secretTitle} — ${model.created.name}</h2><p><code class="secret" id="new-secret">${model.created.secret}</code></p><p>${m.apiKeys.secretHint}</p></div>`}
${model.keys.length === 0
  ? html`<p>${m.apiKeys.none}</p>`
  : scrollingTable({ label: m.apiKeys.title(model.school.name) }, html`<table class="console-table">
<caption class="visually-hidden">${m.apiKeys.title(model.school.name)}</caption>
<thead><tr><th scope="col">${m.apiKeys.name}</th><th scope="col">${m.apiKeys.role}</th><th scope="col">${m.apiKeys.created}</th><th scope="col">${m.apiKeys.lastUsed}</th><th scope="col">${m.people.actions}</th></tr></thead>
<tbody>${model.keys.map(
      (key) => html`<tr><th scope="row">${key.name}</th><td>${m.roles[key.role]}</td><td>${date(key.createdAt)}</td><td>${key.lastUsedAt ? date(key.lastUsedAt) : m.apiKeys.never}</td>
<td>${key.revokedAt
        ? m.apiKeys.revoked
        : html`<form method="post" action="${consoleHref(`/console/api-keys/${key.id}/revoke`, model.language)}">${csrfField(model.staff.session)}<button type="submit" class="secondary">${m.apiKeys.revoke}<span class="visually-hidden"> ${key.name}</span></button></form>`}</td></tr>`,
    )}</tbody>
</table>`)}
<h2 id="create-title">${m.apiKeys.createTitle}</h2>
${accountErrorSummary(model.language, Object.entries(errors).map(([field, message]) => ({ field, message })))}
<form method="post" action="${consoleHref('/console/api-keys', model.language)}" class="console-form" aria-labelledby="create-title" novalidate>
${csrfField(model.staff.session)}
${textField({ id: 'name', label: m.apiKeys.name, value: model.form?.name, autocomplete: 'off', required: true, error: errors.name })}
${selectField({ id: 'role', label: m.apiKeys.role, value: model.form?.role ?? 'school-issuer', choices: roleChoices(model.language), error: errors.role })}
<button type="submit">${m.apiKeys.createSubmit}</button>
</form>`,
  });
}
