import type { ConsoleNavigationEntry } from './layout.js';
import { CONSOLE_MESSAGES, type ConsoleMessages } from './messages.js';
import { WORK_MESSAGES, type WorkMessages } from './work-messages.js';
import { WORK_ROUTES } from './work-paths.js';

/** The work pages' words in the language of the console's words a menu is drawn with. */
function wordsBeside(m: ConsoleMessages): WorkMessages {
  return WORK_MESSAGES[m === CONSOLE_MESSAGES.en ? 'en' : 'fr'];
}

const withSchool = (staff: Parameters<ConsoleNavigationEntry['visible']>[0]) => staff.school !== undefined;

/** The work pages in the console's menu; the figures are for roles over several schools. */
export const WORK_NAVIGATION: ConsoleNavigationEntry[] = [
  { key: 'stays', href: WORK_ROUTES.stays, label: (m) => wordsBeside(m).nav.stays, visible: withSchool },
  { key: 'credentials', href: WORK_ROUTES.credentials, label: (m) => wordsBeside(m).nav.credentials, visible: withSchool },
  { key: 'badges', href: WORK_ROUTES.badges, label: (m) => wordsBeside(m).nav.badges, visible: withSchool },
  { key: 'school', href: WORK_ROUTES.school, label: (m) => wordsBeside(m).nav.school, visible: withSchool },
  { key: 'figures', href: WORK_ROUTES.figures, label: (m) => wordsBeside(m).nav.figures, visible: (staff) => staff.role.role === 'academy-reader' || staff.role.role === 'platform-admin' },
];
