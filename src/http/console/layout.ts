import type { Request, Response } from 'express';
import type { StaffContext } from '../../services/staff-roles.js';
import type { StaffSession } from '../../services/staff-sessions.js';
import { attrs, html, type Html } from '../views/html.js';
import { areaPageLayout } from '../views/layout.js';
import { chooseLanguage, sendPage } from '../page-responses.js';
import { CONSOLE_LANGUAGES, CONSOLE_MESSAGES, type ConsoleLanguage, type ConsoleMessages } from './messages.js';
import { WORK_NAVIGATION } from './work-navigation.js';
import { errorSummary } from '../views/page-kit.js';

/**
 * The console's menu. An area adds its entry here: `visible` says which roles see it (the pages check the
 * permission themselves, through the services; hiding is only for clarity).
 */
export interface ConsoleNavigationEntry {
  key: string;
  href: string;
  label: (m: ConsoleMessages) => string;
  visible: (staff: StaffContext) => boolean;
}

/** A school's people and keys are offered once a school is looked at (a platform admin may have none yet). */
const managesSchool = (staff: StaffContext) => (staff.role.role === 'platform-admin' || staff.role.role === 'school-admin') && staff.school !== undefined;

export const CONSOLE_NAVIGATION: ConsoleNavigationEntry[] = [
  { key: 'home', href: '/console', label: (m) => m.nav.home, visible: () => true },
  ...WORK_NAVIGATION,
  { key: 'people', href: '/console/people', label: (m) => m.nav.people, visible: managesSchool },
  { key: 'api-keys', href: '/console/api-keys', label: (m) => m.nav.apiKeys, visible: managesSchool },
  { key: 'security', href: '/console/security', label: (m) => m.nav.security, visible: () => true },
];

export interface ConsolePageOptions {
  language: ConsoleLanguage;
  /** The page's path and query (req.originalUrl): the language switcher links to it. */
  path: string;
  title: string;
  body: Html;
  /** The signed-in person: the menu, the school switcher and the sign-out button are shown for them. */
  staff?: StaffContext;
  /** The menu entry of this page (its key). */
  current?: string;
  wide?: boolean;
  scripts?: readonly string[];
}

/** Every console page: the shared layout, with the console's menu, school switcher and sign-out. */
export function consoleLayout(options: ConsolePageOptions): Html {
  const m = CONSOLE_MESSAGES[options.language];
  return areaPageLayout({
    language: options.language,
    path: options.path,
    title: options.title,
    areaName: m.consoleName,
    languages: CONSOLE_LANGUAGES,
    skipToContent: m.skipToContent,
    navigation: options.staff && consoleNavigation(options.staff, options.language, options.current),
    body: html`${options.staff && staffBar(options.staff, options.language, options.path)}${options.body}`,
    wide: options.wide,
    scripts: options.scripts,
  });
}

function consoleNavigation(staff: StaffContext, language: ConsoleLanguage, current: string | undefined): Html {
  const m = CONSOLE_MESSAGES[language];
  return html`<nav class="console-nav" aria-label="${m.mainNavigation}"><ul>${CONSOLE_NAVIGATION.filter((entry) => entry.visible(staff)).map(
    (entry) => html`<li><a href="${consoleHref(entry.href, language)}"${entry.key === current ? html` aria-current="page"` : false}>${entry.label(m)}</a></li>`,
  )}</ul></nav>`;
}

/** Who is signed in, the school and role in use (a switcher when there is a choice), and sign-out. */
function staffBar(staff: StaffContext, language: ConsoleLanguage, path: string): Html {
  const m = CONSOLE_MESSAGES[language];
  const choices = switcherChoices(staff, m);
  const current = `${staff.role.id}:${staff.school?.id ?? ''}`;
  return html`<div class="console-bar">
<p>${m.signedInAs(staff.person.name)}</p>
${choices.length > 1
  ? html`<form method="post" action="${consoleHref('/console/switch', language)}" class="console-switcher">
${csrfField(staff.session)}<input type="hidden" name="back" value="${path}">
<label for="console-switch">${m.switcher.label}</label>
<select id="console-switch" name="choice">${choices.map((choice) => html`<option value="${choice.value}"${choice.value === current ? html` selected` : false}>${choice.label}</option>`)}</select>
<button type="submit">${m.switcher.submit}</button>
</form>`
  : html`<p>${choices[0]?.label}</p>`}
<form method="post" action="${consoleHref('/console/sign-out', language)}">${csrfField(staff.session)}<button type="submit" class="secondary">${m.signOut}</button></form>
</div>`;
}

/** Each role, and for a role over several schools (platform, academy) each school it may look at. */
export function switcherChoices(staff: Pick<StaffContext, 'roles' | 'schools' | 'role'>, m: ConsoleMessages): { value: string; label: string }[] {
  return staff.roles.flatMap((role) => {
    const roleName = m.roles[role.role];
    if (role.issuerId) return [{ value: `${role.id}:${role.issuerId}`, label: m.switcher.schoolOf(role.organisationName ?? '', roleName) }];
    // The schools of the role in use are known; another wide role offers itself, its schools once chosen.
    const schools = role.id === staff.role.id ? staff.schools : [];
    const organisation = role.organisationName ?? m.platform;
    if (schools.length === 0) return [{ value: `${role.id}:`, label: m.switcher.schoolOf(organisation, roleName) }];
    return schools.map((school) => ({ value: `${role.id}:${school.id}`, label: m.switcher.schoolOf(`${school.name} (${organisation})`, roleName) }));
  });
}

/** The hidden field every console form carries: its session's CSRF token. */
export function csrfField(session: StaffSession): Html {
  return html`<input type="hidden" name="_csrf" value="${session.csrfToken}">`;
}

/** A console URL in a language: links and form actions keep the language the person chose. */
export function consoleHref(path: string, language: ConsoleLanguage): string {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${language}`;
}

/** ?lang= wins (the switcher, and every console link carries it), then Accept-Language. */
export function consoleLanguage(req: Request, res: Response): ConsoleLanguage {
  return chooseLanguage(req, res, CONSOLE_LANGUAGES);
}

/** An account form's errors, linked to their fields. */
export function accountErrorSummary(language: ConsoleLanguage, errors: readonly { field: string; message: string }[]): Html | undefined {
  return errorSummary(errors, CONSOLE_MESSAGES[language].errorSummary);
}

/**
 * A table that may be wider than a phone: it scrolls sideways inside a region that the keyboard can reach
 * and a screen reader names (WCAG 2.1.1: a scrolling region must be operable without a mouse).
 */
export function scrollingTable(name: { label: string } | { labelledBy: string }, table: Html): Html {
  return html`<div class="table-scroll" tabindex="0" role="region"${attrs('label' in name ? { 'aria-label': name.label } : { 'aria-labelledby': name.labelledBy })}>${table}</div>`;
}

/** A notice after an action ("invitation sent"), announced to screen readers. */
export function notice(text: string | undefined): Html {
  return text ? html`<p class="notice" role="status">${text}</p>` : html``;
}

export function sendConsolePage(res: Response, options: ConsolePageOptions, status = 200): void {
  sendPage(res, consoleLayout(options), status);
}
